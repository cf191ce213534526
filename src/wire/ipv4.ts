// IPv4 header codec (RFC 791 §3.1), header checksum per RFC 1071. Only the 20-byte header is
// supported: options (IHL > 5) are a decode error, never silently dropped. No reassembly: the
// fragment fields are carried as values.
import { formatIpv4, parseIpv4, readU16, readU32, writeU16, writeU32 } from './bytes';
import { checksumOk, internetChecksum } from './checksum';
import { fail, ok, type Result, type WireError } from './result';

export const IPV4_HEADER_LENGTH = 20;

export interface Ipv4Header {
  /** Differentiated Services code point, 6 bits (RFC 2474). */
  dscp: number;
  /** Explicit Congestion Notification, 2 bits (RFC 3168). */
  ecn: number;
  /** Identification, 16 bits. */
  id: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** Fragment offset in 8-octet units, 13 bits. */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  /** Dotted quad. */
  src: string;
  dst: string;
}

export interface Ipv4Packet extends Ipv4Header {
  payload: Uint8Array;
}

export type Ipv4ErrorKind =
  | 'truncated'
  | 'bad-version'
  | 'bad-header'
  | 'bad-length'
  | 'bad-checksum'
  | 'unsupported-option';
export type Ipv4Error = WireError<Ipv4ErrorKind>;

/** Decoded header plus what the dissector shows; `payload` is a view into the input, not a copy. */
export interface Ipv4Decoded extends Ipv4Packet {
  checksum: number;
  totalLength: number;
}

function addr(a: string, field: string): number {
  const v = parseIpv4(a);
  if (v === undefined) throw new RangeError(`IPv4 ${field} address is not a dotted quad: ${a}`);
  return v;
}

/**
 * Writes the 20-byte header at buf[offset] with Total Length = 20 + payloadLength and a correct
 * header checksum. Lets callers build a packet in one buffer (headroom in front of the payload).
 * Throws RangeError on values that do not fit their fields (a programming error, not bad input).
 * `protocol` overrides h.protocol (so callers need not copy the header object to set it).
 */
export function writeIpv4Header(
  buf: Uint8Array,
  offset: number,
  h: Omit<Ipv4Header, 'protocol'> & { protocol?: number },
  payloadLength: number,
  protocol = h.protocol ?? 0,
): void {
  const total = IPV4_HEADER_LENGTH + payloadLength;
  if (total > 0xffff) throw new RangeError(`IPv4 total length ${total} exceeds 65535`);
  const o = offset;
  buf[o] = 0x45; // version 4, IHL 5
  buf[o + 1] = ((h.dscp & 0x3f) << 2) | (h.ecn & 3);
  writeU16(buf, o + 2, total);
  writeU16(buf, o + 4, h.id & 0xffff);
  writeU16(
    buf,
    o + 6,
    (h.dontFragment ? 0x4000 : 0) | (h.moreFragments ? 0x2000 : 0) | (h.fragmentOffset & 0x1fff),
  );
  buf[o + 8] = h.ttl & 0xff;
  buf[o + 9] = protocol & 0xff;
  writeU16(buf, o + 10, 0);
  writeU32(buf, o + 12, addr(h.src, 'source'));
  writeU32(buf, o + 16, addr(h.dst, 'destination'));
  writeU16(buf, o + 10, internetChecksum(buf, o, o + IPV4_HEADER_LENGTH));
}

export function encodeIpv4(p: Ipv4Packet): Uint8Array {
  const out = new Uint8Array(IPV4_HEADER_LENGTH + p.payload.length);
  writeIpv4Header(out, 0, p, p.payload.length);
  out.set(p.payload, IPV4_HEADER_LENGTH);
  return out;
}

/** Decodes and verifies one IPv4 packet that fills `b` exactly. Never throws. */
export function decodeIpv4Full(b: Uint8Array): Result<Ipv4Decoded, Ipv4Error> {
  if (b.length < 1) return fail('truncated', 0, 'IPv4: empty packet');
  const version = b[0]! >>> 4;
  if (version !== 4) return fail('bad-version', 0, `IPv4: version ${version}, expected 4`);
  if (b.length < IPV4_HEADER_LENGTH)
    return fail('truncated', b.length, `IPv4: truncated at byte ${b.length}, header needs 20`);
  const ihl = b[0]! & 0x0f;
  if (ihl < 5) return fail('bad-header', 0, `IPv4: header length ${ihl * 4} below 20`);
  if (ihl > 5)
    return fail(
      'unsupported-option',
      IPV4_HEADER_LENGTH,
      `IPv4: options (${(ihl - 5) * 4} bytes) are not supported`,
    );
  const totalLength = readU16(b, 2);
  if (totalLength < IPV4_HEADER_LENGTH)
    return fail('bad-length', 2, `IPv4: total length ${totalLength} below the header length`);
  if (totalLength > b.length)
    return fail(
      'truncated',
      b.length,
      `IPv4: truncated at byte ${b.length}, total length says ${totalLength}`,
    );
  if (totalLength < b.length)
    return fail(
      'bad-length',
      totalLength,
      `IPv4: ${b.length - totalLength} bytes after total length ${totalLength}`,
    );
  const frag = readU16(b, 6);
  if (frag & 0x8000) return fail('bad-header', 6, 'IPv4: reserved flag bit set');
  if (!checksumOk(b, 0, IPV4_HEADER_LENGTH))
    return fail('bad-checksum', 10, 'IPv4: header checksum mismatch');
  return ok({
    dscp: b[1]! >>> 2,
    ecn: b[1]! & 3,
    id: readU16(b, 4),
    dontFragment: (frag & 0x4000) !== 0,
    moreFragments: (frag & 0x2000) !== 0,
    fragmentOffset: frag & 0x1fff,
    ttl: b[8]!,
    protocol: b[9]!,
    src: formatIpv4(readU32(b, 12)),
    dst: formatIpv4(readU32(b, 16)),
    payload: b.subarray(IPV4_HEADER_LENGTH, totalLength),
    checksum: readU16(b, 10),
    totalLength,
  });
}

/** Decodes and verifies one IPv4 packet; the value is exactly what encodeIpv4 takes. Never throws. */
export function decodeIpv4(b: Uint8Array): Result<Ipv4Packet, Ipv4Error> {
  const r = decodeIpv4Full(b);
  if (!r.ok) return r;
  const { checksum: _c, totalLength: _t, ...p } = r.value;
  return ok(p);
}
