import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneState, cloneStateSharing } from './clone';
import { table, writableEntry } from './tables';
import { unsharedBytes } from './unshared-bytes';

// The exact count must agree with what a snapshot itself counted against the snapshot before it
// (so a checkpoint's bytes mean the same whether counted when it was taken or after a thinning),
// and, against an older snapshot, never be more than the upper bound the checkpoint store used to
// move on (its own bytes plus those of the one in between).

interface Conn {
  seq: number;
  name: string;
  buf: Uint8Array;
  stats: { n: number };
}

interface State {
  meta: { label: string; count: number; list: number[] };
  conns: Record<string, Conn>;
  cells: { v: number }[];
}

function fresh(size: number): State {
  const conns = table({} as Record<string, Conn>);
  for (let i = 0; i < size; i++)
    conns[`c${i}`] = { seq: i, name: `conn ${i}`, buf: new Uint8Array(i % 5), stats: { n: 0 } };
  const cells = table(Array.from({ length: size }, (_, v) => ({ v })));
  return { meta: { label: 'x', count: 0, list: [1, 2] }, conns, cells };
}

type Op =
  | { t: 'write'; i: number }
  | { t: 'add'; i: number }
  | { t: 'delete'; i: number }
  | { t: 'cell'; i: number }
  | { t: 'meta' }
  | { t: 'push' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('write' as const), i: fc.nat(200) }),
  fc.record({ t: fc.constant('add' as const), i: fc.nat(400) }),
  fc.record({ t: fc.constant('delete' as const), i: fc.nat(200) }),
  fc.record({ t: fc.constant('cell' as const), i: fc.nat(200) }),
  fc.record({ t: fc.constant('meta' as const) }),
  fc.record({ t: fc.constant('push' as const) }),
);

/** Runs the op as actor code would (writes through writableEntry, the rest by assignment). */
function apply(s: State, o: Op): void {
  switch (o.t) {
    case 'write': {
      const c = writableEntry(s.conns, `c${o.i}`);
      if (c) {
        c.seq += 7;
        c.stats.n++;
      }
      return;
    }
    case 'add':
      s.conns[`n${o.i}`] = { seq: o.i, name: `new ${o.i}`, buf: new Uint8Array(3), stats: { n: 1 } };
      return;
    case 'delete':
      delete s.conns[`c${o.i}`];
      return;
    case 'cell': {
      if (o.i >= s.cells.length) return;
      const c = writableEntry(s.cells, o.i);
      if (c) c.v++;
      return;
    }
    case 'meta':
      s.meta.count++;
      return;
    case 'push':
      s.meta.list.push(s.meta.list.length);
      return;
  }
}

describe('unsharedBytes', () => {
  it('is 0 for the same snapshot, and the whole copy against nothing', () => {
    const s = cloneState(fresh(50));
    expect(unsharedBytes(s.value, s.value)).toBe(0);
    expect(unsharedBytes(s.value, undefined)).toBe(s.bytes);
    expect(unsharedBytes(s.value, undefined)).toBeGreaterThan(50 * 100);
  });

  it('counts what a snapshot counted against the one before, and at most the bound against older ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.array(op, { maxLength: 30 }), { minLength: 2, maxLength: 6 }),
        (size, rounds) => {
          const live = fresh(size);
          const snaps = [cloneState(live)];
          for (const round of rounds) {
            for (const o of round) apply(live, o);
            const before = snaps[snaps.length - 1]!;
            // The same moment counted against the snapshot two back, as if the one between were gone.
            const older = snaps.length > 1 ? snaps[snaps.length - 2]! : null;
            const skip = older ? cloneStateSharing(live, older.value) : null;
            const s = cloneStateSharing(live, before.value);
            expect(unsharedBytes(s.value, before.value)).toBe(s.bytes);
            if (older && skip) {
              const exact = unsharedBytes(s.value, older.value);
              expect(exact).toBeGreaterThanOrEqual(skip.bytes);
              expect(exact).toBeLessThanOrEqual(s.bytes + before.bytes);
            }
            snaps.push(s);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
