import { CheckpointStore } from '../sim/checkpoints';
import type { NodeView } from '../sim/host';
import { type Injection, Kernel, type KernelSnapshot, NodeFailureError } from '../sim/kernel';
import type { TraceListener } from '../sim/trace-store';
import type { Micros, TraceRecord, World } from '../sim/types';
import type { RunLimit, Runtime, RuntimeOptions, RuntimeStatus } from './runtime';

// What both runtimes share: the kernel (queue, links, trace, fingerprint), checkpoints, the journal
// of injections, seek, and one-operation-at-a-time. A subclass only says how events are run
// (advance) and where the actors' states live (save/restore/view hosts).

/** How far one advance() may go: up to target events, events with time ≤ time. */
export interface AdvanceLimit {
  target: number;
  time: Micros;
  until?: ((record: TraceRecord) => boolean) | undefined;
}

export type AdvanceResult =
  /** Reached target, or should be called again (e.g. after rewinding). */
  | { kind: 'progress' }
  /** No event left before the limit. */
  | { kind: 'idle' }
  /** A record of event `event` matched `until`; the runtime may have run past it. */
  | { kind: 'matched'; event: number };

interface JournalEntry {
  at: number;
  time: Micros;
  op: Injection;
}

export abstract class BaseRuntime implements Runtime {
  abstract readonly mode: 'in-process' | 'workers';
  protected kernel: Kernel | null = null;
  private readonly checkpoints: CheckpointStore<KernelSnapshot>;
  private journal: JournalEntry[] = [];
  private journalCursor = 0;
  private readonly listeners = new Set<TraceListener>();
  private chain: Promise<unknown> = Promise.resolve();
  protected readonly checkpointEvery: number;
  private readonly traceLimit: number | undefined;
  /** Failures before this event were reported already (replays after seeking back repeat them). */
  private reportedUpTo = 0;

  constructor(options: RuntimeOptions = {}) {
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.checkpoints = new CheckpointStore(options.maxCheckpoints ?? 64);
    this.traceLimit = options.traceLimit;
  }

  protected abstract createHosts(world: World, kernel: Kernel): Promise<void>;
  protected abstract advance(limit: AdvanceLimit): Promise<AdvanceResult>;
  /** Saves every host's state under index; resolves to the bytes the saved states hold. */
  protected abstract saveHosts(index: number): number | Promise<number>;
  protected abstract restoreHosts(index: number): void | Promise<void>;
  protected abstract forgetHosts(indexes: number[]): void;
  protected abstract viewNodes(ids: string[]): Promise<NodeView[]>;
  protected abstract disposeHosts(): void;

  load(world: World): Promise<void> {
    return this.exclusive(async () => {
      this.disposeHosts();
      const kernel = new Kernel(world, this.traceLimit === undefined ? {} : { traceLimit: this.traceLimit });
      for (const l of this.listeners) kernel.trace.subscribe(l);
      this.kernel = kernel;
      this.checkpoints.clear();
      this.journal = [];
      this.journalCursor = 0;
      this.reportedUpTo = 0;
      await this.createHosts(world, kernel);
      await this.checkpointNow();
    });
  }

  step(n = 1): Promise<RuntimeStatus> {
    return this.exclusive(() => this.runTo({ target: this.k.eventIndex + n, time: Infinity }));
  }

  run(limit: RunLimit): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      const k = this.k;
      const time = limit.time ?? Infinity;
      const target = limit.maxEvents === undefined ? Infinity : k.eventIndex + limit.maxEvents;
      const status = await this.runTo({ target, time, until: limit.until }, () => {
        // The clock moves to the requested time when everything up to it has run.
        const next = k.queue.peek();
        if (time !== Infinity && k.now < time && (!next || next.time > time) && k.eventIndex < target)
          k.now = time;
      });
      return status;
    });
  }

  seek(eventIndex: number): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      await this.seekTo(eventIndex);
      return this.finish();
    });
  }

  inject(op: Injection): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      const k = this.k;
      // The timeline branches here: later journal entries and checkpoints belong to the old one.
      this.journal = this.journal.filter((j) => j.at <= k.eventIndex);
      this.forgetHosts(this.checkpoints.dropAfter(k.eventIndex));
      k.inject(op, k.now);
      this.journal.push({ at: k.eventIndex, time: k.now, op });
      this.journalCursor = this.journal.length;
      this.reportedUpTo = k.eventIndex;
      return this.finish();
    });
  }

  async view(node: string): Promise<NodeView> {
    const [v] = await this.exclusive(() => this.viewNodes([node]));
    return v!;
  }

  views(): Promise<NodeView[]> {
    return this.exclusive(() => this.viewNodes(this.k.world.actors.map((a) => a.id)));
  }

  status(): RuntimeStatus {
    const k = this.k;
    return {
      eventIndex: k.eventIndex,
      time: k.now,
      fingerprint: k.fingerprint.hex(),
      pending: k.queue.size,
      nextTime: k.queue.peek()?.time ?? null,
      failed: [...k.failed].map(([node, message]) => ({ node, message })),
    };
  }

  records(from?: number, to?: number): TraceRecord[] {
    return this.k.trace.slice(from, to);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    const off = this.kernel?.trace.subscribe(listener);
    return () => {
      this.listeners.delete(listener);
      off?.();
    };
  }

  dispose(): void {
    this.disposeHosts();
    this.kernel = null;
  }

  protected get k(): Kernel {
    if (!this.kernel) throw new Error('no world loaded');
    return this.kernel;
  }

  /** Called by subclasses at every point where all node states are consistent. */
  protected maybeCheckpoint(): void | Promise<void> {
    const k = this.k;
    const prev = this.checkpoints.atOrBefore(k.eventIndex);
    if (prev && k.eventIndex - prev.index < this.checkpointEvery) return;
    return this.checkpointNow();
  }

  /** Restores the newest checkpoint at or before index (used by seek and by overshoot recovery). */
  protected async restoreAtOrBefore(index: number): Promise<void> {
    const cp = this.checkpoints.atOrBefore(index);
    if (!cp) throw new Error(`no checkpoint at or before event ${index}`);
    this.k.restore(cp.data);
    await this.restoreHosts(cp.index);
    this.journalCursor = this.journal.findIndex((j) => j.at >= cp.index);
    if (this.journalCursor < 0) this.journalCursor = this.journal.length;
  }

  /** Back to event 0 with every later checkpoint dropped (after a Worker had to be replaced). */
  protected async rewindToStart(): Promise<void> {
    this.forgetHosts(this.checkpoints.dropAfter(0));
    await this.restoreAtOrBefore(0);
  }

  private async checkpointNow(): Promise<void> {
    const k = this.k;
    const dropped = this.checkpoints.add(k.eventIndex, k.snapshot());
    await this.saveHosts(k.eventIndex);
    if (dropped.length) this.forgetHosts(dropped);
  }

  private async seekTo(eventIndex: number): Promise<void> {
    if (!Number.isSafeInteger(eventIndex) || eventIndex < 0) throw new RangeError(`seek(${eventIndex})`);
    if (eventIndex < this.k.eventIndex) await this.restoreAtOrBefore(eventIndex);
    await this.runTo({ target: eventIndex, time: Infinity }, undefined, false);
  }

  private applyJournal(): void {
    const k = this.k;
    for (
      let j = this.journal[this.journalCursor];
      j && j.at <= k.eventIndex;
      j = this.journal[this.journalCursor]
    ) {
      if (j.at < k.eventIndex) throw new Error(`journal entry at ${j.at} skipped (now ${k.eventIndex})`);
      k.inject(j.op, j.time);
      this.journalCursor++;
    }
  }

  private async runTo(limit: AdvanceLimit, after?: () => void, finish = true): Promise<RuntimeStatus> {
    const k = this.k;
    for (;;) {
      this.applyJournal();
      if (k.eventIndex >= limit.target) break;
      const nextJournal = this.journal[this.journalCursor]?.at ?? Infinity;
      const r = await this.advance({ ...limit, target: Math.min(limit.target, nextJournal) });
      if (r.kind === 'idle') break;
      if (r.kind === 'matched') {
        if (k.eventIndex > r.event + 1) await this.seekTo(r.event + 1);
        break;
      }
    }
    after?.();
    return finish ? this.finish() : this.status();
  }

  /** Hands new records to subscribers; rejects if a handler threw during the operation. */
  private finish(): RuntimeStatus {
    const k = this.k;
    k.trace.flush();
    const failures = k.takeFailures().filter((f) => f.event >= this.reportedUpTo);
    this.reportedUpTo = Math.max(this.reportedUpTo, k.eventIndex);
    if (failures.length) throw new NodeFailureError(failures);
    return this.status();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
