import type { Entry } from '../sim/events';
import type { NodeView } from '../sim/host';
import type { Kernel } from '../sim/kernel';
import { mergeWindow } from '../sim/merge';
import type { ActorSpec, World } from '../sim/types';
import type { ViewOptions } from '../sim/view-page';
import type { WindowEvent } from '../sim/window';
import { type AdvanceLimit, type AdvanceResult, BaseRuntime } from './base-runtime';
import { RemoteWorker, type WorkerFactory } from './remote-worker';
import type { RuntimeOptions } from './runtime';
import { bringsKeys, KEY_VIEW } from './sa-keys';
import type { NodeBatch } from './worker-protocol';

// Runs the nodes in a fixed pool of Workers, each hosting several nodes. The scheduler (here, on the
// calling thread) keeps the one queue and decides the order; Workers only run actors. Work goes out
// in lookahead windows: a prefix of the queue in (time, seq) order, up to (not including) the
// earliest time an event in it could make something arrive: the minimum over the window's nodes of
// (the node's first event time + the latency of its fastest link). Nothing a window's events send
// can then land inside the window, and a window is still a prefix of the in-process order. (With
// one global bound, t₀ + the smallest latency of all, a client's event, whose links are 2 ms, held
// a window to the 50 µs of the XCF links it does not have.) Each Worker gets
// one message per window with the shares of all its nodes that have events in it, runs them one
// node after another (Workers run in parallel), and answers with every node's entries; the entries
// are merged in (time, seq) order, so the trace, the fingerprint and every state equal the
// in-process run's whatever the pool size and the assignment of nodes to Workers.
//
// Counting events exactly: a node may run timers it set inside its window, which the scheduler
// cannot count in advance. Far from the target that does not matter; within SAFE_TAIL events of
// it windows hold one event and no local timers. If a window still overshoots the target (a burst
// of more than SAFE_TAIL local timers), the runtime restores a checkpoint and replays one event
// per window up to the target. A loose limit (RunLimit.loose: playing) skips all that: whole
// windows up to the target, ending wherever the last one ends.

const SAFE_TAIL = 32;

/**
 * The default pool: one Worker per core but one (the page's thread schedules the windows and draws;
 * at least one Worker), never more Workers than nodes. On 2 cores, one Worker against two (scale-only
 * runs at 10,000 connections, bench/SCALE.md): renderer memory 1,047–1,170 MB against 1,143–1,246,
 * played as fast or faster, far seeks replayed as fast; Worker / in-process at 500 connections
 * 0.46–0.57 against 0.40–0.50. Three busy threads on two cores took turns on them.
 */
export function defaultPoolSize(nodes: number): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  const n = typeof cores === 'number' && Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 2;
  return Math.max(1, Math.min(nodes, n - 1));
}

/**
 * Relative cost of a node's events: the world's estimate where it gives one (ActorSpec.weight;
 * scenario/node-weights.ts), else by kind: stacks and clients do the IPsec and TCP work.
 */
function weight(a: ActorSpec): number {
  if (a.weight !== undefined && Number.isFinite(a.weight) && a.weight > 0) return a.weight;
  return a.kind === 'stack' || a.kind === 'peer' ? 3 : 1;
}

/**
 * Deterministic assignment of nodes to `workers` Workers: heaviest first (world order among equals),
 * each to the least loaded Worker so far (the lowest index among equals). Returns each Worker's
 * node ids in world order; no Worker is empty.
 */
export function assignNodes(actors: readonly ActorSpec[], workers: number): string[][] {
  const n = Math.min(workers, actors.length);
  const load = new Array<number>(n).fill(0);
  const home = new Map<string, number>();
  const order = actors.map((a, i) => ({ a, i, w: weight(a) })).sort((x, y) => y.w - x.w || x.i - y.i);
  for (const { a, w } of order) {
    let best = 0;
    for (let i = 1; i < n; i++) if (load[i]! < load[best]!) best = i;
    load[best]! += w;
    home.set(a.id, best);
  }
  const out: string[][] = Array.from({ length: n }, () => []);
  for (const a of actors) out[home.get(a.id)!]!.push(a.id);
  return out;
}

export class WorkerRuntime extends BaseRuntime {
  readonly mode = 'workers' as const;
  private pool: RemoteWorker[] = [];
  /** Node id → the Worker hosting it. */
  private home = new Map<string, RemoteWorker>();
  /** Until this event index, windows hold one event (after an overshoot). */
  /** The bytes of the states the last checkpoint saved, shared parts included (for the budget). */
  private lastTotal = 0;
  private safeUntil = 0;
  private readonly poolOption: number | undefined;
  /** Windows sent since load (for the benchmark's curiosity and tests). */
  windows = 0;

  constructor(
    private readonly factory: WorkerFactory,
    options: RuntimeOptions = {},
  ) {
    super(options);
    const w = options.workers;
    if (w !== undefined && !(Number.isSafeInteger(w) && w >= 1))
      throw new RangeError(`workers must be a positive integer, not ${w}`);
    this.poolOption = w;
  }

  /** The node ids each Worker of the pool hosts (world order), by Worker index. */
  workerNodes(): string[][] {
    return this.pool.map((w) => [...w.nodes]);
  }

  protected async createHosts(world: World, kernel: Kernel): Promise<void> {
    const size = this.poolOption ?? defaultPoolSize(world.actors.length);
    this.pool = assignNodes(world.actors, size).map(
      (nodes, i) => new RemoteWorker(i, nodes, this.factory(i, nodes)),
    );
    this.home = new Map(this.pool.flatMap((w) => w.nodes.map((n) => [n, w] as const)));
    this.safeUntil = 0;
    this.windows = 0;
    await Promise.all(this.pool.map((w) => this.initWorker(w, world, kernel)));
  }

  private initWorker(w: RemoteWorker, world: World, kernel: Kernel): Promise<void> {
    const specs = new Map(world.actors.map((a) => [a.id, a]));
    return w.init(
      w.nodes.map((id) => ({ spec: specs.get(id)!, ports: kernel.links.ports(id) })),
      world.seed,
    );
  }

  protected async advance(limit: AdvanceLimit): Promise<AdvanceResult> {
    const k = this.k;
    while (k.eventIndex < limit.target) {
      const head = k.nextEvent();
      if (!head || head.time > limit.time) return { kind: 'idle' };
      const what = `window from event #${k.eventIndex} (t=${head.time} µs)`;
      const dead = this.pool.find((w) => w.crashed);
      if (dead) await this.recover(what, dead.crashed);
      const remaining = limit.target - k.eventIndex;
      // A replay bounded by the target's time cannot overshoot: whole windows up to that time.
      // A loose limit (playing) may end past the target: whole windows up to it.
      const whole = limit.beforeTarget || limit.loose;
      const single = !whole && (k.eventIndex < this.safeUntil || remaining <= SAFE_TAIL);
      const cap = single ? 1 : whole ? remaining : remaining - SAFE_TAIL;
      let windowEnd = Infinity;

      const batches = new Map<string, WindowEvent[]>();
      const frames = new Map<number, Uint8Array>();
      let count = 0;
      for (let ev = k.nextEvent(); ev; ev = k.nextEvent()) {
        if (count > 0 && (count >= cap || ev.time >= windowEnd || ev.time > limit.time)) break;
        k.takeEvent();
        count++;
        windowEnd = Math.min(windowEnd, ev.time + k.links.lookaheadOf(ev.node));
        let batch = batches.get(ev.node);
        if (!batch) {
          batch = [];
          batches.set(ev.node, batch);
        }
        batch.push({ time: ev.time, seq: ev.seq, input: ev.input });
        if (ev.input.type === 'frame') frames.set(ev.seq, ev.input.frame);
      }
      // Timers set inside the window may run inside it only before the first event left out.
      const next = k.nextEvent();
      const localCut = single ? head.time : Math.min(windowEnd, limit.time + 1, next ? next.time : Infinity);

      // One message per Worker with the shares of all its nodes in this window.
      const perWorker = new Map<RemoteWorker, NodeBatch[]>();
      for (const [node, events] of batches) {
        const w = this.worker(node);
        let list = perWorker.get(w);
        if (!list) {
          list = [];
          perWorker.set(w, list);
        }
        list.push({ node, events });
      }
      this.windows++;
      const results = await Promise.all([...perWorker].map(([w, list]) => w.window(list, localCut))).catch(
        (e: unknown) => this.recover(what, e),
      );
      const perNode = new Map<string, Entry[]>();
      for (const r of results)
        for (const { node, entries } of r) {
          for (const e of entries) if (e.stripped) e.records[0]!.frame = frames.get(e.seq)!;
          perNode.set(node, entries);
        }
      const firstRecord = k.trace.count;
      mergeWindow(k, perNode);
      // The keys an IKE message brought in this window (sa-keys.ts), from views at its end: a window
      // is shorter than its nodes' links, so no reply can delete them inside it (only a kill of the
      // node in the same window could, which would lose them).
      const keyed = [...batches].filter(([, evs]) => evs.some((e) => bringsKeys(e.input))).map(([n]) => n);
      if (keyed.length)
        this.saKeys.add(
          await this.viewNodes(
            keyed,
            keyed.map(() => KEY_VIEW),
          ),
        );

      if (k.eventIndex > limit.target && !limit.loose) {
        await this.restoreAtOrBefore(limit.target);
        this.safeUntil = limit.target;
        return { kind: 'progress' };
      }
      const cp = this.maybeCheckpoint();
      if (cp) await cp.catch((e: unknown) => this.recover(`checkpoint at event #${k.eventIndex}`, e));
      if (limit.until) {
        const hit = k.trace.slice(firstRecord).find(limit.until);
        if (hit) return { kind: 'matched', event: hit.event };
      }
      if (limit.stop?.()) break;
    }
    return { kind: 'progress' };
  }

  /**
   * After a Worker failed: a dead Worker took its nodes' states and checkpoints with it. A new
   * Worker's fresh actors are exactly those nodes at event 0 (init is deterministic), so the whole
   * run goes back to event 0, consistent again; seeking forward replays from there. Always throws,
   * naming what failed and the Worker's nodes.
   */
  private async recover(what: string, e: unknown): Promise<never> {
    const why = e instanceof Error ? e.message : String(e);
    const k = this.k;
    const replaced: string[] = [];
    for (const [i, dead] of this.pool.entries()) {
      if (!dead.crashed) continue;
      dead.terminate();
      const fresh = new RemoteWorker(i, dead.nodes, this.factory(i, dead.nodes));
      this.pool[i] = fresh;
      for (const n of fresh.nodes) this.home.set(n, fresh);
      await this.initWorker(fresh, k.world, k);
      await fresh.checkpoint(0);
      replaced.push(`worker #${i}`);
    }
    await this.rewindToStart();
    throw new Error(
      `${what} failed: ${why}; the run was reset to event 0${replaced.length ? ` with a new ${replaced.join(', ')}` : ''}`,
    );
  }

  protected async saveHosts(index: number): Promise<number> {
    const saved = await Promise.all(this.pool.map((w) => w.checkpoint(index)));
    this.lastTotal = saved.reduce((sum, s) => sum + s.total, 0);
    return saved.reduce((sum, s) => sum + s.bytes, 0);
  }

  protected override savedTotal(): number {
    return this.lastTotal;
  }

  protected restoreHosts(index: number): void {
    for (const w of this.pool) w.post({ type: 'restore', index });
  }

  protected forgetHosts(indexes: number[]): void {
    for (const w of this.pool) w.post({ type: 'forget', indexes });
  }

  /** One request per Worker for the views of its nodes among ids; the views come back in ids' order. */
  protected async viewNodes(ids: string[], options: ViewOptions[]): Promise<NodeView[]> {
    const asked = new Map<RemoteWorker, { ids: string[]; options: ViewOptions[]; at: number[] }>();
    ids.forEach((id, i) => {
      const w = this.worker(id);
      let a = asked.get(w);
      if (!a) {
        a = { ids: [], options: [], at: [] };
        asked.set(w, a);
      }
      a.ids.push(id);
      a.options.push(options[i]!);
      a.at.push(i);
    });
    const out = new Array<NodeView>(ids.length);
    await Promise.all(
      [...asked].map(async ([w, a]) => {
        const views = await w.views(a.ids, a.options);
        a.at.forEach((pos, j) => {
          out[pos] = views[j]!;
        });
      }),
    );
    return out;
  }

  protected disposeHosts(): void {
    for (const w of this.pool) w.terminate();
    this.pool = [];
    this.home.clear();
  }

  private worker(node: string): RemoteWorker {
    const w = this.home.get(node);
    if (!w) throw new Error(`unknown node '${node}'`);
    return w;
  }
}
