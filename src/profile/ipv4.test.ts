import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, maskPrefixLength, parseIpv4, prefixMask, unicastProblem } from './ipv4';

describe('ipv4', () => {
  it('round-trips every uint32', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => parseIpv4(formatIpv4(v)) === v));
  });

  it('parses strictly', () => {
    expect(parseIpv4('10.255.0.1')).toBe(0x0aff0001);
    expect(parseIpv4('010.1.1.1')).toBe(0x0a010101);
    for (const bad of [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      ' 1.2.3.4',
      '1.2.3.4/24',
      '1.2.3.1000',
      'a.b.c.d',
      '',
    ]) {
      expect(parseIpv4(bad), bad).toBeUndefined();
    }
  });

  it('knows contiguous masks', () => {
    expect(maskPrefixLength(parseIpv4('255.255.255.0')!)).toBe(24);
    expect(maskPrefixLength(parseIpv4('255.255.255.255')!)).toBe(32);
    expect(maskPrefixLength(0)).toBe(0);
    expect(maskPrefixLength(parseIpv4('255.0.255.0')!)).toBeUndefined();
    for (let b = 0; b <= 32; b++) expect(maskPrefixLength(prefixMask(b))).toBe(b);
  });

  it('rejects non-host addresses', () => {
    expect(unicastProblem(parseIpv4('203.0.113.11')!)).toBeUndefined();
    expect(unicastProblem(parseIpv4('0.1.2.3')!)).toMatch(/this network/);
    expect(unicastProblem(parseIpv4('127.0.0.1')!)).toMatch(/loopback/);
    expect(unicastProblem(parseIpv4('224.0.0.5')!)).toMatch(/multicast/);
    expect(unicastProblem(parseIpv4('255.255.255.0')!)).toMatch(/reserved/);
  });
});
