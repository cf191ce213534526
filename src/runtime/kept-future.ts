import { recordBytes, type TraceStore } from '../sim/trace-store';
import type { Micros, TraceRecord } from '../sim/types';

// Trace records cut off by seeking back, from record `from` on. The timeline is the same until an
// injection, so running forward again makes them again, identically: a forward seek that restores a
// checkpoint past the present puts them back instead of replaying them (BaseRuntime), and the page's
// mirror of the solo Worker's trace fills a skip with them (trace-mirror.ts).

/** Records kept at most, whatever their bytes. */
const FUTURE_LIMIT = 200_000;
/**
 * Records the trace holds again are let go of in batches of at least this many (or an eighth of
 * the future), so running forward does not copy the future's array after every chunk.
 */
const PAST_FUTURE_BATCH = 4096;

export class KeptFuture {
  private records: TraceRecord[] = [];
  private from = 0;
  /** Rough bytes of `records` (recordBytes), kept up to date so keep() need not measure them all. */
  private bytes = 0;

  /** maxBytes: rough bytes of records kept at most (as many as the trace keeps). */
  constructor(private readonly maxBytes: number) {}

  clear(): void {
    this.records = [];
    this.from = 0;
    this.bytes = 0;
  }

  /** Keeps the trace's records from `from` on (about to be cut by seeking back). */
  keep(trace: TraceStore, from: number): void {
    const count = trace.count;
    const cut = trace.slice(from, count);
    const start = count - cut.length;
    // The old future goes on where the cut ends, if it reaches that far.
    const end = this.from + this.records.length;
    const skip = count - this.from;
    let kept = cut;
    let bytes = sumBytes(cut, 0, cut.length);
    if (this.from <= count && end > count) {
      kept = cut.concat(skip === 0 ? this.records : this.records.slice(skip));
      // What the old future held, less its records before the cut's end: whichever part is shorter
      // is measured (a step back at 10,000 connections measured the whole future, ~70,000 records,
      // on each side: ~18 ms in the Worker and as much on the page).
      bytes +=
        skip <= this.records.length - skip
          ? this.bytes - sumBytes(this.records, 0, skip)
          : sumBytes(this.records, skip, this.records.length);
    }
    // As many as the trace itself keeps, nearest first (seeks back one after another added the
    // trace's records to what was kept each time: up to 200,000 records at 10,000 connections).
    let n = kept.length;
    if (n > FUTURE_LIMIT) {
      bytes -= sumBytes(kept, FUTURE_LIMIT, n);
      n = FUTURE_LIMIT;
    }
    while (n > 1 && bytes > this.maxBytes) bytes -= recordBytes(kept[--n]!);
    kept.length = n;
    this.records = kept;
    this.bytes = bytes;
    this.from = start;
  }

  /**
   * Lets go of the records before record `count` (the present): running again made the same
   * records, which the trace and its subscribers hold now. Kept, they were a second copy of
   * everything a seek back replayed: 27 MB of the main thread's heap after a far seek back at 10,000
   * connections. `force`: whatever their number.
   */
  dropBefore(count: number, force: boolean): void {
    const behind = count - this.from;
    if (behind <= 0 || !this.records.length) return;
    if (
      !force &&
      behind < Math.min(this.records.length, Math.max(PAST_FUTURE_BATCH, this.records.length >> 3))
    )
      return;
    this.drop(behind);
    this.from += behind;
  }

  /** Holds every record from `count` (the present) to `to`. */
  covers(count: number, to: number): boolean {
    return this.from <= count && this.from + this.records.length >= to;
  }

  /** Puts the kept records from the trace's end to `to` back in the trace (a forward restore). */
  bringBack(trace: TraceStore, to: number): void {
    if (!this.covers(trace.count, to)) throw new Error(`trace records ${trace.count}–${to} are not kept`);
    for (const r of this.records.slice(trace.count - this.from, to - this.from)) trace.push(r);
  }

  /** The trace goes on from record `to`, past records not kept: keeps what it holds from there on. */
  skipTo(to: number): void {
    const end = this.from + this.records.length;
    if (this.from <= to && end > to) this.drop(to - this.from);
    else this.clear();
    this.from = to;
  }

  /** Drops the first n records. */
  private drop(n: number): void {
    if (n >= this.records.length) {
      this.records = [];
      this.bytes = 0;
      return;
    }
    this.bytes -= sumBytes(this.records, 0, n);
    this.records = this.records.slice(n);
  }

  /** The time of event `event` if the kept records hold it. */
  timeOf(event: number): Micros | undefined {
    const f = this.records;
    let lo = 0;
    let hi = f.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (f[mid]!.event < event) lo = mid + 1;
      else hi = mid;
    }
    // Any record of the event has its time or an earlier one (a link injected before it).
    const r = f[lo];
    return r && r.event === event ? r.time : undefined;
  }

  /** The records kept (for tests). */
  held(): readonly TraceRecord[] {
    return this.records;
  }

  /** Index of the first record kept (for tests). */
  get start(): number {
    return this.from;
  }
}

function sumBytes(records: readonly TraceRecord[], start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) bytes += recordBytes(records[i]!);
  return bytes;
}
