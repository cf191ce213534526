// Payload chain and the bodies of every payload type but SA (RFC 7296 §3.2, §3.4–§3.13).

import { concatBytes, ipv4Bytes, ipv4Text, readU16, u16 } from './ikev2-bytes';
import { PayloadType, TsType } from './ikev2-constants';
import { decodeSaBody, encodeSaBody } from './ikev2-sa';
import type { IkeDecodeError, IkePayload, Result, TrafficSelector } from './ikev2-types';

const fail = (kind: IkeDecodeError['kind'], offset: number, message: string) =>
  ({ ok: false, error: { kind, offset, message } }) as const;

const KIND_TYPE = {
  SA: PayloadType.SA,
  KE: PayloadType.KE,
  IDi: PayloadType.IDi,
  IDr: PayloadType.IDr,
  AUTH: PayloadType.AUTH,
  NONCE: PayloadType.NONCE,
  N: PayloadType.N,
  D: PayloadType.D,
  TSi: PayloadType.TSi,
  TSr: PayloadType.TSr,
  SK: PayloadType.SK,
} as const;

/** The Payload Type number that announces `p` in the previous Next Payload field. */
export function payloadTypeOf(p: IkePayload): number {
  return p.kind === 'UNKNOWN' ? p.payloadType : KIND_TYPE[p.kind];
}

const u24 = (n: number) => Uint8Array.of((n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const readU24 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 16) | ((b[o + 1] ?? 0) << 8) | (b[o + 2] ?? 0);

function encodeSelector(ts: TrafficSelector): Uint8Array {
  if ('raw' in ts) return concatBytes(Uint8Array.of(ts.tsType, ts.octet1), u16(4 + ts.body.length), ts.body);
  // TS_IPV4_ADDR_RANGE, RFC 7296 §3.13.1: 16 octets.
  return concatBytes(
    Uint8Array.of(TsType.TS_IPV4_ADDR_RANGE, ts.ipProtocol),
    u16(16),
    u16(ts.startPort),
    u16(ts.endPort),
    ipv4Bytes(ts.startAddr) ?? new Uint8Array(4),
    ipv4Bytes(ts.endAddr) ?? new Uint8Array(4),
  );
}

function encodeBody(p: IkePayload): Uint8Array {
  switch (p.kind) {
    case 'SA':
      return encodeSaBody(p.proposals);
    case 'KE': // §3.4
      return concatBytes(u16(p.group), u16(p.reserved ?? 0), p.data);
    case 'IDi': // §3.5
    case 'IDr':
      return concatBytes(Uint8Array.of(p.idType), u24(p.reserved ?? 0), p.data);
    case 'AUTH': // §3.8
      return concatBytes(Uint8Array.of(p.method), u24(p.reserved ?? 0), p.data);
    case 'NONCE': // §3.9
      return p.data;
    case 'N': // §3.10
      return concatBytes(Uint8Array.of(p.protocolId, p.spi.length), u16(p.notifyType), p.spi, p.data);
    case 'D': // §3.11
      return concatBytes(Uint8Array.of(p.protocolId, p.spiSize), u16(p.spis.length), ...p.spis);
    case 'TSi': // §3.13
    case 'TSr':
      return concatBytes(
        Uint8Array.of(p.selectors.length),
        u24(p.reserved ?? 0),
        ...p.selectors.map(encodeSelector),
      );
    case 'SK': // §3.14: IV ‖ ciphertext ‖ ICV, already sealed
      return p.body;
    case 'UNKNOWN':
      return p.body;
  }
}

/** The generic-header second octet: critical bit + 7 reserved bits (§3.2). */
const flagsOctet = (p: IkePayload) => (p.critical ? 0x80 : 0) | ((p.reservedBits ?? 0) & 0x7f);

/**
 * Encode a payload chain. Each payload's Next Payload is the type of the one after it, the last one's
 * is `trailingNext` (0, or SK when unencrypted payloads precede an Encrypted payload); an SK payload's
 * own Next Payload is its `firstInner` (§3.14).
 */
export function encodePayloads(payloads: readonly IkePayload[], trailingNext = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  payloads.forEach((p, i) => {
    const nextP = payloads[i + 1];
    const next = p.kind === 'SK' ? p.firstInner : nextP ? payloadTypeOf(nextP) : trailingNext;
    const body = encodeBody(p);
    if (4 + body.length > 0xffff) throw new RangeError(`${p.kind} payload longer than 65535 octets`);
    parts.push(Uint8Array.of(next, flagsOctet(p)), u16(4 + body.length), body);
  });
  return concatBytes(...parts);
}

function decodeSelectors(b: Uint8Array, o: number, end: number, count: number): Result<TrafficSelector[]> {
  const out: TrafficSelector[] = [];
  for (let i = 0; i < count; i++) {
    if (o + 4 > end) return fail('truncated', o, 'traffic selector header cut short');
    const tsType = b[o]!;
    const len = readU16(b, o + 2);
    if (len < 4 || o + len > end) return fail('bad-length', o + 2, `selector length ${len} does not fit`);
    if (tsType === TsType.TS_IPV4_ADDR_RANGE) {
      if (len !== 16) return fail('bad-selector', o + 2, 'TS_IPV4_ADDR_RANGE must be 16 octets');
      out.push({
        tsType: 7,
        ipProtocol: b[o + 1]!,
        startPort: readU16(b, o + 4),
        endPort: readU16(b, o + 6),
        startAddr: ipv4Text(b, o + 8),
        endAddr: ipv4Text(b, o + 12),
      });
    } else {
      out.push({ tsType, octet1: b[o + 1]!, body: b.slice(o + 4, o + len), raw: true });
    }
    o += len;
  }
  if (o !== end) return fail('bad-count', o, 'Number of TSs does not match the payload length');
  return { ok: true, value: out };
}

/** Decode one payload body of type `type` at b[start, end); offsets are absolute in `b`. */
function decodeBody(type: number, b: Uint8Array, s: number, e: number): Result<IkePayload> {
  const ok = (value: IkePayload): Result<IkePayload> => ({ ok: true, value });
  const withReserved = <T extends IkePayload>(p: T, reserved: number): T => {
    if (reserved) (p as { reserved?: number }).reserved = reserved;
    return p;
  };
  const need = (n: number, what: string) =>
    e - s < n ? fail('truncated', s, `${what} payload shorter than ${n + 4} octets`) : undefined;
  switch (type) {
    case PayloadType.SA: {
      const r = decodeSaBody(b, s, e);
      return r.ok ? ok({ kind: 'SA', proposals: r.value }) : r;
    }
    case PayloadType.KE:
      return (
        need(4, 'KE') ??
        ok(withReserved({ kind: 'KE', group: readU16(b, s), data: b.slice(s + 4, e) }, readU16(b, s + 2)))
      );
    case PayloadType.IDi:
    case PayloadType.IDr: {
      const kind = type === PayloadType.IDi ? 'IDi' : 'IDr';
      return (
        need(4, kind) ?? ok(withReserved({ kind, idType: b[s]!, data: b.slice(s + 4, e) }, readU24(b, s + 1)))
      );
    }
    case PayloadType.AUTH:
      return (
        need(4, 'AUTH') ??
        ok(withReserved({ kind: 'AUTH', method: b[s]!, data: b.slice(s + 4, e) }, readU24(b, s + 1)))
      );
    case PayloadType.NONCE:
      return ok({ kind: 'NONCE', data: b.slice(s, e) });
    case PayloadType.N: {
      const short = need(4, 'Notify');
      if (short) return short;
      const spiSize = b[s + 1]!;
      if (s + 4 + spiSize > e) return fail('bad-length', s + 1, 'Notify SPI runs past the payload');
      return ok({
        kind: 'N',
        protocolId: b[s]!,
        notifyType: readU16(b, s + 2),
        spi: b.slice(s + 4, s + 4 + spiSize),
        data: b.slice(s + 4 + spiSize, e),
      });
    }
    case PayloadType.D: {
      const short = need(4, 'Delete');
      if (short) return short;
      const spiSize = b[s + 1]!;
      const n = readU16(b, s + 2);
      if (4 + spiSize * n !== e - s)
        return fail('bad-count', s + 2, 'Num of SPIs × SPI Size ≠ payload length');
      const spis: Uint8Array[] = [];
      for (let i = 0; i < n; i++) spis.push(b.slice(s + 4 + i * spiSize, s + 4 + (i + 1) * spiSize));
      return ok({ kind: 'D', protocolId: b[s]!, spiSize, spis });
    }
    case PayloadType.TSi:
    case PayloadType.TSr: {
      const kind = type === PayloadType.TSi ? 'TSi' : 'TSr';
      const short = need(4, kind);
      if (short) return short;
      const r = decodeSelectors(b, s + 4, e, b[s]!);
      return r.ok ? ok(withReserved({ kind, selectors: r.value }, readU24(b, s + 1))) : r;
    }
    default:
      return ok({ kind: 'UNKNOWN', payloadType: type, body: b.slice(s, e) });
  }
}

/**
 * Decode the payload chain in b[start, end) whose first payload has type `first` (§3.2). An
 * Encrypted payload (SK) must be the last one (§3.14) and is only allowed when `allowSk`.
 */
export function decodePayloads(
  b: Uint8Array,
  start: number,
  end: number,
  first: number,
  allowSk: boolean,
): Result<IkePayload[]> {
  const out: IkePayload[] = [];
  let o = start;
  let next = first;
  while (next !== PayloadType.NONE) {
    if (o + 4 > end) return fail('truncated', o, 'generic payload header cut short');
    const len = readU16(b, o + 2);
    if (len < 4 || o + len > end) return fail('bad-length', o + 2, `payload length ${len} does not fit`);
    let p: IkePayload;
    if (next === PayloadType.SK) {
      if (!allowSk || o + len !== end)
        return fail('misplaced-sk', o, 'Encrypted payload must be the last one');
      p = { kind: 'SK', firstInner: b[o]!, body: b.slice(o + 4, o + len) };
      next = PayloadType.NONE;
    } else {
      const r = decodeBody(next, b, o + 4, o + len);
      if (!r.ok) return r;
      p = r.value;
      next = b[o]!;
    }
    const f = b[o + 1]!;
    if (f & 0x80) p.critical = true;
    if (f & 0x7f) p.reservedBits = f & 0x7f;
    out.push(p);
    o += len;
  }
  if (o !== end) return fail('trailing-bytes', o, 'bytes after the last payload');
  return { ok: true, value: out };
}
