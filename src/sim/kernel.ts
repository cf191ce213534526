import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Entry, QueuedEvent } from './events';
import { eventBefore } from './events';
import { type DigestInput, Fingerprint, recordDigest } from './fingerprint';
import { FingerprintMarks, MARK_EVERY } from './fingerprint-marks';
import { MinHeap } from './heap';
import { LinkTable } from './links';
import { deriveStream, nextFloat, nextInt, streamFromState } from './prng';
import { latestTokens, TimerTokens, type TokenMap } from './timer-tokens';
import { TraceStore } from './trace-store';
import type { ControlAction, Micros, World } from './types';

// The scheduler's half of the kernel: the event queue, sequence numbers, links and their faults,
// the trace and its fingerprint. It never runs actor code: hosts (in-process or in Workers) turn
// queued events into Entries, and apply() folds each Entry in, in canonical (time, seq) order.

/** Something done to the world from outside (the UI, a test), journaled so replays repeat it. */
export type Injection =
  | { type: 'control'; node: string; action: Exclude<ControlAction, 'start'> }
  | { type: 'link'; link: string; up: boolean };

export interface NodeFailure {
  node: string;
  kind: string;
  /** The event index of the event whose handler threw. */
  event: number;
  time: Micros;
  /** What the node was handling, e.g. "frame 1400 B" or "timer tick". */
  input: string;
  message: string;
}

export class NodeFailureError extends Error {
  constructor(readonly failures: NodeFailure[]) {
    const f = failures[0]!;
    super(
      `node ${f.node} (${f.kind}) threw while handling event #${f.event} (${f.input} at t=${f.time} µs): ${f.message}` +
        (failures.length > 1 ? ` (and ${failures.length - 1} more failures)` : ''),
    );
    this.name = 'NodeFailureError';
  }
}

export interface KernelSnapshot {
  now: Micros;
  eventIndex: number;
  nextSeq: number;
  /** Queued events share their (never mutated) frames with the live queue. */
  queue: QueuedEvent[];
  faultRng: number[];
  linksUp: boolean[];
  fingerprint: Uint8Array;
  traceCount: number;
  failed: [string, string][];
}

export interface KernelOptions {
  /** How many trace records to keep in memory (the fingerprint covers all). */
  traceLimit?: number;
  /** How many rough bytes of trace records to keep in memory (trace-store.ts). */
  traceBytes?: number;
}

/** Replaced timers are dropped at a snapshot once the queue grew this much since the last time… */
const COMPACT_GROWTH = 1.25;
/** …and by this many events (small queues are not worth a pass). */
const COMPACT_MIN = 256;

export class Kernel {
  queue = new MinHeap<QueuedEvent>(eventBefore);
  now: Micros = 0;
  /** How many events have been handled: the position seek() and step() count in. */
  eventIndex = 0;
  nextSeq = 0;
  readonly fingerprint = new Fingerprint();
  readonly trace: TraceStore;
  readonly links: LinkTable;
  /** Nodes whose handler threw and that have not been restarted since, with the message. */
  failed = new Map<string, string>();
  /** Failures seen since the runtime last collected them. */
  failures: NodeFailure[] = [];
  /** The fingerprint and record count every MARK_EVERY events, as this timeline first ran. */
  readonly marks = new FingerprintMarks();
  /**
   * Replaying events run before, up to a mark: records are neither kept nor folded into the
   * fingerprint (the hosts make none but a control's first), and no marks are noted. The runtime
   * sets the fingerprint from the mark where it ends (fingerprint-marks.ts).
   */
  quiet = false;
  private faultRng: RandomGenerator;
  private readonly kinds: Map<string, string>;
  /** Queue size after replaced timers were last dropped (dropReplacedTimers). */
  private compactedAt = 0;
  /**
   * Node and timer key → the token of the timer scheduled last under it (after a restore: the
   * largest queued). A queued timer with another token was replaced: nextEvent() drops it.
   */
  private timerTokens = new TimerTokens();
  /**
   * The timer tokens of the snapshot restored last: step backs restore the same checkpoint again
   * and again, and deriving them from its queue took ~18 ms at 10,000 connections.
   */
  private restoredTokens: { from: KernelSnapshot; tokens: TokenMap } | null = null;

  constructor(
    readonly world: World,
    options: KernelOptions = {},
  ) {
    const ids = new Set<string>();
    for (const a of world.actors) {
      if (ids.has(a.id)) throw new Error(`duplicate actor id '${a.id}'`);
      ids.add(a.id);
    }
    this.kinds = new Map(world.actors.map((a) => [a.id, a.kind]));
    this.links = new LinkTable(world);
    this.trace = new TraceStore(options.traceLimit, options.traceBytes);
    this.faultRng = deriveStream(world.seed, 'faults', '');
    // Every actor gets 'start' at time 0, in the world's actor order.
    for (const a of world.actors) {
      this.queue.push({
        time: 0,
        seq: this.nextSeq++,
        node: a.id,
        input: { type: 'control', action: 'start' },
      });
    }
  }

  /**
   * Folds in the Entry of one handled event: its records go to the trace and fingerprint, its
   * outputs get their seqs and, for frames, their link faults, in output order. When a Worker ran
   * a timer inside its window already, the timer's seq is written to localSeqs instead of queuing it.
   */
  apply(node: string, entry: Entry, localSeqs?: Map<number, number>): void {
    const event = this.eventIndex;
    if (entry.time > this.now) this.now = entry.time;
    if (!this.quiet) for (const r of entry.records) this.pushRecord(event, r, r.digest);
    for (const out of entry.outputs) {
      if (out.type === 'timer') {
        const seq = this.nextSeq++;
        this.timerTokens.set(node, out.key, out.token);
        if (out.local !== undefined && localSeqs) localSeqs.set(out.local, seq);
        else
          this.queue.push({
            time: out.at,
            seq,
            node,
            input: { type: 'timer', key: out.key, token: out.token },
          });
        continue;
      }
      const link = this.links.get(out.link);
      const base = { time: entry.time, node, link: out.link, port: out.port };
      if (!link.up) {
        this.kernelRecord(event, { ...base, kind: 'lost', summary: `lost on ${out.link}: link down` });
        continue;
      }
      const f = link.spec.faults;
      let extra = 0;
      if (f) {
        if (f.loss && nextFloat(this.faultRng) < f.loss) {
          this.kernelRecord(event, { ...base, kind: 'lost', summary: `lost on ${out.link}` });
          continue;
        }
        if (f.corrupt && nextFloat(this.faultRng) < f.corrupt && out.frame.length > 0) {
          const bit = nextInt(this.faultRng, out.frame.length * 8);
          out.frame[bit >> 3]! ^= 0x80 >> (bit & 7);
          this.kernelRecord(event, {
            ...base,
            kind: 'corrupt',
            summary: `bit ${bit} flipped on ${out.link}`,
          });
        }
        if (f.delay && f.delayMaxUs && nextFloat(this.faultRng) < f.delay) {
          extra = 1 + nextInt(this.faultRng, f.delayMaxUs);
          this.kernelRecord(event, { ...base, kind: 'delay', summary: `delayed ${extra} µs on ${out.link}` });
        }
      }
      const to = this.links.peerOf(link, node);
      this.queue.push({
        time: entry.time + link.spec.latencyUs + extra,
        seq: this.nextSeq++,
        node: to.node,
        input: { type: 'frame', port: to.port, link: out.link, frame: out.frame },
      });
    }
    if (entry.failure !== undefined) {
      this.failed.set(node, entry.failure);
      this.failures.push({
        node,
        kind: this.kinds.get(node) ?? '?',
        event,
        time: entry.time,
        input: entry.records[0]?.summary ?? '?',
        message: entry.failure,
      });
    } else if (this.failed.has(node) && entry.records[0]?.summary === 'control restart')
      this.failed.delete(node);
    this.eventIndex++;
    if (!this.quiet && this.eventIndex % MARK_EVERY === 0)
      this.marks.note(this.eventIndex, this.fingerprint.state(), this.trace.count);
  }

  /** Applies an injection at the current point; controls are queued at `time`. */
  inject(op: Injection, time: Micros): void {
    if (op.type === 'control') {
      if (!this.kinds.has(op.node)) throw new Error(`unknown node '${op.node}'`);
      this.queue.push({
        time,
        seq: this.nextSeq++,
        node: op.node,
        input: { type: 'control', action: op.action },
      });
      return;
    }
    const link = this.links.get(op.link);
    link.up = op.up;
    this.kernelRecord(this.eventIndex, {
      kind: 'link',
      time,
      node: op.link,
      summary: `link ${op.link} ${op.up ? 'up' : 'down'}`,
      link: op.link,
    });
  }

  /**
   * The next event to run (not removed), after dropping the queued timers a later timer of the
   * same node and key replaced. Such a timer runs as nothing (its host ignores a token that is not
   * its latest), but dispatching it cost a pop and a host call in-process and, in the Worker
   * runtime, a place in a window whose end it could bring forward: at 500 connections one event in
   * five was one.
   */
  nextEvent(): QueuedEvent | undefined {
    let e = this.queue.peek();
    while (e && this.replaced(e)) {
      this.queue.pop();
      e = this.queue.peek();
    }
    return e;
  }

  /** A queued timer that a later timer of the same node and key replaced (it runs as nothing). */
  private replaced(e: QueuedEvent): boolean {
    if (e.input.type !== 'timer') return false;
    const latest = this.timerTokens.get(e.node, e.input.key);
    return latest !== undefined && latest !== e.input.token;
  }

  /** Removes and returns the next event (nextEvent()'s). */
  takeEvent(): QueuedEvent | undefined {
    const e = this.nextEvent();
    if (!e) return undefined;
    this.queue.pop();
    // The latest timer under its key is leaving the queue: nothing queued can be replaced by it.
    if (e.input.type === 'timer') this.timerTokens.delete(e.node, e.input.key);
    return e;
  }

  snapshot(): KernelSnapshot {
    if (this.queue.size > COMPACT_GROWTH * this.compactedAt + COMPACT_MIN) this.dropReplacedTimers();
    return {
      now: this.now,
      eventIndex: this.eventIndex,
      nextSeq: this.nextSeq,
      queue: this.queue.toArray(),
      faultRng: [...this.faultRng.getState()],
      linksUp: this.links.upStates(),
      fingerprint: this.fingerprint.state(),
      traceCount: this.trace.count,
      failed: [...this.failed],
    };
  }

  /**
   * Drops every queued timer a later timer of the same node and key replaced, not only those at
   * the head (nextEvent). They would run as nothing (a host ignores a timer whose token is not the
   * latest under its key), so the trace is the same; but they filled the queue and every
   * checkpoint's copy of it: at 10,000 connections two thirds of 35,000 queued events were
   * replaced retransmission timers. (A timer the node cancelled without a new one stays: the
   * kernel does not see cancels.)
   */
  private dropReplacedTimers(): void {
    this.queue.retain((e) => !this.replaced(e));
    this.compactedAt = this.queue.size;
  }

  /**
   * Back to a snapshot. The trace is cut at `traceCount` (the snapshot's own; a quiet replay from
   * here cuts it where the replay ends instead, keeping the records it will not make again).
   */
  restore(s: KernelSnapshot, traceCount = s.traceCount): void {
    this.now = s.now;
    this.eventIndex = s.eventIndex;
    this.nextSeq = s.nextSeq;
    this.queue = MinHeap.ordered(eventBefore, s.queue.slice());
    this.compactedAt = s.queue.length;
    // What replaced what, as far as the queue tells: the largest token under each key (a timer
    // replaced by one that already ran is dispatched, and runs as nothing, as before).
    if (this.restoredTokens?.from !== s) this.restoredTokens = { from: s, tokens: latestTokens(s.queue) };
    this.timerTokens = new TimerTokens(this.restoredTokens.tokens);
    this.faultRng = streamFromState(s.faultRng);
    this.links.restoreUpStates(s.linksUp);
    this.fingerprint.restore(s.fingerprint);
    this.trace.truncate(traceCount);
    this.failures = [];
    this.failed = new Map(s.failed);
  }

  takeFailures(): NodeFailure[] {
    const f = this.failures;
    this.failures = [];
    return f;
  }

  private kernelRecord(event: number, r: DigestInput): void {
    if (this.quiet) return;
    this.pushRecord(event, r, recordDigest(r));
  }

  private pushRecord(event: number, r: DigestInput, digest: Uint8Array): void {
    this.fingerprint.add(digest);
    this.trace.push({
      index: this.trace.count,
      event,
      time: r.time,
      node: r.node,
      kind: r.kind,
      summary: r.summary,
      ...(r.frame ? { frame: r.frame } : {}),
      ...(r.link !== undefined ? { link: r.link } : {}),
      ...(r.port !== undefined ? { port: r.port } : {}),
    });
  }
}
