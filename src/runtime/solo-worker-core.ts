import type { NodeView } from '../sim/host';
import { NodeFailureError } from '../sim/kernel';
import type { ActorRegistry } from '../sim/registry';
import type { TraceEvent } from '../sim/trace-store';
import { InProcessRuntime } from './in-process';
import type { KeyExports } from './sa-keys';
import type { FromSolo, SoloState, ToSolo } from './solo-protocol';

// The solo Worker's logic, free of Worker globals (solo-worker.ts wires it to `self`; tests use
// in-memory-solo-worker.ts): the whole simulation runs here on an InProcessRuntime, the same code
// and order as in-process, so the trace and the fingerprint are the in-process ones. The page's
// thread only draws. A pool of Workers (worker-runtime.ts) pays a round trip per lookahead window,
// and at a sysplex's 4–5 events a window that bounded it at about half the in-process rate.
//
// Requests arrive one at a time (the page queues them). While one runs for long (a far seek), the
// runtime breathes every ~16 ms: the trace events so far and the position go to the page, and the
// thread takes messages, so 'stop-seek' reaches the seek.

export class SoloWorkerCore {
  private rt: InProcessRuntime | null = null;
  private loaded = false;
  /** Trace events not yet sent. */
  private events: TraceEvent[] = [];
  /** The last view object sent per node (the runtime returns the same one while nothing changed). */
  private readonly sent = new Map<string, NodeView>();

  constructor(
    private readonly registry: ActorRegistry,
    private readonly post: (message: FromSolo) => void,
    /** Gives the thread back for a moment (a macrotask), so queued messages are handled. */
    private readonly yieldThread: () => Promise<void>,
  ) {}

  receive(m: ToSolo): void {
    if (m.type === 'stop-seek') this.rt?.stopSeek();
    else void this.handle(m);
  }

  private async handle(m: Exclude<ToSolo, { type: 'stop-seek' }>): Promise<void> {
    try {
      let views: (NodeView | null)[] | undefined;
      let keys: KeyExports | undefined;
      if (m.type === 'load') {
        this.rt?.dispose();
        this.loaded = false;
        this.sent.clear();
        this.events = [];
        // No view copies here: posting a view to the page copies it.
        const rt = new InProcessRuntime(this.registry, {
          ...m.options,
          breathe: () => this.breathe(),
          viewCopies: false,
        });
        rt.subscribe((e) => this.events.push(e));
        this.rt = rt;
        await rt.load(m.world, m.journal);
        this.loaded = true;
      } else {
        const rt = this.runtime();
        if (m.type === 'step') await rt.step(m.n);
        else if (m.type === 'run') await rt.run(m.limit);
        else if (m.type === 'seek') await rt.seek(m.eventIndex, m.keptFrom);
        else if (m.type === 'ready-step-back') await rt.readyStepBack();
        else if (m.type === 'inject') await rt.inject(m.op);
        else if (m.type === 'view') views = [await rt.view(m.node, m.pages)];
        else if (m.type === 'keys') keys = await rt.keys();
        else views = this.unchangedAsNull(await rt.views(m.request));
      }
      this.sendTrace();
      this.post({
        type: 'done',
        id: m.id,
        state: this.state()!,
        ...(views ? { views } : {}),
        ...(keys ? { keys } : {}),
      });
    } catch (e) {
      this.sendTrace();
      const err = e instanceof Error ? e : new Error(String(e));
      this.post({
        type: 'failed',
        id: m.id,
        name: err.name,
        message: err.message,
        ...(e instanceof NodeFailureError ? { failures: e.failures } : {}),
        state: this.state(),
      });
    }
  }

  private runtime(): InProcessRuntime {
    if (!this.rt || !this.loaded) throw new Error('no world loaded');
    return this.rt;
  }

  private state(): SoloState | null {
    const rt = this.rt;
    if (!rt || !this.loaded) return null;
    return {
      status: rt.status(),
      checkpoints: rt.checkpointStats(),
      firstRecord: rt.firstRecord(),
      journal: rt.journalEntries(),
    };
  }

  /** A view equal to the last one sent for its node goes as null (the page keeps that one). */
  private unchangedAsNull(views: NodeView[]): (NodeView | null)[] {
    return views.map((v) => {
      if (this.sent.get(v.id) === v) return null;
      this.sent.set(v.id, v);
      return v;
    });
  }

  private sendTrace(): void {
    if (!this.events.length) return;
    const events = this.events;
    this.events = [];
    this.post({ type: 'trace', events });
  }

  private async breathe(): Promise<void> {
    this.sendTrace();
    const rt = this.rt;
    if (rt) this.post({ type: 'progress', ...rt.position() });
    await this.yieldThread();
  }
}
