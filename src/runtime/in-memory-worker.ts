import type { ActorRegistry } from '../sim/registry';
import { NodeWorkerCore } from './node-worker-core';
import type { FromWorker, ToWorker, WorkerLike } from './worker-protocol';

// A stand-in for one Worker of the pool on the same thread: messages are structured-cloned (with
// transfer, like postMessage) and delivered asynchronously. Lets Node tests run the Worker
// runtime's windows and merge without real Workers.

const clone = (
  globalThis as unknown as { structuredClone: <T>(v: T, o?: { transfer?: Transferable[] }) => T }
).structuredClone;

export class InMemoryWorker implements WorkerLike {
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  private readonly core: NodeWorkerCore;
  private closed = false;

  constructor(registry: ActorRegistry) {
    this.core = new NodeWorkerCore(registry, (message, transfer) => {
      const data = clone(message, { transfer });
      setTimeout(() => {
        if (!this.closed) this.onmessage?.({ data });
      }, 0);
    });
  }

  postMessage(message: ToWorker, transfer: Transferable[] = []): void {
    const data = clone(message, { transfer });
    queueMicrotask(() => {
      if (!this.closed) this.core.receive(data);
    });
  }

  terminate(): void {
    this.closed = true;
  }
}
