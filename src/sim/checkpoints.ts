// Checkpoints by event index, bounded in number: when there are more than `max`, one is dropped,
// preferring old ones in dense places, so recent history stays dense (cheap small step-backs) and
// older history thins out roughly geometrically. The first checkpoint (index 0) is never dropped.

export interface Checkpoint<T> {
  index: number;
  data: T;
}

export class CheckpointStore<T> {
  private items: Checkpoint<T>[] = [];

  constructor(readonly max = 64) {
    if (max < 2) throw new RangeError('need room for at least 2 checkpoints');
  }

  get size(): number {
    return this.items.length;
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

  /** Adds (or replaces) the checkpoint at index; returns the indexes of checkpoints thinned out. */
  add(index: number, data: T): number[] {
    const at = this.items.findIndex((c) => c.index >= index);
    if (at < 0) this.items.push({ index, data });
    else if (this.items[at]!.index === index) this.items[at] = { index, data };
    else this.items.splice(at, 0, { index, data });
    const dropped: number[] = [];
    while (this.items.length > this.max) dropped.push(this.thinOne());
    return dropped;
  }

  /** The newest checkpoint at or before index. */
  atOrBefore(index: number): Checkpoint<T> | undefined {
    let lo = 0;
    let hi = this.items.length - 1;
    let best: Checkpoint<T> | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.items[mid]!;
      if (c.index <= index) {
        best = c;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  /** Drops every checkpoint after index (the timeline changed there); returns their indexes. */
  dropAfter(index: number): number[] {
    const keep = this.items.filter((c) => c.index <= index);
    const dropped = this.items.filter((c) => c.index > index).map((c) => c.index);
    this.items = keep;
    return dropped;
  }

  clear(): void {
    this.items = [];
  }

  private thinOne(): number {
    const items = this.items;
    const latest = items[items.length - 1]!.index;
    let best = 1;
    let bestCost = Infinity;
    for (let i = 1; i < items.length - 1; i++) {
      const gap = items[i + 1]!.index - items[i - 1]!.index;
      const cost = gap / (latest - items[i]!.index + 1);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    return items.splice(best, 1)[0]!.index;
  }
}
