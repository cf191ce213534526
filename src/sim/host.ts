import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { cloneState, cloneStateSharing } from './clone';
import type { Entry, HostOutput, HostRecord, QueuedInput } from './events';
import { type DigestInput, recordDigest } from './fingerprint';
import { actorRandom, deriveStream, type PrngState, streamFromState } from './prng';
import type { ActorKind, HandleResult } from './registry';
import { type TimerSnapshot, TimerTable } from './timer-table';
import type { ActorContext, ActorSpec, Micros, Output } from './types';
import { unsharedBytes } from './unshared-bytes';
import { FIRST_PAGES, type ViewOptions } from './view-page';

// A NodeHost runs one actor: it owns the actor's state, its PRNG stream, its timers and its up /
// failed flags, and turns one queued event into one Entry. The same code runs in-process and inside
// a Worker, which is what makes both runtimes produce the same trace.

// Snapshots are cheap when little changed: a node that ran nothing since its last snapshot (or
// restore) returns that snapshot again (0 bytes), and one that ran copies only what differs from it
// (cloneSharing), sharing the rest. A restore adopts the snapshot's state without copying; the
// copy is made when the node next runs an event (copy on first run), so a seek that restores every
// node but replays events on a few pays for a few copies. Tables (tables.ts) make both cheap: a
// snapshot keeps their entries in buckets it shares with the snapshot before, a restore rebuilds
// their containers, both share the entries, and the actor copies an entry when it first writes it.

export interface HostSnapshot {
  /** The actor's state: never mutated; it may share parts with the node's other snapshots. */
  state: unknown;
  rng: number[];
  /** Timer key → token of the timer set last under it (shares its unchanged buckets: timer-table.ts). */
  timers: TimerSnapshot;
  timerCounter: number;
  up: boolean;
  failed: string | null;
  /**
   * Rough bytes newly held by this snapshot: what it copied, not what it shares with the node's
   * previous snapshot (0 when the node ran nothing since). For checkpoint budgets.
   */
  bytes: number;
  /** Rough bytes of the whole snapshot, shared parts included. */
  total: number;
}

/**
 * Rough bytes `later` holds that `earlier` (the node's snapshot at an earlier checkpoint, if any)
 * does not: what `later.bytes` would be had `earlier` been the snapshot taken just before it.
 */
export function unsharedSnapshotBytes(later: HostSnapshot, earlier: HostSnapshot | undefined): number {
  if (
    earlier &&
    later.state === earlier.state &&
    later.timers === earlier.timers &&
    later.rng === earlier.rng
  )
    return 0;
  return (
    unsharedBytes(later.state, earlier?.state) +
    TimerTable.unsharedBytes(later.timers, earlier?.timers) +
    (later.rng === earlier?.rng ? 0 : RNG_BYTES)
  );
}

export interface NodeView {
  id: string;
  kind: string;
  up: boolean;
  /** The error message when the actor's handler threw (until it is restarted). */
  failed: string | null;
  /** kind.view(state), or the state itself. */
  state: unknown;
}

/** A quiet replay's records are never digested (NodeHost.quiet). */
const NO_DIGEST = new Uint8Array(0);

/** Port name → link id for one node. */
export type PortMap = Record<string, string>;

export class NodeHost {
  private state: unknown;
  private rng: RandomGenerator;
  private random: ActorContext['random'];
  private timers = new TimerTable();
  private timerCounter = 0;
  private up = true;
  private failed: string | null = null;
  private readonly portNames: readonly string[];
  /** The last snapshot taken or restored: the next snapshot shares what is unchanged since. */
  private base: HostSnapshot | null = null;
  /** Something may have changed since `base`. */
  private changed = true;
  /** `state` is the host's own; false while it is the restored snapshot's. */
  private ownState = true;
  /** Bumped by everything that may change what a view shows (running an event, a restore). */
  private version = 0;
  /** The last view made, reused while the version and the options are the same. */
  private lastView: { version: number; options: string; view: NodeView } | null = null;
  /**
   * A quiet replay (Kernel.quiet): no records, so no frame summaries and no digests, but a
   * control's first record (the kernel tells a restart by it).
   */
  quiet = false;

  constructor(
    readonly spec: ActorSpec,
    readonly kind: ActorKind,
    private readonly ports: PortMap,
    seed: number,
    /** True where input frames are copies no one else holds (in a Worker): no need to copy again. */
    private readonly privateFrames = false,
  ) {
    this.portNames = Object.keys(ports).sort();
    this.rng = deriveStream(seed, 'actor', spec.id);
    this.random = actorRandom(this.rng);
    this.state = kind.init(spec.config, this.context(0));
  }

  get id(): string {
    return this.spec.id;
  }

  /** Handles one event; null when it is a timer that was cancelled or replaced (not an event). */
  run(time: Micros, input: QueuedInput, seq: number, local = -1): Entry | null | Promise<Entry | null> {
    if (input.type === 'timer') {
      if (this.timers.get(input.key) !== input.token) return null;
      this.timers.delete(input.key);
      this.changed = true;
    }
    this.version++;
    const entry: Entry = { time, seq, local, records: [], outputs: [] };
    const restart = input.type === 'control' && input.action === 'restart';
    const blocked =
      this.failed && !restart
        ? `node failed: ${this.failed}`
        : !this.up && input.type !== 'control'
          ? 'node down'
          : null;
    if (this.quiet) {
      // The same state, outputs and failures; of the records only a control's first.
      if (input.type === 'control')
        entry.records.push({ ...this.inputRecord(time, input), digest: NO_DIGEST });
      return blocked ? entry : this.handle(entry, input, time, restart);
    }
    const first = this.inputRecord(time, input);
    if (blocked) {
      this.record(entry, { ...first, kind: 'drop', summary: `dropped ${first.summary}: ${blocked}` });
      return entry;
    }
    this.record(entry, first);
    return this.handle(entry, input, time, restart);
  }

  /** Runs the actor's handler on an event that reached it (the node is up, or restarting). */
  private handle(entry: Entry, input: QueuedInput, time: Micros, restart: boolean): Entry | Promise<Entry> {
    this.changed = true;
    if (restart) {
      this.timers = new TimerTable();
      this.up = true;
      this.failed = null;
      try {
        this.state = this.kind.init(this.spec.config, this.context(time));
        this.ownState = true;
      } catch (e) {
        return this.fail(entry, e);
      }
    }
    this.ownTheState();
    // The actor gets its own copy unless the frame is private already (a Worker's cloned input).
    const actorInput =
      input.type === 'frame' && !this.privateFrames ? { ...input, frame: input.frame.slice() } : input;
    let result: HandleResult | Promise<HandleResult>;
    try {
      result = this.kind.handle(this.state, actorInput, this.context(time));
    } catch (e) {
      return this.fail(entry, e);
    }
    if (isPromise(result)) {
      return result.then(
        (outputs) => this.finish(entry, input, outputs),
        (e: unknown) => this.fail(entry, e),
      );
    }
    return this.finish(entry, input, result);
  }

  /** The node's state now, as a snapshot that stays valid whatever the node does next. */
  snapshot(): HostSnapshot {
    const base = this.base;
    if (base && !this.changed) return { ...base, bytes: 0 };
    const state = !this.ownState
      ? { value: base!.state, bytes: 0, total: base!.total }
      : base
        ? cloneStateSharing(this.state, base.state)
        : cloneState(this.state);
    // The timers' buckets are shared; the node copies one when it next writes to it (timer-table.ts).
    const timers = this.timers.snapshot();
    const snap: HostSnapshot = {
      state: state.value,
      bytes: state.bytes + timers.bytes + RNG_BYTES,
      total: state.total + TimerTable.bytes(timers.snap) + RNG_BYTES,
      rng: [...this.rng.getState()],
      timers: timers.snap,
      timerCounter: this.timerCounter,
      up: this.up,
      failed: this.failed,
    };
    this.base = snap;
    this.changed = false;
    return snap;
  }

  /**
   * Back to a snapshot. The snapshot is not copied now: the node copies its state when it next
   * runs an event, so the snapshot stays usable for later restores.
   */
  restore(s: HostSnapshot): void {
    // Nothing ran since `base`, which holds what s holds (s is base, or the same snapshot again):
    // keep the live state, so a step back does not copy the nodes it does not replay.
    const b = this.base;
    if (
      b &&
      !this.changed &&
      b.state === s.state &&
      b.timers === s.timers &&
      b.rng === s.rng &&
      b.timerCounter === s.timerCounter &&
      b.up === s.up &&
      b.failed === s.failed
    )
      return;
    this.version++;
    this.state = s.state;
    this.ownState = false;
    this.timers = new TimerTable(s.timers);
    this.setRng(s.rng);
    this.timerCounter = s.timerCounter;
    this.up = s.up;
    this.failed = s.failed;
    this.base = s;
    this.changed = false;
  }

  /**
   * The node's view. The same object again while nothing ran or was restored since and the options
   * are the same: a step back re-reads every node's view but changes a few nodes, and a view after
   * a restore costs the node a copy of its state (ownTheState).
   */
  view(opts: ViewOptions = FIRST_PAGES): NodeView {
    const options = JSON.stringify(opts);
    const last = this.lastView;
    if (last && last.version === this.version && last.options === options) return last.view;
    this.ownTheState();
    const view: NodeView = {
      id: this.spec.id,
      kind: this.spec.kind,
      up: this.up,
      failed: this.failed,
      state: this.kind.view ? this.kind.view(this.state, opts) : this.state,
    };
    this.lastView = { version: this.version, options, view };
    return view;
  }

  /** After a restore: the live state, made from the snapshot's (sharing its table entries). */
  private ownTheState(): void {
    if (this.ownState) return;
    this.state = cloneState(this.state).value;
    this.ownState = true;
  }

  private setRng(state: PrngState): void {
    this.rng = streamFromState(state);
    this.random = actorRandom(this.rng);
  }

  private context(now: Micros): ActorContext {
    return { now, node: this.spec.id, ports: this.portNames, random: this.random };
  }

  private inputRecord(time: Micros, input: QueuedInput): DigestInput {
    const node = this.spec.id;
    switch (input.type) {
      case 'frame': {
        const summary = this.kind.describeFrame
          ? this.kind.describeFrame(input.frame, input.port)
          : `frame ${input.frame.length} B`;
        return { kind: 'frame', time, node, summary, frame: input.frame, link: input.link, port: input.port };
      }
      case 'timer':
        return { kind: 'timer', time, node, summary: `timer ${input.key}` };
      case 'control':
        return { kind: 'control', time, node, summary: `control ${input.action}` };
    }
  }

  private record(entry: Entry, r: DigestInput): void {
    if (this.quiet) return;
    const rec: HostRecord = { ...r, digest: recordDigest(r) };
    entry.records.push(rec);
  }

  private finish(entry: Entry, input: QueuedInput, outputs: HandleResult): Entry {
    try {
      for (const o of outputs ?? []) this.output(entry, o);
    } catch (e) {
      entry.records.length = Math.min(1, entry.records.length);
      entry.outputs.length = 0;
      return this.fail(entry, e);
    }
    if (input.type === 'control' && (input.action === 'kill' || input.action === 'stop')) {
      // Down after the handler ran, so a planned stop can still say goodbye; a crash has no timers.
      this.up = false;
      this.timers = new TimerTable();
    }
    return entry;
  }

  private output(entry: Entry, o: Output): void {
    const time = entry.time;
    const node = this.spec.id;
    switch (o.type) {
      case 'send': {
        const link = this.ports[o.port];
        if (!(o.frame instanceof Uint8Array))
          throw new TypeError(`send on ${o.port}: frame is not a Uint8Array`);
        if (link === undefined) {
          this.record(entry, {
            kind: 'drop',
            time,
            node,
            summary: `send on unconnected port ${o.port}`,
            port: o.port,
          });
          return;
        }
        this.record(entry, {
          kind: 'send',
          time,
          node,
          summary: `send ${o.frame.length} B`,
          link,
          port: o.port,
        });
        // A copy the kernel owns: the actor may reuse its buffer; the copy can be transferred.
        const out: HostOutput = { type: 'send', link, port: o.port, frame: o.frame.slice() };
        entry.outputs.push(out);
        return;
      }
      case 'set-timer': {
        if (!Number.isSafeInteger(o.delayUs) || o.delayUs < 0) {
          throw new RangeError(
            `set-timer ${o.key}: delayUs must be a non-negative integer, got ${o.delayUs}`,
          );
        }
        const token = ++this.timerCounter;
        this.timers.set(o.key, token);
        entry.outputs.push({ type: 'timer', at: time + o.delayUs, key: o.key, token });
        return;
      }
      case 'cancel-timer':
        this.timers.delete(o.key);
        return;
      case 'trace':
        if (this.quiet) return;
        this.record(entry, {
          kind: 'note',
          time,
          node,
          summary: o.summary,
          ...(o.frame ? { frame: o.frame.slice() } : {}),
        });
        return;
      case 'drop':
        if (this.quiet) return;
        this.record(entry, { kind: 'drop', time, node, summary: `drop (${o.reason}): ${o.detail}` });
        return;
      default:
        throw new TypeError(`unknown output ${JSON.stringify((o as { type?: unknown }).type)}`);
    }
  }

  private fail(entry: Entry, e: unknown): Entry {
    const message = e instanceof Error ? e.message : String(e);
    this.failed = message;
    this.timers = new TimerTable();
    entry.outputs.length = 0;
    this.record(entry, {
      kind: 'error',
      time: entry.time,
      node: this.spec.id,
      summary: `${this.spec.kind} threw: ${message}`,
    });
    entry.failure = message;
    return entry;
  }
}

/** The PRNG state array (4 numbers) and the snapshot's own fields. */
const RNG_BYTES = 16 + 8 * 4 + 64;

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | undefined)?.then === 'function';
}
