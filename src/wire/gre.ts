// GRE codec (RFC 2784) with the Key and Sequence Number extensions of RFC 2890. In the emulator
// the Key carries the sending stack's XCF IPv4 address as a 32-bit value, which the receiving
// stack checks against the link the packet arrived on (anti-spoof, DESIGN.md §3).
import { formatIpv4, parseIpv4, readU16, readU32, writeU16, writeU32 } from './bytes';
import { checksumOk, internetChecksum } from './checksum';
import { fail, ok, type Result, type WireError } from './result';

/** Protocol Type for an IPv4 payload (an EtherType, RFC 2784 §2.4). */
export const GRE_PROTO_IPV4 = 0x0800;

const C_BIT = 0x8000;
const K_BIT = 0x2000;
const S_BIT = 0x1000;

export interface GrePacket {
  protocolType: number;
  /** RFC 2784 §2.5 checksum present (computed on encode, verified on decode). */
  checksum?: boolean;
  /** RFC 2890 §2.1 key, 32 bits. */
  key?: number;
  /** RFC 2890 §2.2 sequence number, 32 bits. */
  sequence?: number;
  payload: Uint8Array;
}

export type GreErrorKind = 'truncated' | 'bad-version' | 'bad-header' | 'bad-checksum';
export type GreError = WireError<GreErrorKind>;

export interface GreDecoded extends GrePacket {
  headerLength: number;
}

/** The 32-bit GRE key for an XCF IPv4 address; throws RangeError if it is not a dotted quad. */
export function greKeyFromIpv4(addr: string): number {
  const v = parseIpv4(addr);
  if (v === undefined) throw new RangeError(`GRE key: not a dotted quad: ${addr}`);
  return v;
}

export function ipv4FromGreKey(key: number): string {
  return formatIpv4(key >>> 0);
}

export function greHeaderLength(p: Pick<GrePacket, 'checksum' | 'key' | 'sequence'>): number {
  return 4 + (p.checksum ? 4 : 0) + (p.key !== undefined ? 4 : 0) + (p.sequence !== undefined ? 4 : 0);
}

export function writeGre(buf: Uint8Array, offset: number, p: GrePacket): number {
  const hl = greHeaderLength(p);
  let o = offset;
  writeU16(
    buf,
    o,
    (p.checksum ? C_BIT : 0) | (p.key !== undefined ? K_BIT : 0) | (p.sequence !== undefined ? S_BIT : 0),
  );
  writeU16(buf, o + 2, p.protocolType & 0xffff);
  o += 4;
  const csumAt = o;
  if (p.checksum) {
    writeU32(buf, o, 0); // checksum and Reserved1
    o += 4;
  }
  if (p.key !== undefined) {
    writeU32(buf, o, p.key >>> 0);
    o += 4;
  }
  if (p.sequence !== undefined) {
    writeU32(buf, o, p.sequence >>> 0);
    o += 4;
  }
  buf.set(p.payload, offset + hl);
  const end = offset + hl + p.payload.length;
  if (p.checksum) writeU16(buf, csumAt, internetChecksum(buf, offset, end));
  return hl + p.payload.length;
}

export function encodeGre(p: GrePacket): Uint8Array {
  const out = new Uint8Array(greHeaderLength(p) + p.payload.length);
  writeGre(out, 0, p);
  return out;
}

/** Decodes a GRE packet that fills `b`; the payload runs to the end. Never throws. */
export function decodeGreFull(b: Uint8Array): Result<GreDecoded, GreError> {
  if (b.length < 4) return fail('truncated', b.length, `GRE: truncated at byte ${b.length}, header needs 4`);
  const w = readU16(b, 0);
  const version = w & 7;
  if (version !== 0) return fail('bad-version', 1, `GRE: version ${version}, expected 0`);
  if (w & ~(C_BIT | K_BIT | S_BIT | 7) & 0xffff)
    return fail(
      'bad-header',
      0,
      `GRE: reserved bits set (0x${w.toString(16).padStart(4, '0')}) (RFC 2784 §2.3)`,
    );
  const p: GreDecoded = { protocolType: readU16(b, 2), payload: b, headerLength: 0 };
  const hl = greHeaderLength({
    checksum: (w & C_BIT) !== 0,
    key: w & K_BIT ? 0 : undefined,
    sequence: w & S_BIT ? 0 : undefined,
  });
  if (b.length < hl)
    return fail('truncated', b.length, `GRE: truncated at byte ${b.length}, header needs ${hl}`);
  let o = 4;
  if (w & C_BIT) {
    if (!checksumOk(b)) return fail('bad-checksum', 4, 'GRE: checksum mismatch');
    p.checksum = true;
    o += 4;
  }
  if (w & K_BIT) {
    p.key = readU32(b, o);
    o += 4;
  }
  if (w & S_BIT) {
    p.sequence = readU32(b, o);
    o += 4;
  }
  p.payload = b.subarray(hl);
  p.headerLength = hl;
  return ok(p);
}

export function decodeGre(b: Uint8Array): Result<GrePacket, GreError> {
  const r = decodeGreFull(b);
  if (!r.ok) return r;
  const { headerLength: _h, ...p } = r.value;
  return ok(p);
}
