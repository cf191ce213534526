import type { Entry, QueuedInput } from './events';
import { MinHeap } from './heap';
import type { NodeHost } from './host';
import type { Micros } from './types';

// One node's share of a lookahead window (used by the Worker runtime). The scheduler hands each
// node the queued events it has before a cut; nothing another node does can reach this node before
// the cut (the cut is at most the smallest link latency past the window's first event), so the
// node can run them alone. Timers it sets for before the cut run here too, in the place the
// sequential kernel would run them: after every queued event of the same time (their seqs, given
// later by the scheduler, are larger than any seq that exists now), in the order they were set.

export interface WindowEvent {
  time: Micros;
  seq: number;
  input: QueuedInput;
}

interface Item {
  time: Micros;
  /** Queued events: their seq; local timers: -1. */
  seq: number;
  /** Local timers: their window-local id (creation order); queued events: -1. */
  local: number;
  input: QueuedInput;
}

function before(a: Item, b: Item): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.local < 0 !== b.local < 0) return a.local < 0;
  return a.local < 0 ? a.seq < b.seq : a.local < b.local;
}

/** Runs the events in canonical order and returns the entries (stale timers leave none). */
export async function runWindow(host: NodeHost, events: WindowEvent[], localCut: Micros): Promise<Entry[]> {
  const heap = new MinHeap<Item>(
    before,
    events.map((e) => ({ time: e.time, seq: e.seq, local: -1, input: e.input })),
  );
  const entries: Entry[] = [];
  let nextLocal = 0;
  for (let item = heap.pop(); item; item = heap.pop()) {
    const r = host.run(item.time, item.input, item.seq, item.local);
    const entry = r instanceof Promise ? await r : r;
    if (!entry) continue;
    for (const out of entry.outputs) {
      if (out.type !== 'timer' || out.at >= localCut) continue;
      out.local = nextLocal++;
      heap.push({
        time: out.at,
        seq: -1,
        local: out.local,
        input: { type: 'timer', key: out.key, token: out.token },
      });
    }
    entries.push(entry);
  }
  return entries;
}
