import { type HostSnapshot, NodeHost } from '../sim/host';
import type { ActorRegistry } from '../sim/registry';
import { runWindow } from '../sim/window';
import type { FromWorker, ToWorker, WireEntry } from './worker-protocol';

// The inside of a node's Worker, free of Worker globals so it also runs in-memory in tests: hosts
// one NodeHost, runs the windows the scheduler sends, keeps this node's checkpoints.

export class NodeWorkerCore {
  private host: NodeHost | null = null;
  private readonly checkpoints = new Map<number, HostSnapshot>();
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
        this.host = new NodeHost(m.spec, this.registry.get(m.spec.kind), m.ports, m.seed, true);
        this.post({ type: 'ready' }, []);
        return;
      case 'window': {
        const host = this.need();
        const entries: WireEntry[] = await runWindow(host, m.events, m.localCut);
        const transfer: Transferable[] = [];
        const frames = new Map(
          m.events.map((e) => [e.seq, e.input.type === 'frame' ? e.input.frame : undefined]),
        );
        for (const e of entries) {
          const first = e.records[0];
          if (first?.frame && e.seq >= 0 && first.frame === frames.get(e.seq)) {
            delete first.frame;
            e.stripped = true;
          }
          for (const o of e.outputs) if (o.type === 'send') transfer.push(o.frame.buffer as ArrayBuffer);
        }
        this.post({ type: 'window-done', id: m.id, entries }, transfer);
        return;
      }
      case 'checkpoint':
        this.checkpoints.set(m.index, this.need().snapshot());
        return;
      case 'restore': {
        const s = this.checkpoints.get(m.index);
        if (!s) throw new Error(`no checkpoint ${m.index} in worker`);
        this.need().restore(s);
        return;
      }
      case 'forget':
        for (const i of m.indexes) this.checkpoints.delete(i);
        return;
      case 'view':
        this.post({ type: 'view', id: m.id, view: this.need().view() }, []);
        return;
    }
  }

  private need(): NodeHost {
    if (!this.host) throw new Error('worker not initialised');
    return this.host;
  }
}
