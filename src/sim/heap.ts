// A binary min-heap. The kernel's queue orders events by (time, seq); seq is unique, so the order
// is total and never depends on insertion order or on the heap's internal layout.

export class MinHeap<T> {
  constructor(
    private readonly less: (a: T, b: T) => boolean,
    private items: T[] = [],
  ) {
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** A heap over items already in heap order (a toArray() copy): no re-ordering pass. */
  static ordered<T>(less: (a: T, b: T) => boolean, items: T[]): MinHeap<T> {
    const h = new MinHeap(less);
    h.items = items;
    return h;
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Keeps only the items `keep` accepts (in O(n): filter, then heapify). */
  retain(keep: (item: T) => boolean): void {
    this.items = this.items.filter(keep);
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** A copy of the items in heap order (cheap to restore: already a valid heap). */
  toArray(): T[] {
    return this.items.slice();
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!this.less(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(items[r]!, items[l]!) ? r : l;
      if (!this.less(items[c]!, item)) break;
      items[i] = items[c]!;
      i = c;
    }
    items[i] = item;
  }
}
