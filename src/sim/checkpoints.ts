// Checkpoints by event index, bounded in number and in bytes: when there are more than `max`, or
// they hold more than `maxBytes`, one is dropped, preferring ones in dense places far from the
// newest checkpoint and from the one just added (where the run is: after a seek back, a replay adds
// checkpoints in the middle of history), so history stays dense where step-backs go and thins out
// away from there, the gaps growing as the square root of the distance up to NEAR events away and
// even beyond: a far seek replays at most about twice the even spacing. (Gaps growing in
// proportion to the distance, as they did, left one gap of half the run at 10,000 connections: a
// seek to the middle replayed 176,000 events.) The first checkpoint (index 0) and the newest are
// never dropped.
//
// Bytes: each checkpoint comes with the bytes it newly holds (snapshots share unchanged parts with
// the snapshot before them) and, when known, its total (shared parts included). Dropping a
// checkpoint frees less than its bytes when the next one shares them. With an `unshared` count
// (unshared-bytes.ts: what one checkpoint holds that another does not) the next one's bytes are
// then counted again against the checkpoint now before it, as are the bytes of the one after a
// checkpoint added in the middle of history: the sum is what the checkpoints hold. Without one the
// dropped checkpoint's bytes move on to the next, up to that one's total: an upper bound, which
// never drifts past the totals however long the run, but thins far more than needed when
// checkpoints are big (~1.6× what was held at 10,000 connections). Without totals either nothing
// moves (moving everything would grow without bound over a long run): the sum then misses what the
// held checkpoints share with thinned ones, about one whole state.

/**
 * Within this many events of the newest checkpoint or of the one just added, gaps grow as the
 * square root of the distance; farther out they are even. (Growing all the way, a run of 350,000
 * events at 10,000 connections, whose checkpoints are whole states under the byte budget, left its
 * first 64,000–88,000 events without one.)
 */
const NEAR = 4096;

export interface Checkpoint<T> {
  index: number;
  data: T;
  /** Bytes this checkpoint holds, counting what thinned-out neighbours left it. */
  bytes: number;
  /** Bytes of everything it refers to, shared or not (Infinity: unknown). */
  total: number;
}

/**
 * The bytes `later` holds that `earlier` does not, or undefined when that cannot be told. `via`:
 * later's bytes are counted against it, and `earlier` is `via` run on (it shares every part of via's
 * that the run did not change, and its own parts are new): then later holds the same of earlier's
 * nodes as of via's, and the count need not walk them.
 */
export type UnsharedCount<T> = (
  later: Checkpoint<T>,
  earlier: Checkpoint<T>,
  via?: Checkpoint<T>,
) => number | undefined;

export class CheckpointStore<T> {
  private items: Checkpoint<T>[] = [];
  private held = 0;

  constructor(
    readonly max = 64,
    readonly maxBytes = Number.POSITIVE_INFINITY,
    private readonly unshared?: UnsharedCount<T>,
  ) {
    if (max < 2) throw new RangeError('need room for at least 2 checkpoints');
    if (!(maxBytes > 0)) throw new RangeError('the checkpoint byte budget must be positive');
  }

  get size(): number {
    return this.items.length;
  }

  /** Bytes the checkpoints hold (an upper bound; see the file comment). */
  get bytes(): number {
    return this.held;
  }

  get last(): Checkpoint<T> | undefined {
    return this.items[this.items.length - 1];
  }

  indexes(): number[] {
    return this.items.map((c) => c.index);
  }

  has(index: number): boolean {
    return this.atOrBefore(index)?.index === index;
  }

  /**
   * Adds (or replaces) the checkpoint at index, holding `bytes` newly (`total` in all); returns the
   * indexes of checkpoints thinned out. `countedAgainst`: the checkpoint `bytes` were counted
   * against, if the caller knows it (when it is the one before, the count need not be redone).
   */
  add(
    index: number,
    data: T,
    bytes = 0,
    total = Number.POSITIVE_INFINITY,
    countedAgainst?: number,
  ): number[] {
    const item: Checkpoint<T> = { index, data, bytes, total: Math.max(total, bytes) };
    let at = this.position(index) - 1;
    if (at >= 0 && this.items[at]!.index === index) {
      this.held -= this.items[at]!.bytes;
      this.items[at] = item;
    } else this.items.splice(++at, 0, item);
    this.held += bytes;
    // Counted against the one now before it (the caller's count is against the state its
    // snapshot shares with, which need not be that one), and the one after it now shares with it.
    const before = this.items[at - 1];
    const runOn = countedAgainst !== undefined && before?.index === countedAgainst;
    if (!runOn) this.recount(at);
    // Added in the middle of history by running on from the one before it (a seek back): the one
    // after it was counted against that one, and the count against the new one need not walk the
    // nodes again (a walk of a whole state at 10,000 connections: ~12 ms of a far seek in Node).
    this.recount(at + 1, runOn ? before : undefined);
    const dropped: number[] = [];
    while (this.items.length > 2 && (this.items.length > this.max || this.held > this.maxBytes))
      dropped.push(this.thinOne(index));
    return dropped;
  }

  /** The newest checkpoint at or before index. */
  atOrBefore(index: number): Checkpoint<T> | undefined {
    const at = this.position(index);
    return at > 0 ? this.items[at - 1] : undefined;
  }

  /** How many checkpoints are at or before index. */
  private position(index: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.index <= index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops every checkpoint after index (the timeline changed there); returns their indexes. */
  dropAfter(index: number): number[] {
    const keep = this.items.filter((c) => c.index <= index);
    const gone = this.items.filter((c) => c.index > index);
    this.items = keep;
    for (const c of gone) this.held -= c.bytes;
    return gone.map((c) => c.index);
  }

  clear(): void {
    this.items = [];
    this.held = 0;
  }

  /**
   * Counts the bytes of the checkpoint at position i against the one before it (`via`: as
   * UnsharedCount's); false: cannot.
   */
  private recount(i: number, via?: Checkpoint<T>): boolean {
    const item = this.items[i];
    const before = this.items[i - 1];
    if (!this.unshared || !item || !before) return false;
    const n = this.unshared(item, before, via);
    if (n === undefined) return false;
    this.held += n - item.bytes;
    item.bytes = n;
    return true;
  }

  private thinOne(focus: number): number {
    const items = this.items;
    const latest = items[items.length - 1]!.index;
    let best = 1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let i = 1; i < items.length - 1; i++) {
      const at = items[i]!.index;
      const gap = items[i + 1]!.index - items[i - 1]!.index;
      const cost = gap / Math.sqrt(Math.min(NEAR, latest - at, Math.abs(focus - at)) + 1);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    const [gone] = items.splice(best, 1);
    this.held -= gone!.bytes;
    if (!this.recount(best)) {
      // What the next checkpoint shares with the dropped one stays held: its bytes move on.
      const next = items[best]!;
      const moved = Number.isFinite(next.total)
        ? Math.min(gone!.bytes, Math.max(0, next.total - next.bytes))
        : 0;
      next.bytes += moved;
      this.held += moved;
    }
    return gone!.index;
  }
}
