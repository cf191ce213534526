import type { NodeView, PortMap } from '../sim/host';
import type { ActorSpec } from '../sim/types';
import type { WindowEvent } from '../sim/window';
import type { FromWorker, ToWorker, WireEntry, WorkerLike } from './worker-protocol';

// The scheduler's handle on one node's Worker: requests with ids, their replies, and a clear error
// naming the node when the Worker dies or reports something it could not do.

export type WorkerFactory = (node: string) => WorkerLike;

/** Real module Workers, one per node (Vite bundles node-worker.ts from this URL). */
export const moduleWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('./node-worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;

interface Pending {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
}

export class RemoteNode {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ready: Pending | null = null;
  /** Set once the Worker has died; every later request fails with it. */
  crashed: Error | null = null;

  constructor(
    readonly id: string,
    private readonly worker: WorkerLike,
  ) {
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => this.crash(`worker for node ${id} crashed: ${e.message ?? 'unknown error'}`);
  }

  init(spec: ActorSpec, ports: PortMap, seed: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.ready = { resolve: () => resolve(), reject };
      this.post({ type: 'init', spec, ports, seed });
    });
  }

  async window(events: WindowEvent[], localCut: number): Promise<WireEntry[]> {
    const reply = await this.request((id) => ({ type: 'window', id, events, localCut }));
    if (reply.type !== 'window-done') throw new Error(`node ${this.id}: unexpected reply ${reply.type}`);
    return reply.entries;
  }

  async view(): Promise<NodeView> {
    const reply = await this.request((id) => ({ type: 'view', id }));
    if (reply.type !== 'view') throw new Error(`node ${this.id}: unexpected reply ${reply.type}`);
    return reply.view;
  }

  post(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.crashed) throw this.crashed;
    this.worker.postMessage(message, transfer);
  }

  terminate(): void {
    this.worker.terminate();
    this.crash(`worker for node ${this.id} was terminated`);
  }

  private request(make: (id: number) => ToWorker): Promise<FromWorker> {
    if (this.crashed) return Promise.reject(this.crashed);
    const id = this.nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post(make(id));
    });
  }

  private receive(m: FromWorker): void {
    if (m.type === 'ready') {
      this.ready?.resolve(m);
      this.ready = null;
      return;
    }
    if (m.type === 'fatal') {
      const err = new Error(`node ${this.id}: ${m.message}`);
      const p = m.id !== undefined ? this.pending.get(m.id) : undefined;
      if (p) {
        this.pending.delete(m.id!);
        p.reject(err);
      } else if (this.ready) {
        this.ready.reject(err);
        this.ready = null;
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
    this.ready?.reject(this.crashed);
    this.ready = null;
  }
}
