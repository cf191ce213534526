// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): sequence numbers wrap, so every
// comparison is made on the signed 32-bit difference. Valid while the two numbers are less than
// 2^31 apart, which the window sizes here (≤ 65535) guarantee.

/** a + n modulo 2^32, as an unsigned 32-bit number. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** The signed distance a − b in sequence space (negative when a is before b). */
export function seqSub(a: number, b: number): number {
  return (a - b) | 0;
}

export const seqLt = (a: number, b: number): boolean => seqSub(a, b) < 0;
export const seqLeq = (a: number, b: number): boolean => seqSub(a, b) <= 0;
export const seqGt = (a: number, b: number): boolean => seqSub(a, b) > 0;
export const seqGeq = (a: number, b: number): boolean => seqSub(a, b) >= 0;

/** lo ≤ x < hi in sequence space. */
export function seqInRange(x: number, lo: number, hi: number): boolean {
  return seqGeq(x, lo) && seqLt(x, hi);
}

/** The later of two sequence numbers. */
export function seqMax(a: number, b: number): number {
  return seqGt(a, b) ? a : b;
}
