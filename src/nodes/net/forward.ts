import { writeU16 } from '../../wire/bytes';
import { internetChecksum } from '../../wire/checksum';
import { IPV4_HEADER_LENGTH } from '../../wire/ipv4';

/** A copy of an IPv4 packet with TTL - 1 and the header checksum recomputed (RFC 791 §3.2, RFC 1071). */
export function forwardedCopy(frame: Uint8Array, ttl: number): Uint8Array {
  const fwd = frame.slice();
  fwd[8] = ttl - 1;
  writeU16(fwd, 10, 0);
  writeU16(fwd, 10, internetChecksum(fwd, 0, IPV4_HEADER_LENGTH));
  return fwd;
}
