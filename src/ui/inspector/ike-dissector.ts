import type { DissectField, DissectLayer, UdpPortDissector } from '../../wire/dissect';
import { decodeMessage } from '../../wire/ikev2';

// UDP port 500 → IKEv2 for the dissector (RFC 7296 §3.1 header; each payload with its generic
// header's range). Encrypted (SK) payloads are shown as carried.

const EXCHANGES: Record<number, string> = {
  34: 'IKE_SA_INIT',
  35: 'IKE_AUTH',
  36: 'CREATE_CHILD_SA',
  37: 'INFORMATIONAL',
};
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number) =>
  (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | (u16(b, o + 2) & 0xffff)) >>> 0;

export const ikeDissector: UdpPortDissector = (payload) => {
  const layer: DissectLayer = {
    protocol: 'IKEv2',
    summary: '',
    range: [0, payload.length],
    source: 'wire',
    fields: [],
  };
  if (payload.length < 28) {
    layer.summary = 'truncated';
    layer.problem = { kind: 'truncated', offset: payload.length, message: 'IKE header needs 28 bytes' };
    return [layer];
  }
  const flags = payload[19]!;
  const exchange = payload[18]!;
  layer.fields.push(
    { name: 'Initiator SPI', value: hex(payload.subarray(0, 8)), range: [0, 8] },
    { name: 'Responder SPI', value: hex(payload.subarray(8, 16)), range: [8, 16] },
    { name: 'Next payload', value: String(payload[16]), range: [16, 17] },
    { name: 'Version', value: `${payload[17]! >>> 4}.${payload[17]! & 15}`, range: [17, 18] },
    { name: 'Exchange type', value: `${EXCHANGES[exchange] ?? 'unknown'} (${exchange})`, range: [18, 19] },
    {
      name: 'Flags',
      value: `0x${flags.toString(16).padStart(2, '0')}${flags & 0x08 ? ' initiator' : ''}${flags & 0x20 ? ' response' : ' request'}`,
      range: [19, 20],
    },
    { name: 'Message ID', value: String(u32(payload, 20)), range: [20, 24] },
    { name: 'Length', value: String(u32(payload, 24)), range: [24, 28] },
  );
  const m = decodeMessage(payload);
  const kinds = m.ok ? m.value.payloads.map((p) => p.kind) : [];
  // Walk the generic payload headers for their byte ranges.
  const payloads: DissectField[] = [];
  let off = 28;
  for (let i = 0; off + 4 <= payload.length && i < 64; i++) {
    const len = u16(payload, off + 2);
    if (len < 4) break;
    const end = Math.min(payload.length, off + len);
    payloads.push({ name: `Payload ${kinds[i] ?? '?'}`, value: `${len} bytes`, range: [off, end] });
    off += len;
  }
  layer.fields.push(...payloads);
  layer.summary = `${EXCHANGES[exchange] ?? `exchange ${exchange}`} ${flags & 0x20 ? 'response' : 'request'} #${u32(payload, 20)}${kinds.length ? ` [${kinds.join(', ')}]` : ''}`;
  if (!m.ok) layer.problem = { kind: m.error.kind, offset: m.error.offset, message: m.error.message };
  return [layer];
};
