import type { DissectField, DissectLayer, UdpPortDissector } from '../../wire/dissect';
import { decodeMessage, openMessage } from '../../wire/ikev2';
import type { IkePayload } from '../../wire/ikev2-types';

// UDP port 500 → IKEv2 for the dissector (RFC 7296 §3.1 header; each payload with its generic
// header's range). An Encrypted (SK) payload is opened when a stack view holds the IKE SA's keys
// (SK_ei for the initiator's messages, SK_er for the responder's), so the takeover's renegotiation
// and the takeback's deletes (SPIs) can be read.

/** SK_ei / SK_er (key ‖ salt) of an IKE SA, by its SPIs (16 hex digits each). */
export type IkeKeyLookup = (spiI: string, spiR: string) => { skEi: Uint8Array; skEr: Uint8Array } | undefined;

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

export const makeIkeDissector =
  (lookup?: IkeKeyLookup): UdpPortDissector =>
  (payload) => {
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
    else if (kinds.at(-1) === 'SK') {
      const keys = lookup?.(hex(payload.subarray(0, 8)), hex(payload.subarray(8, 16)));
      const sk = payloads[payloads.length - 1]!;
      if (!keys) sk.value += ' [no IKE SA keys at this moment: not decrypted]';
      else {
        const opened = openMessage(payload, m.value, flags & 0x08 ? keys.skEi : keys.skEr);
        if (opened.ok) {
          sk.value += ' [ICV verified]';
          sk.children = opened.value.payloads.map((p) => ({
            name: p.kind,
            value: describe(p),
            range: sk.range,
          }));
          layer.summary += ` → [${opened.value.payloads.map((p) => p.kind).join(', ')}]`;
        } else {
          sk.value += ` [${opened.error.message}]`;
          layer.problem = {
            kind: opened.error.kind,
            offset: opened.error.offset,
            message: opened.error.message,
          };
        }
      }
    }
    return [layer];
  };

export const ikeDissector = makeIkeDissector();

function describe(p: IkePayload): string {
  switch (p.kind) {
    case 'SA':
      return p.proposals.map((x) => `proposal ${x.proposalNum} SPI ${hex(x.spi) || '-'}`).join('; ');
    case 'D':
      return `protocol ${p.protocolId}, SPIs ${p.spis.map(hex).join(' ') || '(the IKE SA)'}`;
    case 'N':
      return `notify type ${p.notifyType}${p.spi.length ? ` SPI ${hex(p.spi)}` : ''}`;
    case 'TSi':
    case 'TSr':
      return p.selectors
        .map((t) =>
          'startAddr' in t
            ? `${t.startAddr}-${t.endAddr} ports ${t.startPort}-${t.endPort} proto ${t.ipProtocol}`
            : 'opaque',
        )
        .join('; ');
    case 'IDi':
    case 'IDr':
      return identification(p.idType, p.data);
    case 'AUTH':
      return `method ${p.method}, ${p.data.length} bytes`;
    case 'KE':
      return `group ${p.group}, ${p.data.length} bytes`;
    case 'NONCE':
      return `${p.data.length} bytes`;
    default:
      return '';
  }
}

/** An Identification payload's data by its ID Type (RFC 7296 §3.5). */
function identification(idType: number, data: Uint8Array): string {
  switch (idType) {
    case 1: // ID_IPV4_ADDR
      if (data.length === 4) return `ID_IPV4_ADDR ${data.join('.')}`;
      break;
    case 2: // ID_FQDN
    case 3: // ID_RFC822_ADDR
      return `${idType === 2 ? 'ID_FQDN' : 'ID_RFC822_ADDR'} ${new TextDecoder().decode(data)}`;
    case 5: // ID_IPV6_ADDR
      if (data.length === 16) {
        const groups: string[] = [];
        for (let i = 0; i < 16; i += 2) groups.push(((data[i]! << 8) | data[i + 1]!).toString(16));
        return `ID_IPV6_ADDR ${groups.join(':')}`;
      }
      break;
  }
  // ID_DER_ASN1_DN, ID_KEY_ID and the rest are opaque bytes here.
  return `type ${idType}: ${hex(data)}`;
}
