// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
// One's complement addition is addition modulo 0xffff, so the sum may be taken over 32-bit words
// (2^16 ≡ 1) and in the host's byte order (a byte swap is multiplication by 2^8 mod 0xffff,
// RFC 1071 §2(B)); both make the hot loop a quarter as long as a byte-pair loop.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Folds a non-negative sum (< 2^53) to 16 bits with end-around carry. */
export function fold16(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  return s;
}

/** One's complement sum (unfolded, big-endian word order) of b[start, end). */
export function sumBytes(b: Uint8Array, start = 0, end = b.length): number {
  let i = start;
  let sum = 0;
  // Byte-pair prefix until the absolute offset is 4-aligned for the Uint32Array view. If the
  // prefix had odd length the word boundaries would shift; the byte-pair loop handles that case.
  const abs = b.byteOffset + i;
  if ((abs & 1) === 0 && end - i >= 64) {
    if ((abs & 3) !== 0) {
      sum += (b[i]! << 8) | b[i + 1]!;
      i += 2;
    }
    const words = (end - i) >>> 2;
    const u32 = new Uint32Array(b.buffer, b.byteOffset + i, words);
    let s = 0;
    for (let k = 0; k < words; k++) s += u32[k]!;
    // s < 2^32 * words, well below 2^53 for any IP packet. Reduce to 16 bits in host order.
    let h = fold16(s);
    if (LITTLE_ENDIAN) h = ((h & 0xff) << 8) | (h >>> 8);
    sum += h;
    i += words << 2;
  }
  for (; i + 1 < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  return sum;
}

/** The checksum field value for b[start, end) plus an extra partial sum (e.g. a pseudo-header). */
export function internetChecksum(b: Uint8Array, start = 0, end = b.length, extra = 0): number {
  return ~fold16(sumBytes(b, start, end) + extra) & 0xffff;
}

/** True when b[start, end) (checksum field included) plus extra sums to 0xffff (RFC 1071 §1). */
export function checksumOk(b: Uint8Array, start = 0, end = b.length, extra = 0): boolean {
  return fold16(sumBytes(b, start, end) + extra) === 0xffff;
}

/** Partial sum of the IPv4 pseudo-header of TCP (RFC 9293 §3.1) and UDP (RFC 768). */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}
