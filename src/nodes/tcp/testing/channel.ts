import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { tcpInput } from '../input';
import { createTcpTable } from '../table';
import { tcpTimer } from '../timeout';
import type { Micros, TcpConfig, TcpEvent, TcpResult, TcpSegment, TcpTable } from '../types';

// A test harness: TCP tables joined by a channel with latency and seeded faults (loss,
// duplication, reordering, jitter, outages), run by a small event loop over virtual time. Not the
// emulator's kernel (src/sim), just enough of one to test the engine on its own.

export interface Outage {
  from: Micros;
  to: Micros;
}

export interface ChannelFaults {
  /** Probability that a segment is lost. */
  loss?: number;
  /** Probability that a segment is delivered twice (the copy a little later). */
  dup?: number;
  /** Probability that a segment is held back up to reorderUs (so later ones overtake it). */
  reorder?: number;
  reorderUs?: Micros;
  /** Every delivery is delayed by 0..jitterUs more. */
  jitterUs?: Micros;
  /** Windows of time in which everything on the channel is lost (a failover). */
  outages?: Outage[];
  /** Drops the segments this picks (n counts every segment put on the channel, from 0). */
  drop?: (seg: TcpSegment, n: number) => boolean;
}

export interface NetOptions {
  seed: number;
  latencyUs: Micros;
  faults?: ChannelFaults;
  /** Picks the host a segment is delivered to (default: the first whose address is dstAddr). */
  route?: (seg: TcpSegment, hosts: readonly Host[]) => Host | undefined;
}

export interface Host {
  name: string;
  addr: number;
  table: TcpTable;
  /** Events with the time they happened. */
  events: { t: Micros; ev: TcpEvent }[];
  /** Reaction to the host's TCP events (an application). */
  onEvent?: (ev: TcpEvent, now: Micros) => void;
  /** The ISS for connections this host accepts (default: the engine's RFC 6528 numbers). */
  iss?: number;
  /**
   * Replace the plain engine calls (e.g. with an application host that dispatches the events
   * itself; onEvent then only observes).
   */
  input?: (seg: TcpSegment, now: Micros) => TcpResult;
  timer?: (key: string, now: Micros) => TcpResult;
}

export interface WireRecord {
  t: Micros;
  from: string;
  summary: string;
  fate: 'sent' | 'lost' | 'dup';
}

type Job =
  | { kind: 'deliver'; seg: TcpSegment }
  | { kind: 'timer'; host: Host; key: string; token: number }
  | { kind: 'call'; fn: () => void };

interface Queued {
  at: Micros;
  order: number;
  job: Job;
}

export function segSummary(s: TcpSegment): string {
  const f = s.flags;
  const fl = `${f.syn ? 'S' : ''}${f.ack ? 'A' : ''}${f.fin ? 'F' : ''}${f.rst ? 'R' : ''}${f.psh ? 'P' : ''}`;
  const mss = s.mss === undefined ? '' : ` mss=${s.mss}`;
  return `${s.srcPort}>${s.dstPort} [${fl}] seq=${s.seq} ack=${s.ack} win=${s.window} len=${s.payload.length}${mss}`;
}

export class Net {
  now: Micros = 0;
  readonly hosts: Host[] = [];
  readonly wire: WireRecord[] = [];
  /** Every segment put on the channel, in order (for MSS and determinism checks). */
  readonly sent: TcpSegment[] = [];
  private queue: Queued[] = [];
  private order = 0;
  private readonly rng: RandomGenerator;
  private readonly timers = new Map<string, number>();

  constructor(readonly opts: NetOptions) {
    this.rng = xoroshiro128plus(opts.seed | 0);
  }

  host(name: string, addr: number, cfg: Partial<TcpConfig> = {}, issSecret = 0): Host {
    const h: Host = { name, addr: addr >>> 0, table: createTcpTable(cfg, issSecret), events: [] };
    this.hosts.push(h);
    return h;
  }

  /** Runs fn at virtual time `at` (an application's action). */
  at(at: Micros, fn: () => void): void {
    this.push(at, { kind: 'call', fn });
  }

  /** Takes in what the engine returned for host h: segments go on the channel, timers are set. */
  apply(h: Host, res: TcpResult): TcpResult {
    for (const seg of res.segments) this.transmit(h, seg);
    for (const op of res.timers) {
      const id = `${h.name}|${op.key}`;
      if (op.op === 'cancel') this.timers.delete(id);
      else {
        const token = ++this.order;
        this.timers.set(id, token);
        this.push(Math.max(op.at, this.now), { kind: 'timer', host: h, key: op.key, token });
      }
    }
    for (const ev of res.events) {
      h.events.push({ t: this.now, ev });
      h.onEvent?.(ev, this.now);
    }
    return res;
  }

  /** Runs until nothing is left to do or virtual time passes `until`. Returns the steps taken. */
  run(until: Micros = Number.POSITIVE_INFINITY, maxSteps = 2_000_000): number {
    let steps = 0;
    while (this.queue.length > 0 && steps < maxSteps) {
      const next = this.queue[0]!;
      if (next.at > until) break;
      this.pop();
      const job = next.job;
      const id = job.kind === 'timer' ? `${job.host.name}|${job.key}` : '';
      if (job.kind === 'timer' && this.timers.get(id) !== job.token) continue; // cancelled
      this.now = next.at;
      steps++;
      if (job.kind === 'call') job.fn();
      else if (job.kind === 'timer') {
        this.timers.delete(id);
        const h = job.host;
        this.apply(h, h.timer ? h.timer(job.key, this.now) : tcpTimer(h.table, job.key, this.now));
      } else {
        const seg = job.seg;
        const h = this.opts.route
          ? this.opts.route(seg, this.hosts)
          : this.hosts.find((x) => x.addr === seg.dstAddr >>> 0);
        if (h)
          this.apply(h, h.input ? h.input(job.seg, this.now) : tcpInput(h.table, job.seg, this.now, h.iss));
      }
    }
    if (steps >= maxSteps) throw new Error(`no quiescence after ${maxSteps} steps (t=${this.now})`);
    return steps;
  }

  private float(): number {
    return (this.rng.next() >>> 0) / 0x1_0000_0000;
  }

  private transmit(from: Host, seg: TcpSegment): void {
    const f = this.opts.faults ?? {};
    this.sent.push(seg);
    // Draw every number for every segment, in a fixed order, so runs replay exactly.
    const lost = this.float() < (f.loss ?? 0);
    const dup = this.float() < (f.dup ?? 0);
    const late = this.float() < (f.reorder ?? 0);
    const extra = Math.floor(this.float() * ((f.reorderUs ?? 0) + 1));
    const jitter = Math.floor(this.float() * ((f.jitterUs ?? 0) + 1));
    const arrive = this.now + this.opts.latencyUs + jitter + (late ? extra : 0);
    const dark =
      (f.outages ?? []).some((o) => this.now < o.to && arrive >= o.from) ||
      (f.drop?.(seg, this.sent.length - 1) ?? false);
    const summary = segSummary(seg);
    if (lost || dark) {
      this.wire.push({ t: this.now, from: from.name, summary, fate: 'lost' });
      return;
    }
    this.wire.push({ t: this.now, from: from.name, summary, fate: 'sent' });
    this.push(arrive, { kind: 'deliver', seg });
    if (dup) {
      this.wire.push({ t: this.now, from: from.name, summary, fate: 'dup' });
      this.push(arrive + 1 + jitter, { kind: 'deliver', seg });
    }
  }

  // A binary min-heap on (at, order).
  private push(at: Micros, job: Job): void {
    const q = this.queue;
    q.push({ at, order: ++this.order, job });
    let i = q.length - 1;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      if (!before(q[i]!, q[p]!)) break;
      [q[i], q[p]] = [q[p]!, q[i]!];
      i = p;
    }
  }

  private pop(): void {
    const q = this.queue;
    const last = q.pop()!;
    if (q.length === 0) return;
    q[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < q.length && before(q[l]!, q[m]!)) m = l;
      if (r < q.length && before(q[r]!, q[m]!)) m = r;
      if (m === i) return;
      [q[i], q[m]] = [q[m]!, q[i]!];
      i = m;
    }
  }
}

function before(a: Queued, b: Queued): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

/** 10.0.0.n style test addresses. */
export function ip(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
