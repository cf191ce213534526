// TCP segment codec (RFC 9293 §3.1): ports, sequence and acknowledgment numbers, flags, window,
// urgent pointer, the MSS option (kind 2, §3.2), and the checksum over the IPv4 pseudo-header.
// Options other than End of List, No-Operation and MSS are a decode error, never dropped.
import { parseIpv4, readU16, readU32, writeU16, writeU32 } from './bytes';
import { checksumOk, internetChecksum, pseudoHeaderSum } from './checksum';
import { IPPROTO } from './ipproto';
import { fail, ok, type Result, type WireError } from './result';

/** Control bits, RFC 9293 §3.1 (CWR/ECE from RFC 3168). */
export const TCP_FLAGS = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Bit set of TCP_FLAGS. */
  flags: number;
  window: number;
  urgent: number;
  /** Maximum Segment Size option, when present. */
  mss?: number;
  payload: Uint8Array;
}

export type TcpErrorKind = 'truncated' | 'bad-header' | 'bad-checksum' | 'unsupported-option' | 'bad-option';
export type TcpError = WireError<TcpErrorKind>;

export interface TcpDecoded extends TcpSegment {
  headerLength: number;
  checksum: number;
}

export function tcpFlagsText(flags: number): string {
  const names = Object.entries(TCP_FLAGS)
    .filter(([, bit]) => flags & bit)
    .map(([n]) => n);
  return names.length ? names.join(',') : 'none';
}

export function tcpHeaderLength(s: Pick<TcpSegment, 'mss'>): number {
  return s.mss === undefined ? 20 : 24;
}

function addrOrThrow(a: string): number {
  const v = parseIpv4(a);
  if (v === undefined) throw new RangeError(`TCP pseudo-header address is not a dotted quad: ${a}`);
  return v;
}

/**
 * Writes the segment (header + payload) at buf[offset] with its checksum; returns its length.
 * `src`/`dst` are the IPv4 addresses of the pseudo-header.
 */
export function writeTcp(buf: Uint8Array, offset: number, s: TcpSegment, src: string, dst: string): number {
  const hl = tcpHeaderLength(s);
  const len = hl + s.payload.length;
  const o = offset;
  writeU16(buf, o, s.srcPort & 0xffff);
  writeU16(buf, o + 2, s.dstPort & 0xffff);
  writeU32(buf, o + 4, s.seq >>> 0);
  writeU32(buf, o + 8, s.ack >>> 0);
  buf[o + 12] = (hl / 4) << 4;
  buf[o + 13] = s.flags & 0xff;
  writeU16(buf, o + 14, s.window & 0xffff);
  writeU16(buf, o + 16, 0);
  writeU16(buf, o + 18, s.urgent & 0xffff);
  if (s.mss !== undefined) {
    buf[o + 20] = 2;
    buf[o + 21] = 4;
    writeU16(buf, o + 22, s.mss & 0xffff);
  }
  buf.set(s.payload, o + hl);
  const pseudo = pseudoHeaderSum(addrOrThrow(src), addrOrThrow(dst), IPPROTO.TCP, len);
  writeU16(buf, o + 16, internetChecksum(buf, o, o + len, pseudo));
  return len;
}

export function encodeTcp(s: TcpSegment, src: string, dst: string): Uint8Array {
  const out = new Uint8Array(tcpHeaderLength(s) + s.payload.length);
  writeTcp(out, 0, s, src, dst);
  return out;
}

/**
 * Decodes a segment that fills `b` and verifies its checksum against the pseudo-header of
 * `src`→`dst` (pass `verify: false` to skip, e.g. to show a damaged segment). Never throws.
 */
export function decodeTcpFull(
  b: Uint8Array,
  src: string,
  dst: string,
  verify = true,
): Result<TcpDecoded, TcpError> {
  if (b.length < 20)
    return fail('truncated', b.length, `TCP: truncated at byte ${b.length}, header needs 20`);
  const hl = (b[12]! >>> 4) * 4;
  if (hl < 20) return fail('bad-header', 12, `TCP: data offset ${hl} below 20`);
  if (hl > b.length)
    return fail('truncated', b.length, `TCP: truncated at byte ${b.length}, header says ${hl}`);
  let mss: number | undefined;
  for (let i = 20; i < hl; ) {
    const kind = b[i]!;
    if (kind === 0) break; // End of Option List
    if (kind === 1) {
      i++;
      continue;
    }
    if (i + 1 >= hl) return fail('bad-option', i, `TCP: option ${kind} at byte ${i} has no length`);
    const olen = b[i + 1]!;
    if (olen < 2 || i + olen > hl)
      return fail('bad-option', i + 1, `TCP: option ${kind} length ${olen} is invalid`);
    if (kind !== 2) return fail('unsupported-option', i, `TCP: option kind ${kind} is not supported`);
    if (olen !== 4) return fail('bad-option', i + 1, `TCP: MSS option length ${olen}, expected 4`);
    if (mss !== undefined) return fail('bad-option', i, 'TCP: MSS option repeated');
    mss = readU16(b, i + 2);
    i += 4;
  }
  if (verify) {
    const s = parseIpv4(src);
    const d = parseIpv4(dst);
    if (s === undefined || d === undefined)
      return fail('bad-header', 0, 'TCP: pseudo-header address is not a dotted quad');
    if (!checksumOk(b, 0, b.length, pseudoHeaderSum(s, d, IPPROTO.TCP, b.length)))
      return fail('bad-checksum', 16, 'TCP: checksum mismatch (pseudo-header included)');
  }
  const seg: TcpDecoded = {
    srcPort: readU16(b, 0),
    dstPort: readU16(b, 2),
    seq: readU32(b, 4),
    ack: readU32(b, 8),
    flags: b[13]!,
    window: readU16(b, 14),
    urgent: readU16(b, 18),
    payload: b.subarray(hl),
    headerLength: hl,
    checksum: readU16(b, 16),
  };
  if (mss !== undefined) seg.mss = mss;
  return ok(seg);
}

/** Decodes and verifies a segment; the value is exactly what encodeTcp takes. Never throws. */
export function decodeTcp(b: Uint8Array, src: string, dst: string): Result<TcpSegment, TcpError> {
  const r = decodeTcpFull(b, src, dst);
  if (!r.ok) return r;
  const { headerLength: _h, checksum: _c, ...s } = r.value;
  return ok(s);
}
