// UDP datagram codec (RFC 768), checksum over the IPv4 pseudo-header. A transmitted checksum of
// zero means "none" and is accepted; a computed zero is sent as 0xffff (RFC 768).
import { parseIpv4, readU16, writeU16 } from './bytes';
import { checksumOk, internetChecksum, pseudoHeaderSum } from './checksum';
import { IPPROTO } from './ipproto';
import { fail, ok, type Result, type WireError } from './result';

export const UDP_HEADER_LENGTH = 8;

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

export type UdpErrorKind = 'truncated' | 'bad-length' | 'bad-checksum' | 'bad-header';
export type UdpError = WireError<UdpErrorKind>;

export interface UdpDecoded extends UdpDatagram {
  checksum: number;
}

function addrOrThrow(a: string): number {
  const v = parseIpv4(a);
  if (v === undefined) throw new RangeError(`UDP pseudo-header address is not a dotted quad: ${a}`);
  return v;
}

export function writeUdp(buf: Uint8Array, offset: number, d: UdpDatagram, src: string, dst: string): number {
  const len = UDP_HEADER_LENGTH + d.payload.length;
  if (len > 0xffff) throw new RangeError(`UDP length ${len} exceeds 65535`);
  writeU16(buf, offset, d.srcPort & 0xffff);
  writeU16(buf, offset + 2, d.dstPort & 0xffff);
  writeU16(buf, offset + 4, len);
  writeU16(buf, offset + 6, 0);
  buf.set(d.payload, offset + UDP_HEADER_LENGTH);
  const pseudo = pseudoHeaderSum(addrOrThrow(src), addrOrThrow(dst), IPPROTO.UDP, len);
  writeU16(buf, offset + 6, internetChecksum(buf, offset, offset + len, pseudo) || 0xffff);
  return len;
}

export function encodeUdp(d: UdpDatagram, src: string, dst: string): Uint8Array {
  const out = new Uint8Array(UDP_HEADER_LENGTH + d.payload.length);
  writeUdp(out, 0, d, src, dst);
  return out;
}

/** Decodes a datagram that fills `b`, verifying a non-zero checksum. Never throws. */
export function decodeUdpFull(
  b: Uint8Array,
  src: string,
  dst: string,
  verify = true,
): Result<UdpDecoded, UdpError> {
  if (b.length < UDP_HEADER_LENGTH)
    return fail('truncated', b.length, `UDP: truncated at byte ${b.length}, header needs 8`);
  const len = readU16(b, 4);
  if (len < UDP_HEADER_LENGTH) return fail('bad-length', 4, `UDP: length ${len} below 8`);
  if (len > b.length)
    return fail('truncated', b.length, `UDP: truncated at byte ${b.length}, length says ${len}`);
  if (len < b.length) return fail('bad-length', 4, `UDP: length ${len} but ${b.length} bytes`);
  const checksum = readU16(b, 6);
  if (verify && checksum !== 0) {
    const s = parseIpv4(src);
    const d = parseIpv4(dst);
    if (s === undefined || d === undefined)
      return fail('bad-header', 0, 'UDP: pseudo-header address is not a dotted quad');
    if (!checksumOk(b, 0, len, pseudoHeaderSum(s, d, IPPROTO.UDP, len)))
      return fail('bad-checksum', 6, 'UDP: checksum mismatch (pseudo-header included)');
  }
  return ok({
    srcPort: readU16(b, 0),
    dstPort: readU16(b, 2),
    payload: b.subarray(UDP_HEADER_LENGTH, len),
    checksum,
  });
}

export function decodeUdp(b: Uint8Array, src: string, dst: string): Result<UdpDatagram, UdpError> {
  const r = decodeUdpFull(b, src, dst);
  if (!r.ok) return r;
  const { checksum: _c, ...d } = r.value;
  return ok(d);
}
