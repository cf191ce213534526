import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneState, cloneStateSharing, deepClone } from './clone';
import { isTableSnap, type TableSnap } from './table-snapshot';
import { isTable, table, writableEntry } from './tables';

interface Conn {
  n: number;
  log: number[];
  buf: Uint8Array;
}

const conn = (n: number): Conn => ({ n, log: [n], buf: new Uint8Array([n & 255]) });

/** A snapshot's state, live again (as NodeHost restores it). */
const restored = <T>(snap: T): T => cloneState(snap).value;

function state() {
  return {
    name: 'MVS1',
    conns: table<Record<string, Conn>>({ a: conn(1), b: conn(2) }),
    list: table([conn(7)]),
  };
}

describe('tables: entries shared between a state and its copies', () => {
  it('a snapshot holds tables in buckets; a restore rebuilds them as tables sharing the entries', () => {
    const s = state();
    const snap = cloneState(s).value;
    expect(isTableSnap(snap.conns) && isTableSnap(snap.list)).toBe(true);
    const live = restored(snap);
    expect(live.conns).not.toBe(s.conns);
    expect(live.conns.a).toBe(s.conns.a);
    expect(live.list[0]).toBe(s.list[0]);
    expect(isTable(live.conns) && isTable(live.list)).toBe(true);
    expect(live).toEqual(s);
  });

  it('writableEntry copies a shared entry once, and the copy is not seen by the snapshot', () => {
    const s = state();
    const snap = cloneState(s).value;
    const before = deepClone(restored(snap));
    const held = restored(snap).conns.a;
    const w = writableEntry(s.conns, 'a')!;
    expect(w).not.toBe(held);
    expect(writableEntry(s.conns, 'a')).toBe(w);
    w.n = 99;
    w.log.push(99);
    const l = writableEntry(s.list, 0)!;
    l.buf[0] = 42;
    expect(restored(snap)).toEqual(before);
    expect(s.conns.a!.n).toBe(99);
    expect(s.list[0]!.buf[0]).toBe(42);
    expect(writableEntry(s.conns, 'missing')).toBeUndefined();
    expect(writableEntry(s.list, 5)).toBeUndefined();
  });

  it('a write that bypasses writableEntry throws on a shared entry (tests freeze them)', () => {
    const s = state();
    cloneState(s);
    expect(() => {
      s.conns.b!.n = 5;
    }).toThrow(TypeError);
    expect(() => {
      s.conns.b!.log.push(5);
    }).toThrow(TypeError);
  });

  it('a sharing copy reuses the base table when nothing changed and counts only new entries', () => {
    const s = state();
    const first = cloneState(s);
    const again = cloneStateSharing(s, first.value);
    expect(again.value).toBe(first.value);
    expect(again.bytes).toBe(0);
    expect(again.total).toBe(first.total);
    writableEntry(s.conns, 'b')!.n = 3;
    const third = cloneStateSharing(s, first.value);
    expect(third.value.conns).not.toBe(first.value.conns);
    expect(restored(third.value).conns.a).toBe(restored(first.value).conns.a);
    expect(third.value.list).toBe(first.value.list);
    expect(third.bytes).toBeGreaterThan(0);
    expect(third.bytes).toBeLessThan(first.bytes);
    // A key order change alone is a change too.
    const t = s.conns;
    const a = t.a!;
    delete t.a;
    t.a = a;
    const fourth = cloneStateSharing(s, third.value);
    expect(Object.keys(restored(fourth.value).conns)).toEqual(['b', 'a']);
  });

  it('adding a key to a big table copies the last run of its key order, not the whole order', () => {
    const s = { conns: table<Record<string, Conn>>({}) };
    for (let i = 0; i < 1000; i++) s.conns[`k${i}`] = conn(i);
    const first = cloneState(s);
    s.conns.extra = conn(-1);
    const second = cloneStateSharing(s, first.value);
    const runs = (x: typeof first.value) => (x.conns as unknown as TableSnap).order!;
    const last = runs(first.value).length - 1;
    expect(last).toBeGreaterThan(2);
    for (let r = 0; r < last; r++) expect(runs(second.value)[r]).toBe(runs(first.value)[r]);
    expect(runs(second.value)[last]).not.toBe(runs(first.value)[last]);
    expect(second.bytes).toBeLessThan(first.bytes / 10);
    expect(Object.keys(restored(second.value).conns)).toEqual(Object.keys(s.conns));
  });

  it('a table of plain values (an index) is shared like one of objects', () => {
    const s = { index: table<Record<string, number>>({}) };
    for (let i = 0; i < 500; i++) s.index[`c${i}`] = i;
    const first = cloneState(s);
    s.index.c7 = -7;
    delete s.index.c498;
    const second = cloneStateSharing(s, first.value);
    expect(second.bytes).toBeLessThan(first.bytes / 4);
    const live = restored(second.value);
    expect(isTable(live.index)).toBe(true);
    expect(live).toEqual(s);
    expect(restored(first.value).index.c7).toBe(7);
    expect(restored(first.value).index.c498).toBe(498);
  });

  it('random writes, adds and deletes never change a snapshot, and each equals the state it was taken of', () => {
    type Op = { kind: 'write' | 'add' | 'delete' | 'snap' | 'restore' | 'bulk'; key: number; v: number };
    const op = fc.record({
      kind: fc.constantFrom<Op['kind']>('write', 'add', 'delete', 'snap', 'restore', 'bulk'),
      key: fc.nat(5),
      v: fc.integer(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        type State = { conns: Record<string, Conn> };
        let live: State = { conns: table<Record<string, Conn>>({}) };
        const snaps: { snap: State; copy: State }[] = [];
        let last: State | null = null;
        for (const o of ops) {
          const k = `k${o.key}`;
          if (o.kind === 'write') {
            const w = writableEntry(live.conns, k);
            if (w) {
              w.n = o.v;
              w.log.push(o.v);
              w.buf = new Uint8Array([o.v & 255]);
            }
          } else if (o.kind === 'add') live.conns[k] = conn(o.v);
          else if (o.kind === 'delete') delete live.conns[k];
          // Many keys at once, so key orders span several runs (table-snapshot.ts).
          else if (o.kind === 'bulk') for (let i = 0; i < 300; i++) live.conns[`b${o.key}-${i}`] = conn(i);
          else if (o.kind === 'snap') {
            const snap: State = (last ? cloneStateSharing(live, last) : cloneState(live)).value;
            last = snap;
            snaps.push({ snap, copy: deepClone(live) });
          } else if (snaps.length) {
            const { snap } = snaps[Math.abs(o.v) % snaps.length]!;
            live = restored(snap);
            last = snap;
          }
        }
        for (const { snap, copy } of snaps) expect(restored(snap)).toEqual(copy);
      }),
    );
  });
});
