import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRip, encodeRip, RIP_MAX_ROUTES, type RipMessage } from './rip';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const message: fc.Arbitrary<RipMessage> = fc.record({
  command: fc.constantFrom('request' as const, 'response' as const),
  routes: fc.array(
    fc.record({
      addr: u32,
      mask: u32,
      nextHop: u32,
      metric: fc.integer({ min: 1, max: 16 }),
      tag: fc.integer({ min: 0, max: 0xffff }),
    }),
    { maxLength: RIP_MAX_ROUTES },
  ),
});

describe('RIPv2 codec', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeRip(encodeRip(m))).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('encodes a DVIPA advertisement as RFC 2453 lays it out', () => {
    const b = encodeRip({
      command: 'response',
      routes: [{ addr: 0xcb00710b, mask: 0xffffffff, nextHop: 0xcb007101, metric: 1, tag: 0 }],
    });
    expect(Array.from(b)).toEqual([
      2, 2, 0, 0, 0, 2, 0, 0, 203, 0, 113, 11, 255, 255, 255, 255, 203, 0, 113, 1, 0, 0, 0, 1,
    ]);
  });

  it('never throws on arbitrary bytes and reports offsets inside the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        const r = decodeRip(b);
        if (!r.ok) expect(r.error.offset).toBeLessThanOrEqual(b.length);
      }),
    );
  });

  it('rejects a partial route entry and a metric outside 1–16', () => {
    const b = encodeRip({
      command: 'response',
      routes: [{ addr: 1, mask: 2, nextHop: 3, metric: 1, tag: 0 }],
    });
    expect(decodeRip(b.subarray(0, 20))).toMatchObject({
      ok: false,
      error: { kind: 'bad-length', offset: 4 },
    });
    b[23] = 17;
    expect(decodeRip(b)).toMatchObject({ ok: false, error: { kind: 'bad-value', offset: 20 } });
  });
});
