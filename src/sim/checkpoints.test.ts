import { describe, expect, it } from 'vitest';
import { CheckpointStore } from './checkpoints';

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

  it('inserts in order and replaces at the same index', () => {
    const s = new CheckpointStore<string>(10);
    s.add(0, 'a');
    s.add(20, 'b');
    s.add(10, 'c');
    s.add(20, 'd');
    expect(s.indexes()).toEqual([0, 10, 20]);
    expect(s.atOrBefore(20)?.data).toBe('d');
  });
});
