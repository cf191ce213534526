import type { Entry } from './events';
import { MinHeap } from './heap';
import type { Kernel } from './kernel';

// Folds the entries of a lookahead window into the kernel in the order a sequential run would have
// produced them: repeatedly the node whose next entry has the smallest (time, seq). A timer a node
// ran inside the window has no seq yet when the window ends; it gets one when the entry that set it
// is folded in, which always happens first (it came earlier on the same node).

interface Cursor {
  node: string;
  entries: Entry[];
  at: number;
  localSeqs: Map<number, number>;
  time: number;
  seq: number;
}

function keyOf(c: Cursor): void {
  const e = c.entries[c.at]!;
  c.time = e.time;
  if (e.seq >= 0) {
    c.seq = e.seq;
    return;
  }
  const seq = c.localSeqs.get(e.local);
  if (seq === undefined) throw new Error(`merge: local timer ${e.local} of ${c.node} ran before it was set`);
  c.seq = seq;
}

const before = (a: Cursor, b: Cursor) => a.time < b.time || (a.time === b.time && a.seq < b.seq);

/** Applies every entry; `onApplied` runs after each one (for predicates and progress). */
export function mergeWindow(
  kernel: Kernel,
  perNode: Map<string, Entry[]>,
  onApplied?: (node: string) => void,
): void {
  const heap = new MinHeap<Cursor>(before);
  for (const [node, entries] of perNode) {
    if (entries.length === 0) continue;
    const c: Cursor = { node, entries, at: 0, localSeqs: new Map(), time: 0, seq: 0 };
    keyOf(c);
    heap.push(c);
  }
  for (let c = heap.pop(); c; c = heap.pop()) {
    kernel.apply(c.node, c.entries[c.at]!, c.localSeqs);
    onApplied?.(c.node);
    if (++c.at < c.entries.length) {
      keyOf(c);
      heap.push(c);
    }
  }
}
