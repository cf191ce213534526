import type { NodeView } from '../sim/host';
import { type Injection, NodeFailureError } from '../sim/kernel';
import type { TraceListener } from '../sim/trace-store';
import type { Micros, TraceRecord, World } from '../sim/types';
import type { TablePages, ViewRequest } from '../sim/view-page';
import type { JournalEntry } from './base-runtime';
import type { CheckpointStats, RunLimit, Runtime, RuntimeOptions, RuntimeStatus } from './runtime';
import type { KeyExports } from './sa-keys';
import type { FromSolo, SoloOptions, SoloState, SoloWorkerLike, ToSolo } from './solo-protocol';
import { TraceMirror } from './trace-mirror';

// The whole simulation in one Web Worker (solo-worker-core.ts), seen from the page: every call
// becomes one request, queued one at a time; the page mirrors what the Runtime interface reads
// without waiting (status, position, checkpoint stats, the trace in memory), from the trace events
// and the state each reply carries. Same trace and fingerprint as in-process: it is the in-process
// runtime, on another thread.
//
// A run `until` a record matches (a function, which cannot cross to the Worker) goes in chunks that
// grow from 64 events; the page matches the records of each, and when a chunk ran past the first
// match it seeks back to just after it, as BaseRuntime does for a Worker pool's window.
//
// A Worker that dies takes the run with it: a new one loads the world again with the journal of
// injections, the run is back at event 0, and the request that was under way rejects saying so.

/** Makes the solo Worker (solo-worker.ts in the browser; an in-memory stand-in in tests). */
export type SoloWorkerFactory = () => SoloWorkerLike;

/** Real module Worker (Vite bundles solo-worker.ts from this literal URL). */
export const moduleSoloWorkerFactory: SoloWorkerFactory = () =>
  new Worker(new URL('./solo-worker.ts', import.meta.url), { type: 'module' }) as unknown as SoloWorkerLike;

/**
 * The Worker's own trace: records are held on the page's side (trace-mirror.ts), which also keeps
 * what a seek back cuts; the Worker's trace only hands them over.
 */
const WORKER_TRACE = { traceLimit: 4096, traceBytes: 1024 * 1024 };

const UNTIL_FIRST_CHUNK = 64;
const UNTIL_LAST_CHUNK = 4096;

type Request = ToSolo extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
type Done = Extract<FromSolo, { type: 'done' }>;

interface Pending {
  what: string;
  resolve: (m: Done) => void;
  reject: (e: Error) => void;
}

export class SoloWorkerRuntime implements Runtime {
  readonly mode = 'workers' as const;
  private worker: SoloWorkerLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<TraceListener>();
  private trace: TraceMirror;
  private world: World | null = null;
  private state: SoloState | null = null;
  private at: { eventIndex: number; time: Micros } = { eventIndex: 0, time: 0 };
  private journal: JournalEntry[] = [];
  /** The last view received per node (a reply's null stands for it). */
  private readonly lastViews = new Map<string, NodeView>();
  private seeking = false;
  /** The page's options (the trace it keeps), and the Worker's (its runtime's). */
  private readonly options: RuntimeOptions;
  private readonly workerOptions: SoloOptions;

  constructor(
    private readonly factory: SoloWorkerFactory,
    options: RuntimeOptions = {},
  ) {
    const { clock: _c, breathe: _b, workers: _w, viewCopies: _v, ...rest } = options;
    this.options = options;
    this.workerOptions = {
      ...rest,
      traceLimit: Math.min(options.traceLimit ?? Infinity, WORKER_TRACE.traceLimit),
      traceBytes: Math.min(options.traceBytes ?? Infinity, WORKER_TRACE.traceBytes),
    };
    this.trace = this.newTrace();
  }

  load(world: World): Promise<void> {
    return this.exclusive(async () => {
      this.world = world;
      this.journal = [];
      this.state = null;
      this.trace = this.newTrace();
      this.at = { eventIndex: 0, time: 0 };
      this.lastViews.clear();
      if (!this.worker) this.worker = this.start();
      await this.request({ type: 'load', world, journal: [], options: this.workerOptions }, 'load');
    });
  }

  step(n = 1): Promise<RuntimeStatus> {
    return this.exclusive(() => this.statusOf({ type: 'step', n }, `step(${n})`));
  }

  run(limit: RunLimit): Promise<RuntimeStatus> {
    const { until, ...rest } = limit;
    if (!until) return this.exclusive(() => this.statusOf({ type: 'run', limit: rest }, 'run'));
    return this.exclusive(() => this.runUntil(rest, until));
  }

  seek(eventIndex: number): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      this.seeking = true;
      try {
        return await this.statusOf(
          { type: 'seek', eventIndex, keptFrom: this.trace.store.firstKept },
          `seek(${eventIndex})`,
        );
      } finally {
        this.seeking = false;
      }
    });
  }

  stopSeek(): void {
    if (this.seeking) this.worker?.postMessage({ type: 'stop-seek' });
  }

  readyStepBack(): Promise<RuntimeStatus> {
    return this.exclusive(() => this.statusOf({ type: 'ready-step-back' }, 'readyStepBack'));
  }

  inject(op: Injection): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      const st = await this.statusOf({ type: 'inject', op }, 'inject');
      this.trace.dropFuture();
      return st;
    });
  }

  async view(node: string, pages: TablePages = {}): Promise<NodeView> {
    const done = await this.exclusive(() => this.request({ type: 'view', node, pages }, `view of ${node}`));
    return done.views![0]!;
  }

  async keys(): Promise<KeyExports> {
    const done = await this.exclusive(() => this.request({ type: 'keys' }, 'keys'));
    return done.keys!;
  }

  views(request: ViewRequest = {}): Promise<NodeView[]> {
    return this.exclusive(async () => {
      const done = await this.request({ type: 'views', request }, 'views');
      return done.views!.map((v, i) => {
        if (v) {
          this.lastViews.set(v.id, v);
          return v;
        }
        const id = this.world!.actors[i]!.id;
        const last = this.lastViews.get(id);
        if (!last) throw new Error(`the Worker sent no view of '${id}'`);
        return last;
      });
    });
  }

  status(): RuntimeStatus {
    return this.loaded().status;
  }

  position(): { eventIndex: number; time: Micros } {
    return { ...this.at };
  }

  checkpointStats(): CheckpointStats {
    return this.loaded().checkpoints;
  }

  records(from?: number, to?: number): TraceRecord[] {
    return this.trace.store.slice(from, to);
  }

  firstRecord(): number {
    return this.trace.store.firstKept;
  }

  subscribe(listener: TraceListener): () => void {
    // Through the set, not the mirror: a load makes a new mirror.
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.state = null;
    this.world = null;
    for (const p of this.pending.values()) p.reject(new Error(`${p.what}: the runtime was disposed`));
    this.pending.clear();
  }

  private loaded(): SoloState {
    if (!this.state) throw new Error('no world loaded');
    return this.state;
  }

  private newTrace(): TraceMirror {
    const t = new TraceMirror(this.options.traceLimit, this.options.traceBytes);
    t.store.subscribe((e) => {
      for (const l of this.listeners) l(e);
    });
    return t;
  }

  private async runUntil(
    limit: Omit<RunLimit, 'until'>,
    until: (r: TraceRecord) => boolean,
  ): Promise<RuntimeStatus> {
    const start = this.loaded().status.eventIndex;
    const target = limit.maxEvents === undefined ? Infinity : start + limit.maxEvents;
    let chunk = UNTIL_FIRST_CHUNK;
    for (;;) {
      const from = this.loaded().status.eventIndex;
      const records = this.trace.store.count;
      const n = Math.min(chunk, target - from);
      const st = await this.statusOf(
        { type: 'run', limit: { ...limit, maxEvents: n, loose: false } },
        `run to a matching record from event #${from}`,
      );
      const hit = this.trace.store.slice(records).find(until);
      if (hit) {
        if (st.eventIndex > hit.event + 1)
          return this.statusOf(
            { type: 'seek', eventIndex: hit.event + 1, keptFrom: this.trace.store.firstKept },
            `seek(${hit.event + 1})`,
          );
        return st;
      }
      // Done: the budget is spent, or the run stopped short of the chunk (the time, or nothing left).
      if (st.eventIndex >= target || st.eventIndex - from < n) return st;
      chunk = Math.min(chunk * 2, UNTIL_LAST_CHUNK);
    }
  }

  private async statusOf(req: Request, what: string): Promise<RuntimeStatus> {
    return (await this.request(req, what)).state.status;
  }

  private request(req: Request, what: string): Promise<Done> {
    const w = this.worker;
    if (!w) return Promise.reject(new Error('no world loaded'));
    const id = this.nextId++;
    return new Promise<Done>((resolve, reject) => {
      this.pending.set(id, { what, resolve, reject });
      w.postMessage({ ...req, id } as ToSolo);
    });
  }

  private start(): SoloWorkerLike {
    const w = this.factory();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => void this.crashed(w, e.message ?? 'the Worker failed');
    return w;
  }

  private receive(m: FromSolo): void {
    if (m.type === 'trace') this.trace.apply(m.events);
    else if (m.type === 'progress') this.at = { eventIndex: m.eventIndex, time: m.time };
    else {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.state) this.mirror(m.state);
      if (m.type === 'done') p.resolve(m);
      else if (m.failures) p.reject(new NodeFailureError(m.failures));
      else {
        const e = m.name === 'RangeError' ? new RangeError(m.message) : new Error(m.message);
        e.name = m.name;
        p.reject(e);
      }
    }
  }

  private mirror(s: SoloState): void {
    this.state = s;
    this.journal = s.journal;
    this.at = { eventIndex: s.status.eventIndex, time: s.status.time };
  }

  /**
   * The Worker died: a new one loads the world with the journal (the run is at event 0 again,
   * consistent), and whatever was under way rejects saying so.
   */
  private async crashed(dead: SoloWorkerLike, why: string): Promise<void> {
    if (dead !== this.worker) return;
    dead.terminate();
    const under = [...this.pending.values()];
    this.pending.clear();
    const world = this.world;
    this.worker = this.start();
    this.lastViews.clear();
    this.trace.store.truncate(0);
    this.trace.dropFuture();
    this.at = { eventIndex: 0, time: 0 };
    let reloaded = world !== null;
    if (world) {
      try {
        await this.request(
          { type: 'load', world, journal: this.journal, options: this.workerOptions },
          'reload',
        );
      } catch {
        reloaded = false;
        this.state = null;
      }
    }
    const after = reloaded ? 'the run was reset to event 0 with a new Worker' : 'a new Worker has no world';
    for (const p of under) p.reject(new Error(`${p.what} failed: the Worker died (${why}); ${after}`));
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
