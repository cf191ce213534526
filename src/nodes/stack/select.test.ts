import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DistMethodName } from '../../wire/xcf';
import { applySrvstat, type DptRow, dptRow } from './dpt';
import { connectionEnded, selectTarget } from './select';

const row = (method: DistMethodName, n: number, weights: number[] = [], ranks: number[] = []): DptRow => {
  const r = dptRow(
    0xcb00710b,
    60,
    method,
    Array.from({ length: n }, (_, i) => ({
      xcf: i + 1,
      weight: weights[i] ?? 1,
      standbyRank: ranks[i] ?? 0,
    })),
  );
  for (let i = 1; i <= n; i++) applySrvstat(r, i, true, 'APP', false);
  return r;
};
const counts = (r: DptRow) => r.targets.map((t) => t.totalConns);

describe('target selection', () => {
  it('ROUNDROBIN spreads N connections over k ready targets within ±1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 500 }), (k, n) => {
        const r = row('ROUNDROBIN', k);
        for (let i = 0; i < n; i++) expect(selectTarget(r)).not.toBeNull();
        const c = counts(r);
        expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
        expect(c.reduce((a, b) => a + b, 0)).toBe(n);
      }),
    );
  });

  it('WEIGHTEDACTIVE gives active connections in proportion to the weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 400 }),
        (w, n) => {
          const r = row('WEIGHTEDACTIVE', w.length, w);
          for (let i = 0; i < n; i++) selectTarget(r);
          const total = w.reduce((a, b) => a + b, 0);
          r.targets.forEach((t, i) => {
            expect(Math.abs(t.activeConns - (n * w[i]!) / total)).toBeLessThanOrEqual(1);
          });
        },
      ),
    );
  });

  it('WEIGHTEDACTIVE refills the target whose connections ended', () => {
    const r = row('WEIGHTEDACTIVE', 2, [1, 1]);
    for (let i = 0; i < 10; i++) selectTarget(r);
    for (let i = 0; i < 4; i++) connectionEnded(r.targets[0]);
    expect(counts(r)).toEqual([5, 5]);
    const next = [selectTarget(r), selectTarget(r), selectTarget(r)].map((t) => t!.xcf);
    expect(next).toEqual([1, 1, 1]);
  });

  it('BASEWLM follows the weights over all connections', () => {
    const r = row('BASEWLM', 3, [1, 2, 5]);
    for (let i = 0; i < 80; i++) selectTarget(r);
    expect(counts(r)).toEqual([10, 20, 50]);
  });

  it('HOTSTANDBY sends all to the preferred while it is ready, then to the highest-ranked ready backup', () => {
    const r = row('HOTSTANDBY', 3, [], [5, 0, 9]);
    for (let i = 0; i < 5; i++) expect(selectTarget(r)!.xcf).toBe(2);
    applySrvstat(r, 2, false, '', false);
    expect(selectTarget(r)!.xcf).toBe(3);
    applySrvstat(r, 3, false, '', false);
    expect(selectTarget(r)!.xcf).toBe(1);
    applySrvstat(r, 2, true, 'APP', false);
    expect(selectTarget(r)!.xcf).toBe(2);
  });

  it('gives no new connection to a target whose application stopped, and none at all when none is ready', () => {
    for (const method of ['ROUNDROBIN', 'WEIGHTEDACTIVE', 'BASEWLM', 'HOTSTANDBY'] as const) {
      const r = row(method, 3);
      applySrvstat(r, 2, false, '', false);
      for (let i = 0; i < 30; i++) expect(selectTarget(r)!.xcf).not.toBe(2);
      applySrvstat(r, 1, false, '', false);
      applySrvstat(r, 3, false, '', false);
      expect(selectTarget(r)).toBeNull();
    }
  });

  it('adds an unnamed target only for DESTIP ALL', () => {
    const r = row('ROUNDROBIN', 2);
    expect(applySrvstat(r, 7, true, 'APP B', false)).toBe(false);
    expect(r.targets.map((t) => t.xcf)).toEqual([1, 2]);
    expect(applySrvstat(r, 7, true, 'APP B', true)).toBe(true);
    expect(r.targets.map((t) => t.xcf)).toEqual([1, 2, 7]);
  });
});
