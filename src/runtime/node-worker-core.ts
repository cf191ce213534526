import { type HostSnapshot, NodeHost, type NodeView } from '../sim/host';
import type { ActorRegistry } from '../sim/registry';
import { runWindow } from '../sim/window';
import type { FromWorker, NodeEntries, ToWorker, WireEntry } from './worker-protocol';

// The inside of one pooled Worker, free of Worker globals so it also runs in-memory in tests: hosts
// the NodeHosts of the nodes assigned to it, runs their shares of each window (one node after
// another, each node's events in canonical order), keeps their checkpoints.

export class NodeWorkerCore {
  private readonly hosts = new Map<string, NodeHost>();
  /** Checkpoint index → one snapshot per host, in the hosts' order. */
  private readonly checkpoints = new Map<number, HostSnapshot[]>();
  /** The view last sent per node: the same view again goes as null (the scheduler has it). */
  private readonly sentViews = new Map<string, NodeView>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly registry: ActorRegistry,
    private readonly post: (message: FromWorker, transfer: Transferable[]) => void,
  ) {}

  /** Messages are handled strictly one after another, even when a handler is async. */
  receive(message: ToWorker): void {
    this.chain = this.chain.then(
      () => this.handle(message),
      () => undefined,
    );
    this.chain = this.chain.catch((e: unknown) => {
      const id = 'id' in message ? message.id : undefined;
      this.post(
        {
          type: 'fatal',
          ...(id !== undefined ? { id } : {}),
          message: e instanceof Error ? e.message : String(e),
        },
        [],
      );
    });
  }

  private async handle(m: ToWorker): Promise<void> {
    switch (m.type) {
      case 'init':
        if (this.hosts.size) throw new Error('worker already initialised');
        for (const n of m.nodes)
          this.hosts.set(
            n.spec.id,
            new NodeHost(n.spec, this.registry.get(n.spec.kind), n.ports, m.seed, true),
          );
        this.post({ type: 'ready', id: m.id }, []);
        return;
      case 'window': {
        const results: NodeEntries[] = [];
        const transfer = new Set<ArrayBuffer>();
        for (const { node, events } of m.batches) {
          const host = this.host(node);
          const entries: WireEntry[] = await runWindow(host, events, m.localCut);
          const frames = new Map(
            events.map((e) => [e.seq, e.input.type === 'frame' ? e.input.frame : undefined]),
          );
          for (const e of entries) {
            const first = e.records[0];
            if (first?.frame && e.seq >= 0 && first.frame === frames.get(e.seq)) {
              delete first.frame;
              e.stripped = true;
            }
            for (const o of e.outputs) if (o.type === 'send') transfer.add(o.frame.buffer as ArrayBuffer);
          }
          results.push({ node, entries });
        }
        this.post({ type: 'window-done', id: m.id, results }, [...transfer]);
        return;
      }
      case 'checkpoint': {
        const snaps = [...this.hosts.values()].map((h) => h.snapshot());
        this.checkpoints.set(m.index, snaps);
        let bytes = 0;
        let total = 0;
        for (const s of snaps) {
          bytes += s.bytes;
          total += s.total;
        }
        this.post({ type: 'checkpoint-done', id: m.id, bytes, total }, []);
        return;
      }
      case 'restore': {
        const snaps = this.checkpoints.get(m.index);
        if (!snaps) throw new Error(`no checkpoint ${m.index} in worker`);
        let i = 0;
        for (const h of this.hosts.values()) h.restore(snaps[i++]!);
        return;
      }
      case 'forget':
        for (const i of m.indexes) this.checkpoints.delete(i);
        return;
      case 'view': {
        const views = m.nodes.map((n, i) => {
          const v = this.host(n).view(m.options[i]);
          if (this.sentViews.get(n) === v) return null;
          this.sentViews.set(n, v);
          return v;
        });
        this.post({ type: 'views', id: m.id, views }, []);
        return;
      }
    }
  }

  private host(node: string): NodeHost {
    const h = this.hosts.get(node);
    if (!h)
      throw new Error(this.hosts.size ? `node ${node} is not in this worker` : 'worker not initialised');
    return h;
  }
}
