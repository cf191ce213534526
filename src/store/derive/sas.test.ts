import { describe, expect, it } from 'vitest';
import { collectEspKeys, phase1Sas, phase2Sas } from './sas';

describe('SA rows in stack views', () => {
  it('finds none in a view without IPsec', () => {
    expect(phase1Sas({ vipadyn: [] })).toEqual([]);
    expect(phase2Sas(undefined)).toEqual([]);
  });

  it('finds arrays and records, at the top or under ipsec', () => {
    expect(phase2Sas({ childSas: [{ spi: 1 }] })).toHaveLength(1);
    expect(phase1Sas({ ipsec: { ikeSas: { a: { id: 'a' }, b: { id: 'b' } } } })).toHaveLength(2);
  });

  it('collects ESP keys by SPI from hex strings or bytes', () => {
    const keys = collectEspKeys([
      { phase2: [{ inboundSpi: 'c0ffee01', inboundKey: '00ff', outboundSpi: 0x1234, outboundKey: [1, 2] }] },
      { ipsec: { childSas: [{ spi: 7, keyMaterial: new Uint8Array([9]) }] } },
    ]);
    expect([...keys.keys()].sort((a, b) => a - b)).toEqual([7, 0x1234, 0xc0ffee01]);
    expect(keys.get(0xc0ffee01)).toEqual(new Uint8Array([0, 255]));
  });
});
