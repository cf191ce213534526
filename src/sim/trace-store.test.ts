import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordBytes, type TraceEvent, TraceStore } from './trace-store';
import type { TraceRecord } from './types';

const rec = (index: number, frameBytes: number): TraceRecord => ({
  index,
  event: index,
  time: index,
  node: 'N1',
  kind: frameBytes ? 'frame' : 'timer',
  summary: `record ${index}`,
  ...(frameBytes ? { frame: new Uint8Array(frameBytes) } : {}),
});

describe('TraceStore', () => {
  it('keeps the newest records within both its count and its bytes, whatever the sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 3000 }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 100_000 }),
        (sizes, limit, byteLimit) => {
          const t = new TraceStore(limit, byteLimit);
          const all = sizes.map((n, i) => rec(i, n));
          for (const r of all) t.push(r);
          const kept = t.slice();
          expect(t.count).toBe(all.length);
          // The newest ones, in order, ending with the last pushed.
          expect(kept).toEqual(all.slice(all.length - kept.length));
          expect(t.firstKept).toBe(all.length - kept.length);
          // At least one record is always kept; beyond it, within 1.25× both bounds (trimming goes
          // in chunks), and never trimmed below them.
          expect(kept.length).toBeGreaterThanOrEqual(1);
          const bytes = kept.reduce((n, r) => n + recordBytes(r), 0);
          if (kept.length > 1) {
            expect(kept.length).toBeLessThanOrEqual(Math.ceil(limit * 1.25));
            expect(bytes).toBeLessThanOrEqual(byteLimit * 1.25 + recordBytes(kept.at(-1)!));
          }
          const before = all[all.length - kept.length - 1];
          if (before) expect(kept.length >= limit || bytes + recordBytes(before) > byteLimit).toBe(true);
        },
      ),
    );
  });

  it('subscribers hear every record once, in order, also ones trimmed before a flush', () => {
    const t = new TraceStore(10, 2_000);
    const heard: TraceRecord[] = [];
    t.subscribe((e) => {
      if (e.type === 'records') heard.push(...e.records);
    });
    const all = Array.from({ length: 500 }, (_, i) => rec(i, i % 3 ? 0 : 300));
    for (const r of all) t.push(r);
    expect(t.firstKept).toBeGreaterThan(400);
    t.flush();
    expect(heard).toEqual(all);
  });

  it('counts the bytes of what it holds through truncations and skips', () => {
    const t = new TraceStore(1_000, 10_000);
    const heard: TraceEvent[] = [];
    t.subscribe((e) => heard.push(e));
    for (let i = 0; i < 40; i++) t.push(rec(i, 400));
    // 40 × ~650 bytes: trimmed to the newest within 10,000.
    const kept = t.slice();
    expect(kept.reduce((n, r) => n + recordBytes(r), 0)).toBeLessThanOrEqual(10_000);
    // Cutting the newest half leaves room: as many small records fit again as the bytes allow.
    t.truncate(30);
    expect(t.count).toBe(30);
    for (let i = 30; i < 60; i++) t.push(rec(i, 0));
    expect(t.slice().at(-1)!.index).toBe(59);
    expect(t.slice().reduce((n, r) => n + recordBytes(r), 0)).toBeLessThanOrEqual(12_500);
    // A skip holds nothing before it: the bytes start again from 0.
    t.skipTo(100);
    for (let i = 100; i < 110; i++) t.push(rec(i, 400));
    expect(t.slice().map((r) => r.index)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(heard.filter((e) => e.type !== 'records')).toEqual([
      { type: 'truncate', count: 30 },
      { type: 'skip', count: 100 },
    ]);
  });
});
