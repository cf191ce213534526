import { type TraceEvent, TraceStore } from '../sim/trace-store';
import { KeptFuture } from './kept-future';

// The page's copy of the solo Worker's trace (solo-worker-runtime.ts), built from the trace events
// the Worker sends, and the records a seek back cut, kept as BaseRuntime keeps them: when the Worker
// restores a checkpoint forward past records its own (small) trace does not hold, it says 'skip',
// and the mirror puts the records back from what it kept instead. So the records are held once, on
// the page's side, not also in the Worker.

export class TraceMirror {
  readonly store: TraceStore;
  private readonly future: KeptFuture;

  constructor(limit?: number, bytes?: number) {
    this.store = new TraceStore(limit, bytes);
    this.future = new KeptFuture(bytes ?? this.store.byteLimit);
  }

  apply(events: readonly TraceEvent[]): void {
    const t = this.store;
    for (const e of events) {
      if (e.type === 'records') {
        for (const r of e.records) t.push(r);
        this.future.dropBefore(t.count, false);
      } else if (e.type === 'truncate') {
        if (e.count < t.count) this.future.keep(t, e.count);
        t.truncate(e.count);
      } else if (this.future.covers(t.count, e.count)) this.future.bringBack(t, e.count);
      else {
        this.future.skipTo(e.count);
        t.skipTo(e.count);
      }
    }
    t.flush();
  }

  /** The timeline branches (an injection): what was cut belongs to the old one. */
  dropFuture(): void {
    this.future.clear();
  }
}
