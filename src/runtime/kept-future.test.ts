import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordBytes, TraceStore } from '../sim/trace-store';
import type { TraceRecord } from '../sim/types';
import { KeptFuture } from './kept-future';

// KeptFuture keeps a running count of its bytes rather than measuring every record it holds on each
// seek back. Checked against the plain rule: after each keep, the longest run of the records cut and
// the old future's (from the cut's end on) whose bytes fit, at least one.

function record(index: number, summaryLength: number, frameBytes: number): TraceRecord {
  return {
    index,
    event: index,
    time: index * 10,
    node: 'MVS1',
    kind: 'note',
    summary: 'x'.repeat(summaryLength),
    ...(frameBytes ? { frame: new Uint8Array(frameBytes) } : {}),
  };
}

/** The rule, written plainly: which records a future keeps, from which index. */
class PlainFuture {
  records: TraceRecord[] = [];
  from = 0;
  constructor(private readonly maxBytes: number) {}
  keep(trace: TraceStore, from: number): void {
    const count = trace.count;
    const cut = trace.slice(from, count);
    const end = this.from + this.records.length;
    const rest = this.from <= count && end > count ? this.records.slice(count - this.from) : [];
    const kept = [...cut, ...rest];
    let n = 0;
    let bytes = 0;
    while (n < kept.length && (n === 0 || bytes + recordBytes(kept[n]!) <= this.maxBytes))
      bytes += recordBytes(kept[n++]!);
    this.records = kept.slice(0, n);
    this.from = count - cut.length;
  }
  dropBefore(count: number): void {
    const behind = count - this.from;
    if (behind <= 0) return;
    this.records = this.records.slice(behind);
    this.from += behind;
  }
  covers(count: number, to: number): boolean {
    return this.from <= count && this.from + this.records.length >= to;
  }
  skipTo(to: number): void {
    const end = this.from + this.records.length;
    this.records = this.from <= to && end > to ? this.records.slice(to - this.from) : [];
    this.from = to;
  }
}

type Op =
  | { op: 'run'; sizes: [number, number][] }
  | { op: 'back'; by: number }
  | { op: 'forward'; by: number }
  | { op: 'drop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('run' as const),
    sizes: fc.array(fc.tuple(fc.nat(60), fc.oneof(fc.constant(0), fc.nat(300))), { maxLength: 40 }),
  }),
  fc.record({ op: fc.constant('back' as const), by: fc.nat(60) }),
  fc.record({ op: fc.constant('forward' as const), by: fc.nat(60) }),
  fc.record({ op: fc.constant('drop' as const) }),
);

describe('KeptFuture', () => {
  it('keeps what the plain rule keeps, through runs, seeks back and forward', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 40 }),
        fc.integer({ min: 150, max: 2500 }),
        (ops, maxBytes) => {
          const trace = new TraceStore(80, 1e9);
          const future = new KeptFuture(maxBytes);
          const plain = new PlainFuture(maxBytes);
          let made = 0;
          // Records made once per index, the same objects again when the timeline is run again.
          const ran: TraceRecord[] = [];
          const at = (i: number, s: [number, number]) => (ran[i] ??= record(i, s[0], s[1]));
          for (const o of ops) {
            if (o.op === 'run') {
              for (const s of o.sizes) trace.push(at(trace.count, s));
              made = Math.max(made, trace.count);
              future.dropBefore(trace.count, false);
            } else if (o.op === 'back') {
              const c = Math.max(0, trace.count - o.by);
              future.keep(trace, c);
              plain.keep(trace, c);
              trace.truncate(c);
            } else if (o.op === 'forward') {
              const to = Math.min(made, trace.count + o.by);
              if (to <= trace.count) continue;
              expect(future.covers(trace.count, to)).toBe(plain.covers(trace.count, to));
              if (future.covers(trace.count, to)) future.bringBack(trace, to);
              else {
                future.skipTo(to);
                plain.skipTo(to);
                trace.skipTo(to);
              }
            } else {
              future.dropBefore(trace.count, true);
            }
            // The plain future lets go of what is behind the present at once; the real one in batches.
            plain.dropBefore(trace.count);
            const held = future.held();
            const ahead = held.slice(Math.max(0, trace.count - future.start));
            expect(ahead.map((r) => r.index)).toEqual(plain.records.map((r) => r.index));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('after a forced drop holds only records ahead of the present', () => {
    const trace = new TraceStore();
    const future = new KeptFuture(1e6);
    for (let i = 0; i < 10; i++) trace.push(record(i, 5, 0));
    future.keep(trace, 4);
    trace.truncate(4);
    for (let i = 4; i < 7; i++) trace.push(record(i, 5, 0));
    future.dropBefore(trace.count, true);
    expect(future.start).toBe(7);
    expect(future.held().map((r) => r.index)).toEqual([7, 8, 9]);
  });

  /**
   * Ten records of 140 rough bytes run, a seek back to record 2 (the future holds 4 of them: 560 of
   * 600 bytes), then records 2 and 3 run again; `force`: the future lets go of them at once.
   */
  function backToTwoAndRunTwo(force: boolean) {
    const trace = new TraceStore();
    const future = new KeptFuture(600);
    const rs = Array.from({ length: 10 }, (_, i) => record(i, 6, 0));
    for (const r of rs) trace.push(r);
    future.keep(trace, 2);
    trace.truncate(2);
    expect(future.held().map((r) => r.index)).toEqual([2, 3, 4, 5]);
    trace.push(rs[2]!);
    trace.push(rs[3]!);
    future.dropBefore(trace.count, force);
    return { trace, future };
  }

  it('counts the old future less what the trace ran again when a seek back joins them', () => {
    const { trace, future } = backToTwoAndRunTwo(false);
    future.keep(trace, 3);
    trace.truncate(3);
    expect(future.held().map((r) => r.index)).toEqual([3, 4, 5]);
  });

  it('counts what a forced drop let go of', () => {
    const { trace, future } = backToTwoAndRunTwo(true);
    expect(future.held().map((r) => r.index)).toEqual([4, 5]);
    future.keep(trace, 2);
    trace.truncate(2);
    expect(future.held().map((r) => r.index)).toEqual([2, 3, 4, 5]);
  });
});
