import { hash } from './table-snapshot';

// A node's timers: key → token of the timer set last under it (host.ts). A client host at 10,000
// connections has thousands (a TCP timer and a request timer each), and it sets or clears a few
// every event. They live in buckets of about PER_BUCKET keys: a snapshot takes the buckets as they
// are, and the table copies a bucket before it next writes to it. So a snapshot ~1,000 events after
// the one before newly holds the buckets written since, where a whole-Map copy held every timer
// again (a quarter of a checkpoint's bytes at 10,000 connections).
//
// Nothing iterates the timers, so the bucket layout (which depends on the table's history) never
// shows in a run.

const PER_BUCKET = 8;
/** Rough bytes of a Map and of each of its entries (the key strings are shared, not counted). */
const MAP_BYTES = 64;
const ENTRY_BYTES = 32;

export interface TimerSnapshot {
  /** Never written again: a table copies a bucket before writing to it. */
  readonly buckets: readonly ReadonlyMap<string, number>[];
  readonly size: number;
}

export class TimerTable {
  private buckets: Map<string, number>[];
  /** Buckets written since the last snapshot: this table's own (others are a snapshot's). */
  private own: Uint8Array;
  private count: number;
  /** The last snapshot, while nothing changed since. */
  private taken: TimerSnapshot | null = null;

  constructor(from?: TimerSnapshot) {
    this.buckets = from ? (from.buckets.slice() as Map<string, number>[]) : [new Map()];
    this.own = new Uint8Array(this.buckets.length);
    this.count = from?.size ?? 0;
    this.taken = from ?? null;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    return this.buckets[this.at(key)]!.get(key);
  }

  set(key: string, token: number): void {
    const b = this.writable(this.at(key));
    const before = b.size;
    b.set(key, token);
    this.count += b.size - before;
    if (this.count > 2 * PER_BUCKET * this.buckets.length) this.grow();
  }

  delete(key: string): void {
    const i = this.at(key);
    if (!this.buckets[i]!.has(key)) return;
    this.writable(i).delete(key);
    this.count--;
  }

  /**
   * The timers as they are now, and the rough bytes it newly holds: the buckets written since the
   * last snapshot (0 when nothing changed).
   */
  snapshot(): { snap: TimerSnapshot; bytes: number } {
    if (this.taken) return { snap: this.taken, bytes: 0 };
    let bytes = 16 + 8 * this.buckets.length;
    for (let i = 0; i < this.buckets.length; i++)
      if (this.own[i]) bytes += MAP_BYTES + ENTRY_BYTES * this.buckets[i]!.size;
    this.own.fill(0);
    this.taken = { buckets: this.buckets.slice(), size: this.count };
    return { snap: this.taken, bytes };
  }

  /** Rough bytes of a snapshot, shared buckets included. */
  static bytes(s: TimerSnapshot): number {
    return 16 + 8 * s.buckets.length + MAP_BYTES * s.buckets.length + ENTRY_BYTES * s.size;
  }

  /** Rough bytes of what `later` holds that `earlier` does not (buckets it shares are free). */
  static unsharedBytes(later: TimerSnapshot, earlier: TimerSnapshot | undefined): number {
    if (later === earlier) return 0;
    let bytes = 16 + 8 * later.buckets.length;
    const old = earlier?.buckets.length === later.buckets.length ? earlier.buckets : null;
    for (let i = 0; i < later.buckets.length; i++) {
      const b = later.buckets[i]!;
      if (old?.[i] !== b) bytes += MAP_BYTES + ENTRY_BYTES * b.size;
    }
    return bytes;
  }

  private at(key: string): number {
    return hash(key) & (this.buckets.length - 1);
  }

  private writable(i: number): Map<string, number> {
    this.taken = null;
    if (this.own[i]) return this.buckets[i]!;
    const copy = new Map(this.buckets[i]);
    this.buckets[i] = copy;
    this.own[i] = 1;
    return copy;
  }

  /** Twice the buckets, all new (the table's own). */
  private grow(): void {
    const n = this.buckets.length * 2;
    const next: Map<string, number>[] = Array.from({ length: n }, () => new Map());
    for (const b of this.buckets) for (const [k, v] of b) next[hash(k) & (n - 1)]!.set(k, v);
    this.buckets = next;
    this.own = new Uint8Array(n).fill(1);
  }
}
