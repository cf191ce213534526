import type { NodeView } from '../sim/host';
import type { Injection } from '../sim/kernel';
import type { TraceListener } from '../sim/trace-store';
import type { Micros, TraceRecord, World } from '../sim/types';
import type { TablePages, ViewRequest } from '../sim/view-page';
import type { KeyExports } from './sa-keys';

// The one interface both runtimes offer (in-process for tests and the CLI, one Web Worker per node
// for the browser). Same world + seed → same trace and fingerprint, whichever runs it.

export interface RuntimeStatus {
  /** Events handled so far (what step() and seek() count in). */
  eventIndex: number;
  /** Virtual time of the last event (or of the last runUntil({ time })). */
  time: Micros;
  /** Hex SHA-256 chain over every trace record so far. */
  fingerprint: string;
  /**
   * Events waiting in the queue: 0 when nothing is left to run. Timers a later timer replaced
   * (they run as nothing) leave it when they reach its head or at a checkpoint, so the count may
   * include some of them, and depends on where checkpoints fell.
   */
  pending: number;
  /** Time of the next queued event, if any. */
  nextTime: Micros | null;
  /** Nodes whose handler threw (until restarted), with the message. */
  failed: { node: string; message: string }[];
}

export interface RunLimit {
  /** Stop after this many more events. */
  maxEvents?: number;
  /** Run every event with time ≤ this, then stop (the clock moves to it, unless holdClock). */
  time?: Micros;
  /**
   * Leave the clock at the last event run rather than moving it on to `time`: the place is then
   * the same as a seek to that event's index gives (a page's first screen, a shared moment).
   */
  holdClock?: boolean;
  /** Stop right after the event that produced the first record matching this. */
  until?: (record: TraceRecord) => boolean;
  /**
   * maxEvents is a budget, not a place: the run may end a few events past it. The Worker runtime
   * then runs whole lookahead windows up to the end instead of the one-event windows it needs to
   * stop on an exact event (for playing, where no one waits at a given event).
   */
  loose?: boolean;
}

export interface RuntimeOptions {
  /**
   * Take a checkpoint every this many events (more often = faster step-back, more memory). The
   * default policy (1000) unless checkpointMs is set.
   */
  checkpointEvery?: number;
  /**
   * Checkpoint by cost instead: once this many milliseconds of wall time went into running events
   * (stepping, playing, replaying after a seek) since the last checkpoint, so that replaying from
   * the nearest checkpoint takes about this long; but never sooner than checkpointShare allows.
   */
  checkpointMs?: number;
  /**
   * With checkpointMs: the largest share of the running time checkpoints may take (default 0.15):
   * the next checkpoint waits for at least (1 − share) / share times the last one's cost.
   */
  checkpointShare?: number;
  /**
   * With checkpointMs: the same share while a seek replays (default: a third of checkpointShare).
   * A seek's user waits for it, and the checkpoints it leaves on its way only pay off if the next
   * seek lands between them: a far seek at 10,000 connections spent ~30% of its time on them. The
   * checkpoint it leaves just before its target (for the step backs that follow) stays.
   */
  seekCheckpointShare?: number;
  /** Keep at most this many checkpoints (default 64; 1024 with checkpointMs); older ones are thinned. */
  maxCheckpoints?: number;
  /** Bytes the checkpoints may hold in all, roughly (default 256 MB); older ones are thinned. */
  checkpointBytes?: number;
  /** The wall clock in milliseconds for checkpointMs (default performance.now); tests pass their own. */
  clock?: () => number;
  /** Trace records kept in memory (the fingerprint covers all of them). */
  traceLimit?: number;
  /** Rough bytes of trace records kept in memory (default 24 MB: sim/trace-store.ts). */
  traceBytes?: number;
  /**
   * Worker runtime only: Workers in the pool, each hosting several nodes (default: the cores,
   * `navigator.hardwareConcurrency`, but one: the page's thread has work too; at least 1 and at most
   * one per node).
   */
  workers?: number;
  /**
   * In-process only: awaited between events once ~BREATHE_MS of running went by since the last
   * time, so the thread hosting the runtime can take messages during a long seek (the solo Worker
   * hears stopSeek and reports progress: solo-worker-core.ts).
   */
  breathe?: () => Promise<void>;
  /**
   * In-process (and the solo Worker): a seek's last this-many events before its target replay with
   * their records (default LOUD_TAIL, 512: base-runtime.ts); events before them that the timeline
   * ran before replay quietly, without records, up to a fingerprint mark. Where the trace still
   * holds those events' records, they replay quietly too, up to just before the target.
   */
  loudTail?: number;
  /**
   * In-process only: views() returns deep copies, so the caller never reaches into live actor
   * state (default true). The solo Worker turns it off: posting a view to the page copies it anyway.
   */
  viewCopies?: boolean;
}

export interface CheckpointStats {
  /** Checkpoints held. */
  count: number;
  /** Rough bytes they hold (node states and queued events; an upper bound). */
  bytes: number;
  /** The byte budget (RuntimeOptions.checkpointBytes). */
  budget: number;
  /** Wall milliseconds the last checkpoint took. */
  lastMs: number;
  /** Their event indexes, oldest first. */
  indexes: number[];
}

export interface Runtime {
  readonly mode: 'in-process' | 'workers';
  /** Loads a world (replacing any loaded one); the state is event 0. */
  load(world: World): Promise<void>;
  /** Runs n events (default 1), fewer if the queue runs dry. Rejects with NodeFailureError if a handler threw. */
  step(n?: number): Promise<RuntimeStatus>;
  run(limit: RunLimit): Promise<RuntimeStatus>;
  /**
   * Moves to exactly eventIndex: back by restoring a checkpoint and replaying, or forward. A seek
   * stopped by stopSeek() ends where its replay got instead (an event on the way, exact as any).
   */
  seek(eventIndex: number): Promise<RuntimeStatus>;
  /**
   * Stops the seek under way (a far one replays for seconds at 10,000 connections) at the end of its
   * current window; the seek resolves there. Nothing when no seek runs.
   */
  stopSeek(): void;
  /**
   * Readies a step back from here (called when a play stops): when the checkpoint a step back would
   * restore is far (checkpoints by cost are sparse at 10,000 connections), replays from it, leaves
   * one a little before the present and comes back. Only the checkpoints change.
   */
  readyStepBack(): Promise<RuntimeStatus>;
  /** Kill / restart / stop a node or take a link up or down now; journaled so replays repeat it. */
  inject(op: Injection): Promise<RuntimeStatus>;
  /** A node's view; its big tables a page at a time, from the rows `pages` asks for (the first pages). */
  view(node: string, pages?: TablePages): Promise<NodeView>;
  /** Every node's view, in the world's order, with the table pages and rows the request asks for. */
  views(request?: ViewRequest): Promise<NodeView[]>;
  status(): RuntimeStatus;
  /**
   * Where the run is now, read without side effects: also while a step or a seek is under way
   * (between its windows), for showing a long seek's progress.
   */
  position(): { eventIndex: number; time: Micros };
  /** How many checkpoints are held and their bytes. */
  checkpointStats(): CheckpointStats;
  /** The trace records [from, to) still in memory. */
  records(from?: number, to?: number): TraceRecord[];
  /** The index of the oldest trace record still in memory (older ones come back by seeking back). */
  firstRecord(): number;
  /** Trace records as they are appended (after each step) and truncations (after seeking back). */
  subscribe(listener: TraceListener): () => void;
  /**
   * The keys of every SA a node held since the world was loaded, each once: gone ones too (a
   * crashed node's, one deleted at a takeback), and those of a timeline a seek back and an act
   * left. For the capture's key files (capture.ts).
   */
  keys(): Promise<KeyExports>;
  dispose(): void;
}
