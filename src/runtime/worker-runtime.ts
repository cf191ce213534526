import type { Entry } from '../sim/events';
import type { NodeView } from '../sim/host';
import type { Kernel } from '../sim/kernel';
import { mergeWindow } from '../sim/merge';
import type { World } from '../sim/types';
import type { WindowEvent } from '../sim/window';
import { type AdvanceLimit, type AdvanceResult, BaseRuntime } from './base-runtime';
import { RemoteNode, type WorkerFactory } from './remote-node';
import type { RuntimeOptions } from './runtime';

// Runs every node in its own Worker. The scheduler (here, on the calling thread) keeps the one
// queue and decides the order; Workers only run actors. Work goes out in lookahead windows: all
// queued events from the earliest time t₀ up to (not including) t₀ + the smallest link latency,
// since nothing a node does can reach another node sooner. Each node runs its share in parallel;
// the entries come back and are merged in (time, seq) order, so the trace, the fingerprint and
// every state equal the in-process run's.
//
// Counting events exactly: a node may run timers it set inside its window, which the scheduler
// cannot count in advance. Far from the target that does not matter; within SAFE_TAIL events of
// it windows hold one event and no local timers. If a window still overshoots the target (a burst
// of more than SAFE_TAIL local timers), the runtime restores a checkpoint and replays one event
// per window up to the target.

const SAFE_TAIL = 32;

export class WorkerRuntime extends BaseRuntime {
  readonly mode = 'workers' as const;
  private nodes = new Map<string, RemoteNode>();
  /** Until this event index, windows hold one event (after an overshoot). */
  private safeUntil = 0;
  /** Windows sent since load (for the benchmark's curiosity and tests). */
  windows = 0;

  constructor(
    private readonly factory: WorkerFactory,
    options: RuntimeOptions = {},
  ) {
    super(options);
  }

  protected async createHosts(world: World, kernel: Kernel): Promise<void> {
    this.nodes = new Map(world.actors.map((a) => [a.id, new RemoteNode(a.id, this.factory(a.id))]));
    this.safeUntil = 0;
    this.windows = 0;
    await Promise.all(
      world.actors.map((a) => this.nodes.get(a.id)!.init(a, kernel.links.ports(a.id), world.seed)),
    );
  }

  protected async advance(limit: AdvanceLimit): Promise<AdvanceResult> {
    const k = this.k;
    const lookahead = k.links.minLatency;
    while (k.eventIndex < limit.target) {
      const head = k.queue.peek();
      if (!head || head.time > limit.time) return { kind: 'idle' };
      const remaining = limit.target - k.eventIndex;
      const single = k.eventIndex < this.safeUntil || remaining <= SAFE_TAIL;
      const cap = single ? 1 : remaining - SAFE_TAIL;
      const windowEnd = head.time + lookahead;

      const batches = new Map<string, WindowEvent[]>();
      const frames = new Map<number, Uint8Array>();
      let count = 0;
      for (let ev = k.queue.peek(); ev; ev = k.queue.peek()) {
        if (count > 0 && (count >= cap || ev.time >= windowEnd || ev.time > limit.time)) break;
        k.queue.pop();
        count++;
        let batch = batches.get(ev.node);
        if (!batch) {
          batch = [];
          batches.set(ev.node, batch);
        }
        batch.push({ time: ev.time, seq: ev.seq, input: ev.input });
        if (ev.input.type === 'frame') frames.set(ev.seq, ev.input.frame);
      }
      // Timers set inside the window may run inside it only before the first event left out.
      const next = k.queue.peek();
      const localCut = single ? head.time : Math.min(windowEnd, limit.time + 1, next ? next.time : Infinity);

      this.windows++;
      const results = await Promise.all(
        [...batches].map(
          async ([node, events]) => [node, await this.node(node).window(events, localCut)] as const,
        ),
      ).catch(async (e: unknown) => {
        const why = e instanceof Error ? e.message : String(e);
        const at = k.eventIndex;
        await this.replaceCrashedWorkers();
        throw new Error(
          `window from event #${at} (t=${head.time} µs) failed: ${why}; the run was reset to event 0 with a new Worker`,
        );
      });
      const perNode = new Map<string, Entry[]>();
      for (const [node, entries] of results) {
        for (const e of entries) if (e.stripped) e.records[0]!.frame = frames.get(e.seq)!;
        perNode.set(node, entries);
      }
      const firstRecord = k.trace.count;
      mergeWindow(k, perNode);

      if (k.eventIndex > limit.target) {
        await this.restoreAtOrBefore(limit.target);
        this.safeUntil = limit.target;
        return { kind: 'progress' };
      }
      const cp = this.maybeCheckpoint();
      if (cp) await cp;
      if (limit.until) {
        const hit = k.trace.slice(firstRecord).find(limit.until);
        if (hit) return { kind: 'matched', event: hit.event };
      }
    }
    return { kind: 'progress' };
  }

  /**
   * A dead Worker took its node's state and checkpoints with it. A new Worker's fresh actor is
   * exactly the node at event 0 (init is deterministic), so the whole run goes back to event 0,
   * consistent again; seeking forward replays from there.
   */
  private async replaceCrashedWorkers(): Promise<void> {
    const k = this.k;
    for (const a of k.world.actors) {
      const dead = this.nodes.get(a.id);
      if (!dead?.crashed) continue;
      dead.terminate();
      const fresh = new RemoteNode(a.id, this.factory(a.id));
      this.nodes.set(a.id, fresh);
      await fresh.init(a, k.links.ports(a.id), k.world.seed);
      fresh.post({ type: 'checkpoint', index: 0 });
    }
    await this.rewindToStart();
  }

  protected saveHosts(index: number): number {
    // The Workers do not report their snapshots' bytes yet (fire-and-forget), so 0 here.
    for (const n of this.nodes.values()) n.post({ type: 'checkpoint', index });
    return 0;
  }

  protected restoreHosts(index: number): void {
    for (const n of this.nodes.values()) n.post({ type: 'restore', index });
  }

  protected forgetHosts(indexes: number[]): void {
    for (const n of this.nodes.values()) n.post({ type: 'forget', indexes });
  }

  protected viewNodes(ids: string[]): Promise<NodeView[]> {
    return Promise.all(ids.map((id) => this.node(id).view()));
  }

  protected disposeHosts(): void {
    for (const n of this.nodes.values()) n.terminate();
    this.nodes.clear();
  }

  private node(id: string): RemoteNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node '${id}'`);
    return n;
  }
}
