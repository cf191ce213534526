import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TimerSnapshot, TimerTable } from './timer-table';

// The timers' buckets: a snapshot never changes, equals the table it was taken of, and newly holds
// only the buckets written since the snapshot before.

function contents(s: TimerSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of s.buckets) for (const [k, v] of b) out.set(k, v);
  return out;
}

describe('TimerTable', () => {
  it('a snapshot newly holds the buckets written since the last one, and 0 when none was', () => {
    const t = new TimerTable();
    for (let i = 0; i < 2000; i++) t.set(`tcp|conn${i}|rto`, i);
    const first = t.snapshot();
    expect(first.snap.size).toBe(2000);
    expect(t.snapshot()).toEqual({ snap: first.snap, bytes: 0 });
    t.set('tcp|conn5|rto', 9999);
    t.delete('tcp|conn6|rto');
    t.delete('no such timer');
    const second = t.snapshot();
    expect(second.bytes).toBeGreaterThan(0);
    expect(second.bytes).toBeLessThan(first.bytes / 20);
    const shared = second.snap.buckets.filter((b, i) => b === first.snap.buckets[i]).length;
    expect(shared).toBeGreaterThanOrEqual(second.snap.buckets.length - 2);
    expect(contents(first.snap).get('tcp|conn5|rto')).toBe(5);
    expect(contents(first.snap).has('tcp|conn6|rto')).toBe(true);
    expect(new TimerTable(second.snap).get('tcp|conn5|rto')).toBe(9999);
    expect(new TimerTable(second.snap).get('tcp|conn6|rto')).toBeUndefined();
    expect(second.snap.size).toBe(1999);
  });

  it('random sets, deletes, snapshots and restores: every snapshot keeps what the table held', () => {
    const op = fc.record({
      kind: fc.constantFrom('set', 'delete', 'snap', 'restore', 'bulk'),
      key: fc.nat(40),
      v: fc.integer(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let t = new TimerTable();
        let model = new Map<string, number>();
        const snaps: { snap: TimerSnapshot; copy: Map<string, number> }[] = [];
        for (const o of ops) {
          const k = `k${o.key}`;
          if (o.kind === 'set') {
            t.set(k, o.v);
            model.set(k, o.v);
          } else if (o.kind === 'delete') {
            t.delete(k);
            model.delete(k);
          } else if (o.kind === 'bulk') {
            // Enough keys to make the table grow its buckets.
            for (let i = 0; i < 50; i++) {
              t.set(`b${o.key}-${i}`, i);
              model.set(`b${o.key}-${i}`, i);
            }
          } else if (o.kind === 'snap') snaps.push({ snap: t.snapshot().snap, copy: new Map(model) });
          else if (snaps.length) {
            const s = snaps[Math.abs(o.v) % snaps.length]!;
            t = new TimerTable(s.snap);
            model = new Map(s.copy);
          }
          expect(t.size).toBe(model.size);
          expect(t.get(k)).toBe(model.get(k));
        }
        for (const { snap, copy } of snaps) {
          expect(contents(snap)).toEqual(copy);
          expect(snap.size).toBe(copy.size);
        }
      }),
    );
  });
});
