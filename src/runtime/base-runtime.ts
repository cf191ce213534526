import { type Checkpoint, CheckpointStore } from '../sim/checkpoints';
import { type FingerprintMark, MARK_EVERY } from '../sim/fingerprint-marks';
import type { NodeView } from '../sim/host';
import {
  type Injection,
  Kernel,
  type KernelOptions,
  type KernelSnapshot,
  NodeFailureError,
} from '../sim/kernel';
import { TRACE_BYTES, type TraceListener } from '../sim/trace-store';
import type { Micros, TraceRecord, World } from '../sim/types';
import {
  type TablePages,
  VIEW_ROWS,
  type ViewOptions,
  type ViewRequest,
  viewOptions,
} from '../sim/view-page';
import { KeptFuture } from './kept-future';
import type { CheckpointStats, RunLimit, Runtime, RuntimeOptions, RuntimeStatus } from './runtime';
import { KeyCollector, type KeyExports } from './sa-keys';

// What both runtimes share: the kernel (queue, links, trace, fingerprint), checkpoints, the journal
// of injections, seek, and one-operation-at-a-time. A subclass only says how events are run
// (advance) and where the actors' states live (save/restore/view hosts).
//
// Checkpoints: by events (checkpointEvery), or by cost (checkpointMs): when the wall time spent
// running since the last checkpoint reaches checkpointMs, or (1 − share) / share times what the last
// checkpoints cost (their median) if that is more, so checkpoints take about `share` of the running
// time at most (a third of that for big states: see maybeCheckpoint). Running includes the replay
// after a seek, so a seek leaves checkpoints on its way, more sparsely (seekCheckpointShare: the
// user waits for the seek); and one whose replay is long (over 2 × checkpointMs and a checkpoint's
// cost) leaves one a little before its target (a quarter of checkpointMs), so the next step backs
// are short; readyStepBack() does the same for the present when a play stops (a step back from
// there is the most common one). A seek's replay is bounded by the time of its target event when
// the records the seek back cut hold it: everything before that time runs in whole windows (no
// slowing down near the target).
// Checkpoints are bounded in number and in bytes (CheckpointStore).
// Where checkpoints land never changes the trace: restoring one is exact.
// Replays are quiet where they can be (runtimes whose hosts are on this thread): events the
// timeline ran before, up to the fingerprint mark LOUD_TAIL events before the target, run without
// records (fingerprint-marks.ts), and the trace is cut only where the records start again. When the
// trace (or the page's mirror of it) still holds those LOUD_TAIL events' records, the quiet part
// goes on up to where the seek leaves its checkpoint, just before the target.

const DEFAULT_BYTES = 256 * 1024 * 1024;
/** Fewer whole states than this in the byte budget: a big state (maybeCheckpoint). */
const BIG_STATE = 16;
/** Checkpoints are spaced by the median cost of the last few (one slow one, a GC, leaves no gap). */
const COST_SAMPLES = 5;
/** A queued event in a checkpoint, besides its frame bytes. */
const EVENT_BYTES = 96;
/**
 * Events before a seek's target replayed with their records, for the event list and the panels
 * around it (~1,500 records at 10,000 connections); the replay before them may be quiet.
 */
const LOUD_TAIL = 512;

/** How far one advance() may go: up to target events, events with time ≤ time. */
export interface AdvanceLimit {
  target: number;
  time: Micros;
  until?: ((record: TraceRecord) => boolean) | undefined;
  /**
   * Every event with time ≤ `time` is before `target` (a replay bounded by the time of the target
   * event, known from the records a seek back cut): windows cannot overshoot, so they need not
   * shrink near the target.
   */
  beforeTarget?: boolean;
  /** The run may go past target (RunLimit.loose): windows need not shrink near it. */
  loose?: boolean;
  /** Asked between windows (in-process: after each event): true ends the advance there (a stopped seek). */
  stop?: () => boolean;
}

export type AdvanceResult =
  /** Reached target, or should be called again (e.g. after rewinding). */
  | { kind: 'progress' }
  /** No event left before the limit. */
  | { kind: 'idle' }
  /** A record of event `event` matched `until`; the runtime may have run past it. */
  | { kind: 'matched'; event: number };

/** An injection and where it happened: replays repeat it there. */
export interface JournalEntry {
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
  /** Events between checkpoints, when checkpointing by events. */
  protected readonly checkpointEvery: number;
  /** Running time between checkpoints (ms), when checkpointing by cost; null: by events. */
  private readonly checkpointMs: number | null;
  /** The largest share of the running time checkpoints may take (checkpointShare). */
  private readonly share: number;
  /** The same while a seek replays. */
  private readonly seekShare: number;
  /** Events before a seek's target replayed with their records (RuntimeOptions.loudTail). */
  private readonly loudTail: number;
  private readonly clock: () => number;
  private readonly traceOptions: KernelOptions;
  /** Failures before this event were reported already (replays after seeking back repeat them). */
  private reportedUpTo = 0;
  /** Running time since the last checkpoint (ms), up to `mark`. */
  private spent = 0;
  /** When `spent` was last brought up to date, while running. */
  private mark = 0;
  /** The checkpoint the running time counts from (a replay passing an older one starts anew). */
  private spentSince = -1;
  /** Wall ms the last checkpoint took. */
  private lastCost = 0;
  /** Rough bytes of the whole state at the last checkpoint (shared parts included; 0: unknown). */
  private stateBytes = 0;
  /** Wall ms the last few checkpoints took (their median spaces checkpoints by cost). */
  private costs: number[] = [];
  /** Wall ms per event while running (a moving average), to weigh replaying against restoring. */
  private msPerEvent = 0;
  /** Records cut off by seeking back, for seeking forward again (kept-future.ts). */
  private readonly future: KeptFuture;
  /** A seek is under way; `stopping`: stopSeek() asked it to end where it has got. */
  private seeking = false;
  private stopping = false;
  /** Every SA key the nodes held since load: a subclass adds the views after events that bring keys. */
  protected readonly saKeys = new KeyCollector();

  constructor(options: RuntimeOptions = {}) {
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.checkpointMs = options.checkpointMs ?? null;
    const share = options.checkpointShare ?? 0.15;
    if (!(share > 0 && share < 1)) throw new RangeError(`checkpointShare ${share}: between 0 and 1`);
    this.share = share;
    const seekShare = options.seekCheckpointShare ?? share / 3;
    if (!(seekShare > 0 && seekShare < 1))
      throw new RangeError(`seekCheckpointShare ${seekShare}: between 0 and 1`);
    this.seekShare = seekShare;
    this.loudTail = options.loudTail ?? LOUD_TAIL;
    if (!(this.loudTail >= 0)) throw new RangeError(`loudTail ${this.loudTail}: not negative`);
    this.clock = options.clock ?? (() => performance.now());
    this.checkpoints = new CheckpointStore(
      options.maxCheckpoints ?? (this.checkpointMs === null ? 64 : 1024),
      options.checkpointBytes ?? DEFAULT_BYTES,
      (later, earlier, via) => {
        // The queue's part is counted by sequence number (queueBytes), not by what is shared.
        const hosts = via
          ? later.bytes - queueBytes(later.data, via.data.nextSeq).bytes
          : this.unsharedHostBytes(later.index, earlier.index);
        return hosts === undefined ? undefined : hosts + queueBytes(later.data, earlier.data.nextSeq).bytes;
      },
    );
    // As many bytes of records as the trace keeps.
    this.future = new KeptFuture(options.traceBytes ?? TRACE_BYTES);
    this.traceOptions = {
      ...(options.traceLimit !== undefined ? { traceLimit: options.traceLimit } : {}),
      ...(options.traceBytes !== undefined ? { traceBytes: options.traceBytes } : {}),
    };
  }

  protected abstract createHosts(world: World, kernel: Kernel): Promise<void>;
  protected abstract advance(limit: AdvanceLimit): Promise<AdvanceResult>;
  /**
   * Saves every host's state under index; resolves to the bytes the saved states newly hold (what
   * they do not share with the hosts' earlier snapshots: the sum of HostSnapshot.bytes).
   */
  protected abstract saveHosts(index: number): number | Promise<number>;
  /** The bytes of the states saveHosts saved last, shared parts included, when known. */
  protected savedTotal(): number | undefined {
    return undefined;
  }
  protected abstract restoreHosts(index: number): void | Promise<void>;
  protected abstract forgetHosts(indexes: number[]): void;
  /**
   * The bytes the hosts' states saved under `later` hold that those under `earlier` do not
   * (unshared-bytes.ts), or undefined when this runtime cannot tell (the checkpoint store then
   * keeps an upper bound).
   */
  protected unsharedHostBytes(_later: number, _earlier: number): number | undefined {
    return undefined;
  }
  /**
   * The checkpoint the hosts' next snapshots are counted against (saved or restored last), when
   * that is known: saveHosts' bytes are then exactly what unsharedHostBytes would count against it.
   */
  protected hostsBasedOn(): number | undefined {
    return undefined;
  }
  /** The views of these nodes, each with its options (`options[i]` for `ids[i]`). */
  protected abstract viewNodes(ids: string[], options: ViewOptions[]): Promise<NodeView[]>;
  protected abstract disposeHosts(): void;
  /**
   * The hosts are on this thread and can replay quietly (NodeHost.quiet); false (the pool: its
   * hosts are in Workers): replays make every record.
   */
  protected readonly quietReplays: boolean = false;
  /** Puts the hosts in or out of a quiet replay (only called when quietReplays). */
  protected setQuiet(_on: boolean): void {}

  /**
   * Loads a world; with a journal (journalEntries() of an earlier load of the same world), replays
   * will repeat its injections where they happened (a Worker replaced after it died: solo-worker-runtime.ts).
   */
  load(world: World, journal: readonly JournalEntry[] = []): Promise<void> {
    return this.exclusive(async () => {
      this.disposeHosts();
      const kernel = new Kernel(world, this.traceOptions);
      // Through the set: a listener unsubscribed later leaves whatever kernel is loaded then.
      kernel.trace.subscribe((e) => {
        for (const l of this.listeners) l(e);
      });
      this.kernel = kernel;
      this.checkpoints.clear();
      this.journal = journal.map((j) => ({ ...j }));
      this.journalCursor = 0;
      this.reportedUpTo = 0;
      this.future.clear();
      this.lastCost = 0;
      this.stateBytes = 0;
      this.costs = [];
      this.msPerEvent = 0;
      this.saKeys.clear();
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
      const status = await this.runTo(
        { target, time, until: limit.until, loose: limit.loose === true },
        () => {
          // The clock moves to the requested time when everything up to it has run.
          const next = k.nextEvent();
          if (
            !limit.holdClock &&
            time !== Infinity &&
            k.now < time &&
            (!next || next.time > time) &&
            k.eventIndex < target
          )
            k.now = time;
        },
      );
      return status;
    });
  }

  /**
   * `keptFrom`: the first record whoever shows the trace still holds (this trace's, or the page's
   * mirror of a Worker's): a seek back need not make the records of its loud tail again when they
   * are held from there on.
   */
  seek(eventIndex: number, keptFrom?: number): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      this.seeking = true;
      this.stopping = false;
      try {
        // When it runs, not when it was asked for: a step queued before it may trim the trace.
        await this.seekTo(eventIndex, keptFrom ?? this.firstRecord());
        this.future.dropBefore(this.k.trace.count, true);
      } finally {
        this.seeking = false;
        this.stopping = false;
      }
      return this.finish();
    });
  }

  stopSeek(): void {
    if (this.seeking) this.stopping = true;
  }

  readyStepBack(): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      const k = this.k;
      const end = k.eventIndex;
      const cp = this.checkpoints.atOrBefore(end - 1);
      if (this.checkpointMs === null || this.msPerEvent <= 0 || !cp) return this.finish();
      const near = this.nearBefore(end);
      // Close enough already: within twice what readying would leave. (Within checkpointMs of
      // replay at the running rate was not: at 10,000 connections a step back replaying 438 events
      // after a restore took 163 ms.)
      if (end - cp.index <= 2 * (end - near)) return this.finish();
      const quiet = this.quietMark(cp.index, near);
      await this.restore(cp, quiet?.count);
      if (quiet) await this.quietTo(quiet);
      await this.replayTo(near);
      if (!this.checkpoints.has(near)) await this.checkpointNow();
      await this.replayTo(end);
      this.future.dropBefore(k.trace.count, true);
      return this.finish();
    });
  }

  inject(op: Injection): Promise<RuntimeStatus> {
    return this.exclusive(async () => {
      const k = this.k;
      // The timeline branches here: later journal entries and checkpoints belong to the old one.
      this.journal = this.journal.filter((j) => j.at <= k.eventIndex);
      this.forgetHosts(this.checkpoints.dropAfter(k.eventIndex));
      this.future.clear();
      k.marks.dropAfter(k.eventIndex);
      k.inject(op, k.now);
      this.journal.push({ at: k.eventIndex, time: k.now, op });
      this.journalCursor = this.journal.length;
      this.reportedUpTo = k.eventIndex;
      return this.finish();
    });
  }

  async view(node: string, pages: TablePages = {}): Promise<NodeView> {
    const [v] = await this.exclusive(() => this.viewNodes([node], [{ rows: VIEW_ROWS, from: pages }]));
    return v!;
  }

  views(request: ViewRequest = {}): Promise<NodeView[]> {
    return this.exclusive(() => {
      const ids = this.k.world.actors.map((a) => a.id);
      return this.viewNodes(
        ids,
        ids.map((id) => viewOptions(id, request)),
      );
    });
  }

  status(): RuntimeStatus {
    const k = this.k;
    // First: the replaced timers at the head of the queue go (so 0 pending means nothing to run).
    const next = k.nextEvent();
    return {
      eventIndex: k.eventIndex,
      time: k.now,
      fingerprint: k.fingerprint.hex(),
      pending: k.queue.size,
      nextTime: next?.time ?? null,
      failed: [...k.failed].map(([node, message]) => ({ node, message })),
    };
  }

  position(): { eventIndex: number; time: Micros } {
    const k = this.k;
    return { eventIndex: k.eventIndex, time: k.now };
  }

  checkpointStats(): CheckpointStats {
    const c = this.checkpoints;
    return {
      count: c.size,
      bytes: c.bytes,
      budget: c.maxBytes,
      lastMs: this.lastCost,
      indexes: c.indexes(),
    };
  }

  records(from?: number, to?: number): TraceRecord[] {
    return this.k.trace.slice(from, to);
  }

  /** The injections of this timeline so far, where they happened. */
  journalEntries(): JournalEntry[] {
    return this.journal.map((j) => ({ ...j }));
  }

  firstRecord(): number {
    return this.kernel ? this.kernel.trace.firstKept : 0;
  }

  keys(): Promise<KeyExports> {
    return this.exclusive(async () => this.saKeys.keys);
  }

  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
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
    // Not in a quiet replay: the fingerprint and the trace are those of where it ends.
    if (k.quiet) return;
    const prev = this.checkpoints.atOrBefore(k.eventIndex);
    if (this.checkpointMs === null) {
      if (prev && k.eventIndex - prev.index < this.checkpointEvery) return;
      return this.checkpointNow();
    }
    const now = this.clock();
    this.spent += now - this.mark;
    this.mark = now;
    if (prev && prev.index > this.spentSince) {
      // A replay passed a checkpoint: replays from here start there.
      this.spentSince = prev.index;
      this.spent = 0;
    }
    if (prev?.index === k.eventIndex) return;
    const cost = this.typicalCost();
    // Big states (the byte budget holds fewer than BIG_STATE whole ones) get a third of the share:
    // their checkpoints hold more, so the budget keeps fewer, and the ones taken only to be thinned
    // out cost memory (each starts an epoch: every entry written after it is copied) and time. At
    // 10,000 connections (13–27 MB by the rough count) the renderer held 876–941 MB while playing with
    // a tenth of the running time, 1,017–1,096 with 30% (bench/SCALE.md, twelfth session); at 2,000
    // (~9 MB) a tenth made the worst seek back 84–186 ms, 30% keeps it at 56–96. (By the checkpoint's
    // cost instead, over checkpointMs: at 10,000 connections it was under 25 ms often enough to
    // take many more.)
    const big = this.stateBytes * BIG_STATE > this.checkpoints.maxBytes;
    const share = this.seeking ? this.seekShare : this.share;
    // Checkpoints taking `share` of the time wait (1 − share) / share times their cost; a third of
    // it, (3 − share) / share.
    const factor = ((big ? 3 : 1) - share) / share;
    if (this.spent < Math.max(this.checkpointMs, factor * cost)) return;
    return this.checkpointNow();
  }

  /** Where a checkpoint "a little before" index goes: a quarter of checkpointMs of running before it. */
  private nearBefore(index: number): number {
    return index - Math.max(1, Math.round((this.checkpointMs ?? 0) / 4 / this.msPerEvent));
  }

  /** The median cost of the last few checkpoints (ms). */
  private typicalCost(): number {
    const c = [...this.costs].sort((a, b) => a - b);
    return c.length ? c[c.length >> 1]! : 0;
  }

  /** Restores the newest checkpoint at or before index (used by seek and by overshoot recovery). */
  protected async restoreAtOrBefore(index: number): Promise<void> {
    const cp = this.checkpoints.atOrBefore(index);
    if (!cp) throw new Error(`no checkpoint at or before event ${index}`);
    await this.restore(cp);
  }

  /** Back to event 0 with every later checkpoint dropped (after a Worker had to be replaced). */
  protected async rewindToStart(): Promise<void> {
    this.forgetHosts(this.checkpoints.dropAfter(0));
    await this.restoreAtOrBefore(0);
  }

  /**
   * Restores a checkpoint, the trace going on from record `traceAt`: its own count, or where the
   * quiet replay from it will end (the records before that stay, as they will not be made again).
   */
  private async restore(cp: Checkpoint<KernelSnapshot>, traceAt = cp.data.traceCount): Promise<void> {
    const k = this.k;
    this.moveTrace(traceAt);
    k.restore(cp.data, traceAt);
    await this.restoreHosts(cp.index);
    this.journalCursor = this.journal.findIndex((j) => j.at >= cp.index);
    if (this.journalCursor < 0) this.journalCursor = this.journal.length;
    this.spentSince = cp.index;
    this.spent = 0;
  }

  /**
   * The trace goes on from record `to`: back (the records cut are kept as the future) or forward
   * (the kept future brings them back, or the trace skips them).
   */
  private moveTrace(to: number): void {
    const k = this.k;
    if (to < k.trace.count) {
      this.future.keep(k.trace, to);
      k.trace.truncate(to);
    } else if (to > k.trace.count) {
      if (this.future.covers(k.trace.count, to)) this.future.bringBack(k.trace, to);
      else {
        this.future.skipTo(to);
        k.trace.skipTo(to);
      }
    }
  }

  /**
   * The newest fingerprint mark a quiet replay from event `from` may end at, at or before `to`;
   * none when this runtime cannot replay quietly or no mark is past `from`. Not at an injection of
   * the journal: the mark is from before it, and a quiet replay would apply it without its record.
   */
  private quietMark(from: number, to: number): FingerprintMark | undefined {
    if (to <= from || !this.quietReplays) return undefined;
    const m = this.k.marks.atOrBefore(to, (e) => this.quietEnd(e) !== undefined);
    return m && m.event > from ? m : undefined;
  }

  /**
   * Replays quietly up to mark m (events run before): the trace moves to m's record count first,
   * the fingerprint and the trace are those of the mark it ends at: m, or when stopSeek() stopped
   * it, the first mark after where it stopped (within MARK_EVERY events, past a journal entry's).
   */
  private async quietTo(m: FingerprintMark): Promise<void> {
    const k = this.k;
    this.moveTrace(m.count);
    // The running rate spaces checkpoints and sizes seeks: a quiet replay's is not it.
    const rate = this.msPerEvent;
    let end: FingerprintMark | undefined;
    k.quiet = true;
    this.setQuiet(true);
    try {
      // In one go (a runtime that breathes, the solo Worker, does so only after ~16 ms of an
      // advance: stopSeek and the progress get through); once stopped, on to the next mark.
      await this.runTo({ target: m.event, time: Infinity, stop: () => this.stopping }, undefined, false);
      while (!end) {
        const at = k.eventIndex;
        if (at === m.event) end = m;
        else if (at % MARK_EVERY === 0) end = this.quietEnd(at);
        if (end) break;
        const to = Math.min(m.event, (Math.floor(at / MARK_EVERY) + 1) * MARK_EVERY);
        await this.runTo({ target: to, time: Infinity }, undefined, false);
        if (k.eventIndex !== to) throw new Error(`quiet replay ended at event ${k.eventIndex}, not ${to}`);
      }
    } finally {
      k.quiet = false;
      this.setQuiet(false);
      this.msPerEvent = rate;
    }
    this.moveTrace(end.count);
    k.fingerprint.restore(end.fingerprint);
    await this.maybeCheckpoint();
  }

  /** The mark at `event` if a quiet replay may end there (quietMark's rule), else undefined. */
  private quietEnd(event: number): FingerprintMark | undefined {
    return this.journal.some((j) => j.at === event) ? undefined : this.k.marks.at(event);
  }

  private async checkpointNow(): Promise<void> {
    const k = this.k;
    const start = this.clock();
    const snap = k.snapshot();
    const before = this.checkpoints.atOrBefore(k.eventIndex - 1);
    const queue = queueBytes(snap, before?.data.nextSeq ?? 0);
    // Hosts that share with `before` counted their bytes against it: the store need not walk them
    // again (a play's checkpoints, each after the one before; ~12% of a checkpoint at 10,000
    // connections).
    const against = before && this.hostsBasedOn() === before.index ? before.index : undefined;
    const bytes = await this.saveHosts(k.eventIndex);
    const total = this.savedTotal();
    this.stateBytes = total === undefined ? 0 : total + queue.total;
    const dropped = this.checkpoints.add(
      k.eventIndex,
      snap,
      bytes + queue.bytes,
      total === undefined ? Number.POSITIVE_INFINITY : total + queue.total,
      against,
    );
    if (dropped.length) this.forgetHosts(dropped);
    const end = this.clock();
    this.lastCost = end - start;
    this.costs.push(this.lastCost);
    if (this.costs.length > COST_SAMPLES) this.costs.shift();
    this.spent = 0;
    this.spentSince = k.eventIndex;
    this.mark = end;
  }

  private async seekTo(eventIndex: number, keptFrom = Number.POSITIVE_INFINITY): Promise<void> {
    if (!Number.isSafeInteger(eventIndex) || eventIndex < 0) throw new RangeError(`seek(${eventIndex})`);
    const k = this.k;
    const leavesNear = this.checkpointMs !== null && this.msPerEvent > 0;
    let loudFrom = eventIndex - this.loudTail;
    // Back to where the records of the loud tail are still held: only the events after the last
    // mark make theirs (the fingerprint goes on from there), not LOUD_TAIL events' again (at 500
    // connections a seek back replayed ~400 events, all of them loud). Quiet no further than where
    // the seek may leave a checkpoint (below): a quiet replay past it left none.
    if (eventIndex < k.eventIndex && keptFrom <= (k.marks.atOrBefore(Math.max(0, loudFrom))?.count ?? -1))
      loudFrom = Math.max(loudFrom, leavesNear ? this.nearBefore(eventIndex) : eventIndex);
    let quiet: FingerprintMark | undefined;
    if (eventIndex < k.eventIndex) {
      const cp = this.checkpoints.atOrBefore(eventIndex);
      if (!cp) throw new Error(`no checkpoint at or before event ${eventIndex}`);
      quiet = this.quietMark(cp.index, loudFrom);
      await this.restore(cp, quiet?.count);
    } else {
      // Forward: restore a checkpoint on the way when that is cheaper than replaying up to it (the
      // records in between come back from the kept future, or the trace skips them: after a seek
      // back to the start at 10,000 connections, a click near the end replayed the whole run).
      const cp = this.checkpoints.atOrBefore(eventIndex);
      if (cp && cp.index > k.eventIndex && (cp.index - k.eventIndex) * this.msPerEvent > this.typicalCost()) {
        quiet = this.quietMark(cp.index, loudFrom);
        await this.restore(cp, quiet?.count);
      } else quiet = this.quietMark(k.eventIndex, loudFrom);
    }
    const from = k.eventIndex;
    if (quiet) await this.quietTo(quiet);
    // Checkpoints by cost are far apart when they are expensive (big states): a long replay leaves
    // one a little before its target, so the next step backs replay a few events. Only when that
    // replay costs more than the checkpoint, which it saves at each step back after it. Either way:
    // a seek forward that replayed 10,000 events left the step back after it to replay them again.
    if (leavesNear) {
      const near = this.nearBefore(eventIndex);
      const replay = (near - from) * this.msPerEvent;
      // (At near already, when a quiet replay ended at a mark there: the checkpoint still goes.)
      if (near >= k.eventIndex && replay > Math.max(2 * this.checkpointMs, this.typicalCost())) {
        await this.replayTo(near);
        if (this.stopping) return;
        if (k.eventIndex === near && !this.checkpoints.has(near)) await this.checkpointNow();
      }
    }
    await this.replayTo(eventIndex);
  }

  /**
   * Runs up to event `target` of the timeline seen before (a seek). When the kept future holds the
   * target event, its time bounds the replay: every event before that time comes before the target,
   * so the runtime may run them in whole windows; only the events at that very time go one by one.
   */
  private async replayTo(target: number): Promise<void> {
    const k = this.k;
    const stop = () => this.stopping;
    const at = this.future.timeOf(target);
    if (at !== undefined && at > 0 && k.eventIndex < target)
      await this.runTo({ target, time: at - 1, beforeTarget: true, stop }, undefined, false);
    if (!this.stopping) await this.runTo({ target, time: Infinity, stop }, undefined, false);
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
    const started = this.clock();
    const from = k.eventIndex;
    this.mark = started;
    for (;;) {
      this.applyJournal();
      if (k.eventIndex >= limit.target || limit.stop?.()) break;
      const nextJournal = this.journal[this.journalCursor]?.at ?? Infinity;
      // An injection before the target cuts the step short there, exactly: the time bound says
      // nothing of it.
      const r = await this.advance(
        nextJournal < limit.target
          ? { ...limit, target: nextJournal, beforeTarget: false, loose: false }
          : limit,
      );
      this.future.dropBefore(k.trace.count, false);
      if (r.kind === 'idle') break;
      if (r.kind === 'matched') {
        if (k.eventIndex > r.event + 1) await this.seekTo(r.event + 1);
        break;
      }
    }
    after?.();
    const ran = k.eventIndex - from;
    if (ran > 0) {
      const ms = (this.clock() - started) / ran;
      this.msPerEvent = this.msPerEvent === 0 ? ms : 0.8 * this.msPerEvent + 0.2 * ms;
    }
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

/** The bytes a checkpoint's queue holds: its slots, and the events queued since `sinceSeq` (newly). */
function queueBytes(s: KernelSnapshot, sinceSeq: number): { bytes: number; total: number } {
  let fresh = 0;
  let all = 0;
  for (const e of s.queue) {
    const n = EVENT_BYTES + (e.input.type === 'frame' ? e.input.frame.byteLength : 0);
    all += n;
    if (e.seq >= sinceSeq) fresh += n;
  }
  const slots = 16 + 8 * s.queue.length + 8 * s.failed.length + 64;
  return { bytes: slots + fresh, total: slots + all };
}
