import type { Ipv4 } from './types';

// Dotted-decimal IPv4 text ⇄ uint32 (the wire layer's, one implementation for the whole core), and
// the mask rules the profile statements share.

export { parseIpv4 } from '../wire/bytes';

/** Looks like an attempt at a dotted address (digits and dots with at least one dot), so a list of
 * addresses can stop at the first keyword but still report "300.1.1.1" as a bad address. */
export function looksLikeIpv4(text: string): boolean {
  return /^[0-9.]+$/.test(text) && text.includes('.');
}

export { formatIpv4 } from '../wire/bytes';

/** Prefix length of a contiguous mask (255.255.255.0 → 24); undefined when not contiguous. */
export function maskPrefixLength(mask: Ipv4): number | undefined {
  const inverted = ~mask >>> 0;
  // A contiguous mask's complement is 2^k − 1.
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  return 32 - Math.log2(inverted + 1);
}

export function prefixMask(bits: number): Ipv4 {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** Why an address cannot name a host (a DVIPA or a stack), or undefined when it can. */
export function unicastProblem(v: Ipv4): string | undefined {
  const first = v >>> 24;
  if (first === 0) return 'is in 0.0.0.0/8 (this network), not a host address';
  if (first === 127) return 'is a loopback address';
  if (first >= 224 && first <= 239) return 'is a multicast address';
  if (first >= 240) return 'is a reserved or broadcast address';
  return undefined;
}

export function sameSubnet(a: Ipv4, b: Ipv4, mask: Ipv4): boolean {
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}
