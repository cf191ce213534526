import { deepClone } from '../sim/clone';
import { type HostSnapshot, NodeHost, type NodeView, unsharedSnapshotBytes } from '../sim/host';
import type { Kernel } from '../sim/kernel';
import type { ActorRegistry } from '../sim/registry';
import type { World } from '../sim/types';
import type { ViewOptions } from '../sim/view-page';
import { actorKinds } from './actor-kinds';
import { type AdvanceLimit, type AdvanceResult, BaseRuntime } from './base-runtime';
import type { RuntimeOptions } from './runtime';
import { bringsKeys, KEY_VIEW } from './sa-keys';

// Runs every actor on the calling thread, one event at a time in (time, seq) order: the reference
// the Worker runtime must match, and the runtime for tests and the CLI.

/** Wall milliseconds of running between breaths (RuntimeOptions.breathe). */
export const BREATHE_MS = 16;

export class InProcessRuntime extends BaseRuntime {
  readonly mode = 'in-process' as const;
  private hosts = new Map<string, NodeHost>();
  private saved = new Map<number, HostSnapshot[]>();
  /** Each node's last view (NodeHost.view returns the same object while nothing changed) and its copy. */
  private viewCopies = new Map<string, { view: NodeView; copy: NodeView }>();
  private lastTotal = 0;

  constructor(
    private readonly registry: ActorRegistry = actorKinds,
    options: RuntimeOptions = {},
  ) {
    super(options);
    this.breathe = options.breathe ?? null;
    this.copyViews = options.viewCopies ?? true;
  }

  private readonly copyViews: boolean;

  private readonly breathe: (() => Promise<void>) | null;
  /** When the runtime last breathed (performance.now()). */
  private breathedAt = 0;
  /**
   * The checkpoint whose host snapshots the hosts' next snapshots share with (NodeHost.base):
   * saved or restored last.
   */
  private basedOn: number | undefined;

  protected async createHosts(world: World, kernel: Kernel): Promise<void> {
    this.basedOn = undefined;
    this.hosts = new Map(
      world.actors.map((a) => [
        a.id,
        new NodeHost(a, this.registry.get(a.kind), kernel.links.ports(a.id), world.seed),
      ]),
    );
  }

  protected async advance(limit: AdvanceLimit): Promise<AdvanceResult> {
    const k = this.k;
    let sinceCheck = 0;
    if (this.breathe) this.breathedAt = performance.now();
    while (k.eventIndex < limit.target) {
      if (this.breathe && ++sinceCheck >= 32) {
        sinceCheck = 0;
        if (performance.now() - this.breathedAt >= BREATHE_MS) {
          await this.breathe();
          this.breathedAt = performance.now();
          if (limit.stop?.()) break;
        }
      }
      const ev = k.nextEvent();
      if (!ev || ev.time > limit.time) return { kind: 'idle' };
      k.takeEvent();
      const host = this.hosts.get(ev.node)!;
      const r = host.run(ev.time, ev.input, ev.seq);
      const entry = r instanceof Promise ? await r : r;
      if (!entry) continue;
      if (bringsKeys(ev.input)) this.saKeys.add([host.view(KEY_VIEW)]);
      const firstRecord = k.trace.count;
      k.apply(ev.node, entry);
      const cp = this.maybeCheckpoint();
      if (cp) await cp;
      if (limit.until && k.trace.slice(firstRecord).some(limit.until))
        return { kind: 'matched', event: k.eventIndex - 1 };
      if (limit.stop?.()) break;
    }
    return { kind: 'progress' };
  }

  protected override readonly quietReplays = true;

  protected override setQuiet(on: boolean): void {
    for (const h of this.hosts.values()) h.quiet = on;
  }

  protected saveHosts(index: number): number {
    const snaps = [...this.hosts.values()].map((h) => h.snapshot());
    this.saved.set(index, snaps);
    this.basedOn = index;
    let bytes = 0;
    let total = 0;
    for (const s of snaps) {
      bytes += s.bytes;
      total += s.total;
    }
    this.lastTotal = total;
    return bytes;
  }

  protected override savedTotal(): number {
    return this.lastTotal;
  }

  protected restoreHosts(index: number): void {
    const snaps = this.saved.get(index);
    if (!snaps) throw new Error(`no host snapshots for checkpoint ${index}`);
    let i = 0;
    for (const h of this.hosts.values()) h.restore(snaps[i++]!);
    this.basedOn = index;
  }

  protected override hostsBasedOn(): number | undefined {
    return this.basedOn;
  }

  protected override unsharedHostBytes(later: number, earlier: number): number | undefined {
    const a = this.saved.get(later);
    const b = this.saved.get(earlier);
    if (!a || !b) return undefined;
    let n = 0;
    for (let i = 0; i < a.length; i++) n += unsharedSnapshotBytes(a[i]!, b[i]);
    return n;
  }

  protected forgetHosts(indexes: number[]): void {
    for (const i of indexes) this.saved.delete(i);
  }

  protected async viewNodes(ids: string[], options: ViewOptions[]): Promise<NodeView[]> {
    return ids.map((id, i) => {
      const h = this.hosts.get(id);
      if (!h) throw new Error(`unknown node '${id}'`);
      // A copy: the UI must never reach into live actor state. The same view (nothing changed)
      // keeps its copy.
      const v = h.view(options[i]);
      if (!this.copyViews) return v;
      const last = this.viewCopies.get(id);
      if (last?.view === v) return last.copy;
      const copy = deepClone(v);
      this.viewCopies.set(id, { view: v, copy });
      return copy;
    });
  }

  protected disposeHosts(): void {
    this.hosts.clear();
    this.saved.clear();
    this.viewCopies.clear();
  }
}
