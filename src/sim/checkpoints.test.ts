import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Checkpoint, CheckpointStore } from './checkpoints';

describe('CheckpointStore', () => {
  it('finds the newest checkpoint at or before an index', () => {
    const s = new CheckpointStore<string>(10);
    for (const i of [0, 10, 20, 30]) s.add(i, `cp${i}`);
    expect(s.atOrBefore(25)?.data).toBe('cp20');
    expect(s.atOrBefore(30)?.data).toBe('cp30');
    expect(s.atOrBefore(9)?.data).toBe('cp0');
    expect(s.dropAfter(15)).toEqual([20, 30]);
    expect(s.indexes()).toEqual([0, 10]);
  });

  it('stays bounded, keeps the first and the newest, thins old history more than recent', () => {
    const s = new CheckpointStore<null>(16);
    for (let i = 0; i <= 100_000; i += 100) s.add(i, null);
    const idx = s.indexes();
    expect(idx).toHaveLength(16);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(100_000);
    const gaps = idx.slice(1).map((x, i) => x - idx[i]!);
    expect(gaps.at(-1)!).toBeLessThan(gaps[1]!);
  });

  it('thins history evenly enough that no gap is far over the even spacing', () => {
    const s = new CheckpointStore<null>(32);
    for (let i = 0; i <= 300_000; i += 100) s.add(i, null);
    const idx = s.indexes();
    const gaps = idx.slice(1).map((x, i) => x - idx[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual((3 * 300_000) / idx.length);
  });

  it('inserts in order and replaces at the same index', () => {
    const s = new CheckpointStore<string>(10);
    s.add(0, 'a');
    s.add(20, 'b');
    s.add(10, 'c');
    s.add(20, 'd');
    expect(s.indexes()).toEqual([0, 10, 20]);
    expect(s.atOrBefore(20)?.data).toBe('d');
  });

  it('stays within a byte budget, keeping the first and the newest, dense near the newest', () => {
    const s = new CheckpointStore<null>(10_000, 50_000);
    for (let i = 0; i <= 100_000; i += 100) s.add(i, null, 1000, 1000);
    expect(s.bytes).toBeLessThanOrEqual(50_000);
    const idx = s.indexes();
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(100_000);
    expect(idx.length).toBeGreaterThan(10);
    const gaps = idx.slice(1).map((x, i) => x - idx[i]!);
    expect(gaps.at(-1)!).toBeLessThan(gaps[1]!);
  });

  it('keeps two checkpoints even when they alone are over the budget', () => {
    const s = new CheckpointStore<null>(64, 100);
    s.add(0, null, 500, 500);
    s.add(10, null, 500, 500);
    expect(s.add(20, null, 500, 500)).toEqual([10]);
    expect(s.indexes()).toEqual([0, 20]);
    expect(s.bytes).toBe(1000);
    // Without totals nothing moves: a long run's sum would only grow.
    const t = new CheckpointStore<null>(2);
    t.add(0, null, 1);
    t.add(10, null, 500);
    t.add(20, null, 7);
    expect(t.bytes).toBe(8);
  });

  it('moves the bytes of a thinned checkpoint to the next one, up to what that one refers to', () => {
    const s = new CheckpointStore<null>(3);
    s.add(0, null, 100, 100);
    s.add(10, null, 400, 500); // shares 100 with the one before
    s.add(20, null, 50, 500);
    expect(s.bytes).toBe(550);
    // Thinning 10: 20 may still share its 400 new bytes, but refers to 500 in all (50 its own).
    expect(s.add(30, null, 10, 500)).toEqual([10]);
    expect(s.indexes()).toEqual([0, 20, 30]);
    expect(s.bytes).toBe(100 + 450 + 10);
    // Replacing and dropping take their bytes away.
    s.add(30, null, 20, 500);
    expect(s.bytes).toBe(100 + 450 + 20);
    expect(s.dropAfter(0)).toEqual([20, 30]);
    expect(s.bytes).toBe(100);
    s.clear();
    expect(s.bytes).toBe(0);
  });

  it('caps what thinning moves at the next checkpoint’s total: long runs do not drift upwards', () => {
    const s = new CheckpointStore<null>(8);
    for (let i = 0; i <= 10_000; i += 10) s.add(i, null, 1000, 5000);
    // Every checkpoint refers to 5000 bytes at most, so 8 hold at most 8 × 5000.
    expect(s.bytes).toBeLessThanOrEqual(8 * 5000);
    expect(s.bytes).toBeGreaterThanOrEqual(8 * 1000);
  });

  it('keeps checkpoints dense around one added in the middle (a replay after seeking back)', () => {
    const s = new CheckpointStore<null>(24);
    for (let i = 0; i <= 10_000; i += 10) s.add(i, null);
    // A replay from the checkpoint before 5000 adds checkpoints on its way to 5000.
    const from = s.atOrBefore(5000)!.index;
    expect(5000 - from).toBeGreaterThan(100);
    for (let i = from + 10; i <= 5000; i += 10) s.add(i, null);
    const idx = s.indexes();
    expect(idx).toHaveLength(24);
    expect(idx).toContain(5000);
    expect(5000 - idx.filter((i) => i < 5000).at(-1)!).toBeLessThanOrEqual(40);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(10_000);
  });

  it('under a byte budget of whole states, no stretch of history is left far over the even spacing', () => {
    // A long run whose checkpoints, far apart, each hold a whole state (the 10,000-connection
    // scale run: ~1.5 MB newly every 1,000 events, 15 MB in all), then seeks back that replay
    // and leave checkpoints on their way.
    const MB = 1e6;
    const s = new CheckpointStore<null>(1024, 256 * MB);
    const add = (i: number) => s.add(i, null, 3 * MB, 15 * MB);
    for (let i = 0; i <= 350_000; i += 1000) add(i);
    // The longest gap over the even spacing, after the run and after each seek.
    const worst: number[] = [];
    for (const target of [349_999, 318_000, 265_000, 176_000, 88_000, 0]) {
      for (let i = s.atOrBefore(target)!.index + 1000; i < target; i += 1000) add(i);
      const idx = s.indexes();
      const gaps = idx.slice(1).map((x, j) => x - idx[j]!);
      worst.push(Math.max(...gaps) / (350_000 / idx.length));
    }
    expect(Math.max(...worst)).toBeLessThanOrEqual(2);
  });

  it('with an exact count, holds what the checkpoints hold (not an upper bound), within the budget', () => {
    // A run's state at event i as a set of parts (one byte each) that never come back once replaced,
    // so what two checkpoints share is what every state between them holds too (as for snapshots).
    const run = (seed: number, length: number) => {
      const states: Set<number>[] = [];
      let next = 0;
      let live = new Set<number>();
      for (let i = 0; i < 200; i++) live.add(next++);
      let x = seed >>> 0;
      for (let i = 0; i <= length; i++) {
        states.push(live);
        live = new Set(live);
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        for (let j = 0; j < 1 + (x % 7); j++) {
          const gone = (x >>> 8) % (next + 1);
          if (live.delete(gone) || j === 0) live.add(next++);
        }
      }
      return states;
    };
    const unshared = (later: Checkpoint<Set<number>>, earlier: Checkpoint<Set<number>>) => {
      let n = 0;
      for (const p of later.data) if (!earlier.data.has(p)) n++;
      return n;
    };
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 250, max: 600 }),
        fc.array(fc.nat(399), { maxLength: 20 }),
        (seed, budget, middles) => {
          const states = run(seed, 400);
          const s = new CheckpointStore<Set<number>>(1024, budget, unshared);
          s.add(0, states[0]!, states[0]!.size);
          for (let i = 5; i <= 400; i += 5) {
            // Now and then a replay after a seek back adds one in the middle of history.
            if (middles.includes(i))
              s.add(middles.indexOf(i) * 17 + 1, states[middles.indexOf(i) * 17 + 1]!, 1);
            const before = s.atOrBefore(i - 1)!;
            s.add(i, states[i]!, unshared({ index: i, data: states[i]!, bytes: 0, total: 0 }, before));
          }
          const held = new Set<number>();
          for (const i of s.indexes()) for (const p of states[i]!) held.add(p);
          expect(s.bytes).toBe(held.size);
          if (s.size > 2) expect(s.bytes).toBeLessThanOrEqual(budget);
        },
      ),
      { numRuns: 60 },
    );
  });
});
