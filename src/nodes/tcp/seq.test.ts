import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seqAdd, seqGeq, seqGt, seqInRange, seqLeq, seqLt, seqMax, seqSub } from './seq';

describe('sequence arithmetic modulo 2^32 (RFC 9293 §3.4)', () => {
  it('wraps around 2^32', () => {
    expect(seqAdd(0xffff_ffff, 1)).toBe(0);
    expect(seqAdd(0xffff_fff0, 0x20)).toBe(0x10);
    expect(seqSub(0x10, 0xffff_fff0)).toBe(0x20);
    expect(seqSub(0xffff_fff0, 0x10)).toBe(-0x20);
    expect(seqLt(0xffff_fff0, 0x10)).toBe(true);
    expect(seqGt(0x10, 0xffff_fff0)).toBe(true);
    expect(seqLeq(5, 5) && seqGeq(5, 5)).toBe(true);
    expect(seqInRange(0, 0xffff_ffff, 2)).toBe(true);
    expect(seqInRange(2, 0xffff_ffff, 2)).toBe(false);
    expect(seqMax(0xffff_ffff, 3)).toBe(3);
  });

  it('orders a and a+d for every a and 0 < d < 2^31', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffff_ffff }), fc.integer({ min: 1, max: 0x7fff_ffff }), (a, d) => {
        const b = seqAdd(a, d);
        expect(seqLt(a, b)).toBe(true);
        expect(seqGt(b, a)).toBe(true);
        expect(seqSub(b, a)).toBe(d);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(2 ** 32);
      }),
    );
  });
});
