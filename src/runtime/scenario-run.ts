import type { Fault, Scenario } from '../scenario/types';
import { buildWorld } from '../scenario/world';
import type { Injection } from '../sim/kernel';
import type { RunLimit, Runtime, RuntimeStatus } from './runtime';

// A scenario running on a runtime: the world built from it and its fault timeline applied where
// each fault belongs — after `afterEvent` events, or with the clock at exactly `atUs` (all events
// up to that time done), so stepping one event at a time and running gives the same trace.
// Each fault is handed to the runtime once; the runtime's journal replays it on every seek. A new
// act at the current point (a drag, a menu) branches the timeline: later faults are dropped, as
// the runtime drops its journal after an injection.

export function faultInjection(f: Fault): Injection {
  return 'node' in f
    ? { type: 'control', node: f.node, action: f.action }
    : { type: 'link', link: f.link, up: f.up };
}

export function faultLabel(f: Fault): string {
  const at = `${(f.atUs / 1e6).toFixed(3)} s`;
  return 'node' in f ? `${f.action} ${f.node} @ ${at}` : `link ${f.link} ${f.up ? 'up' : 'down'} @ ${at}`;
}

export type NodeAction = 'kill' | 'stop' | 'restart';

/**
 * Why an act on a node is refused (undefined: it is not). `up`: whether the node runs, when known.
 * Killing or stopping a node that is down, or restarting one that runs, would branch the timeline
 * for nothing (a restart of a running stack crashes it first, and its takeback has no "from").
 */
export function refusal(node: string, action: NodeAction, up: boolean | undefined): string | undefined {
  if (up === false && action !== 'restart') return `${node} is already down`;
  if (up === true && action === 'restart') return `${node} is running: kill or stop it first`;
  return undefined;
}

/**
 * Faults in the order ScenarioRun applies them: by time (a pinned act's is the clock it was made
 * at, which grows with its event: schema.ts), at the same time a time fault before a pinned act (a
 * time fault due then was applied before the user could act), pinned acts by event, ties as
 * written. (Pinned acts all first held a time fault back behind every act, whatever its time: a
 * CLI --kill at 0.5 s ran after an act at 3 s.)
 */
export function timelineOrder(faults: readonly Fault[]): Fault[] {
  const pinned = (f: Fault) => (f.afterEvent === undefined ? 0 : 1);
  return [...faults].sort(
    (a, b) => a.atUs - b.atUs || pinned(a) - pinned(b) || (a.afterEvent ?? 0) - (b.afterEvent ?? 0),
  );
}

/**
 * The first fault of a timeline that refusal() refuses, walking it in the order it is applied with
 * every node up at the start (only faults take a node down or up); undefined when none is.
 */
export function timelineRefusal(faults: readonly Fault[]): { fault: Fault; reason: string } | undefined {
  const down = new Set<string>();
  for (const f of timelineOrder(faults)) {
    if (!('node' in f)) continue;
    const reason = refusal(f.node, f.action, !down.has(f.node));
    if (reason) return { fault: f, reason };
    if (f.action === 'restart') down.delete(f.node);
    else down.add(f.node);
  }
  return undefined;
}

export class ScenarioRun {
  private base: Scenario | null = null;
  private faults: Fault[] = [];
  /** The event index at which each applied fault went into the runtime's journal. */
  private appliedAt: number[] = [];

  constructor(readonly runtime: Runtime) {}

  /** The scenario with its timeline as it stands (including the user's acts). */
  get scenario(): Scenario {
    if (!this.base) throw new Error('no scenario loaded');
    return { ...this.base, faults: [...this.faults] };
  }

  get timeline(): readonly Fault[] {
    return this.faults;
  }

  async load(sc: Scenario): Promise<RuntimeStatus> {
    this.base = sc;
    this.faults = timelineOrder(sc.faults);
    this.appliedAt = [];
    await this.runtime.load(buildWorld(sc));
    return this.applyDue();
  }

  status(): RuntimeStatus {
    return this.runtime.status();
  }

  step(n = 1): Promise<RuntimeStatus> {
    return this.run({ maxEvents: n });
  }

  /** Runtime.run, with the faults applied on the way. */
  async run(limit: RunLimit): Promise<RuntimeStatus> {
    let budget = limit.maxEvents ?? Number.POSITIVE_INFINITY;
    let st = await this.applyDue();
    for (;;) {
      const next = this.faults[this.appliedAt.length];
      const sub: RunLimit = limit.until ? { until: limit.until } : {};
      if (Number.isFinite(budget)) sub.maxEvents = budget;
      let time = limit.time;
      // A fault after an event needs the run to stop exactly there (a loose run could pass it by a
      // few events); a budget alone may be loose.
      const faultAt = next?.afterEvent !== undefined ? next.afterEvent - st.eventIndex : Infinity;
      if (faultAt <= budget) sub.maxEvents = faultAt;
      else if (limit.loose && faultAt === Infinity) sub.loose = true;
      if (next?.afterEvent === undefined && next && (time === undefined || next.atUs < time))
        time = next.atUs;
      if (time !== undefined) sub.time = time;
      // Only the run to the caller's time holds the clock: a fault's time must be reached.
      if (limit.holdClock && time === limit.time) sub.holdClock = true;
      const before = st.eventIndex;
      st = await this.runtime.run(sub);
      const ran = st.eventIndex - before;
      budget -= ran;
      if (limit.until && ran > 0 && this.matchedSince(before, limit.until)) return st;
      const applied = this.appliedAt.length;
      st = await this.applyDue();
      if (budget <= 0) return st;
      if (limit.time !== undefined && st.time >= limit.time && !this.dueBy(limit.time)) return st;
      if (ran === 0 && this.appliedAt.length === applied) return st; // nothing left to do
    }
  }

  async seek(eventIndex: number): Promise<RuntimeStatus> {
    return this.runtime.seek(eventIndex);
  }

  /** An act at the current point (a drag, a menu): recorded in the timeline and applied now. */
  async act(
    f: { node: string; action: 'kill' | 'stop' | 'restart' } | { link: string; up: boolean },
  ): Promise<RuntimeStatus> {
    const st = this.runtime.status();
    const fault = { ...f, atUs: st.time, afterEvent: st.eventIndex } as Fault;
    const keep = this.appliedAt.filter((at) => at <= st.eventIndex).length;
    this.faults = [...this.faults.slice(0, keep), fault];
    this.appliedAt = [...this.appliedAt.slice(0, keep), st.eventIndex];
    return this.runtime.inject(faultInjection(fault));
  }

  private isDue(f: Fault, st: RuntimeStatus): boolean {
    if (f.afterEvent !== undefined) return st.eventIndex >= f.afterEvent;
    return st.nextTime === null || st.nextTime > f.atUs;
  }

  /** A time fault at or before `time` still waits. */
  private dueBy(time: number): boolean {
    const f = this.faults[this.appliedAt.length];
    return !!f && f.afterEvent === undefined && f.atUs <= time;
  }

  private matchedSince(event: number, until: NonNullable<RunLimit['until']>): boolean {
    const recs = this.runtime.records();
    for (let i = recs.length - 1; i >= 0 && recs[i]!.event >= event; i--) if (until(recs[i]!)) return true;
    return false;
  }

  /** Applies every fault that is due now (time faults with the clock moved to their time first). */
  private async applyDue(): Promise<RuntimeStatus> {
    let st = this.runtime.status();
    for (;;) {
      const f = this.faults[this.appliedAt.length];
      if (!f || !this.isDue(f, st)) return st;
      // With the clock at the fault's time: a pinned act was made with the clock where it stood
      // then (a run to a time moves it past the last event), and a replay must stand there too.
      if (st.time < f.atUs && (st.nextTime === null || st.nextTime > f.atUs))
        st = await this.runtime.run({ time: f.atUs });
      this.appliedAt.push(st.eventIndex);
      st = await this.runtime.inject(faultInjection(f));
    }
  }
}
