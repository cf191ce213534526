import type { NodeView } from '../sim/host';
import type { ViewOptions } from '../sim/view-page';
import type { FromWorker, NodeBatch, NodeEntries, NodeInit, ToWorker, WorkerLike } from './worker-protocol';

// The scheduler's handle on one Worker of the pool and the nodes it hosts: requests with ids, their
// replies, and a clear error naming the Worker's nodes when it dies or reports something it could
// not do.

/**
 * Makes the Worker with this index in the pool, which will host these nodes (world order). The
 * nodes are for naming and tests; a factory may ignore both arguments.
 */
export type WorkerFactory = (index: number, nodes: readonly string[]) => WorkerLike;

/** Real module Workers (Vite bundles node-worker.ts from this literal URL). */
export const moduleWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./node-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

interface Pending {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
}

type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

export class RemoteWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The last view received per node (a reply's null stands for it). */
  private readonly lastViews = new Map<string, NodeView>();
  /** Set once the Worker has died; every later request fails with it. */
  crashed: Error | null = null;
  /** "worker #1 (nodes a, b)", for error messages. */
  readonly label: string;

  constructor(
    readonly index: number,
    readonly nodes: readonly string[],
    private readonly worker: WorkerLike,
  ) {
    this.label = `worker #${index} (node${nodes.length === 1 ? '' : 's'} ${nodes.join(', ')})`;
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => this.crash(`${this.label} crashed: ${e.message ?? 'unknown error'}`);
  }

  async init(nodes: NodeInit[], seed: number): Promise<void> {
    await this.request('ready', (id) => ({ type: 'init', id, nodes, seed }));
  }

  async window(batches: NodeBatch[], localCut: number): Promise<NodeEntries[]> {
    return (await this.request('window-done', (id) => ({ type: 'window', id, batches, localCut }))).results;
  }

  /**
   * Snapshots every node of this Worker under index; resolves to the bytes the snapshots newly hold
   * and the bytes of the states saved, shared parts included.
   */
  async checkpoint(index: number): Promise<{ bytes: number; total: number }> {
    const r = await this.request('checkpoint-done', (id) => ({ type: 'checkpoint', id, index }));
    return { bytes: r.bytes, total: r.total };
  }

  /** The views of these nodes, each with its options (`options[i]` for `nodes[i]`). */
  async views(nodes: string[], options: ViewOptions[]): Promise<NodeView[]> {
    const { views } = await this.request('views', (id) => ({ type: 'view', id, nodes, options }));
    return nodes.map((n, i) => {
      const v = views[i] ?? this.lastViews.get(n);
      if (!v) throw new Error(`${this.label}: no view of ${n} to reuse`);
      this.lastViews.set(n, v);
      return v;
    });
  }

  /** A message without a reply (restore, forget); dropped once the Worker has died. */
  post(message: ToWorker): void {
    if (!this.crashed) this.worker.postMessage(message);
  }

  terminate(): void {
    this.worker.terminate();
    this.crash(`${this.label} was terminated`);
  }

  private request<T extends FromWorker['type']>(
    expect: T,
    make: (id: number) => ToWorker,
  ): Promise<Reply<T>> {
    if (this.crashed) return Promise.reject(this.crashed);
    const id = this.nextId++;
    return new Promise<Reply<T>>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (m) =>
          m.type === expect
            ? resolve(m as Reply<T>)
            : reject(new Error(`${this.label}: unexpected reply ${m.type} (expected ${expect})`)),
        reject,
      });
      this.worker.postMessage(make(id));
    });
  }

  private receive(m: FromWorker): void {
    if (m.type === 'fatal') {
      const err = new Error(`${this.label}: ${m.message}`);
      const p = m.id !== undefined ? this.pending.get(m.id) : undefined;
      if (p) {
        this.pending.delete(m.id!);
        p.reject(err);
      } else this.crash(err.message);
      return;
    }
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    p?.resolve(m);
  }

  private crash(message: string): void {
    if (this.crashed) return;
    this.crashed = new Error(message);
    for (const p of this.pending.values()) p.reject(this.crashed);
    this.pending.clear();
  }
}
