import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventBefore } from './events';
import { MinHeap } from './heap';

describe('MinHeap', () => {
  it('pops (time, seq) pairs in sorted order whatever the insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), (times) => {
        const items = times.map((time, seq) => ({ time, seq }));
        const h = new MinHeap(eventBefore);
        for (const i of fc.sample(fc.shuffledSubarray(items, { minLength: items.length }), 1)[0]!) h.push(i);
        const out = [];
        for (let x = h.pop(); x; x = h.pop()) out.push(x);
        expect(out).toEqual([...items].sort((a, b) => a.time - b.time || a.seq - b.seq));
      }),
    );
  });

  it('rebuilds from an array (checkpoint restore)', () => {
    const h = new MinHeap(eventBefore, [
      { time: 3, seq: 0 },
      { time: 1, seq: 2 },
      { time: 1, seq: 1 },
    ]);
    expect(h.pop()).toEqual({ time: 1, seq: 1 });
    expect(h.toArray()).toHaveLength(2);
  });

  it('a copy in heap order (toArray) becomes a heap again as it is, popping the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), fc.nat(20), (times, popped) => {
        const h = new MinHeap(eventBefore);
        for (const [seq, time] of times.entries()) h.push({ time, seq });
        for (let i = 0; i < popped; i++) h.pop();
        const copy = MinHeap.ordered(eventBefore, h.toArray());
        const a = [];
        const b = [];
        for (let x = h.pop(); x; x = h.pop()) a.push(x);
        for (let x = copy.pop(); x; x = copy.pop()) b.push(x);
        expect(b).toEqual(a);
      }),
    );
  });
});
