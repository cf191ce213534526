import type { ActorRegistry } from '../sim/registry';
import type { FromSolo, SoloWorkerLike, ToSolo } from './solo-protocol';
import { SoloWorkerCore } from './solo-worker-core';

// A stand-in for the solo Worker on the same thread: messages are structured-cloned and delivered
// asynchronously, and the runtime's breaths are real macrotasks (setTimeout), so a stopSeek posted
// during a seek reaches it. Lets Node tests run the solo runtime without real Workers.

const clone = (globalThis as unknown as { structuredClone: <T>(v: T) => T }).structuredClone;

export class InMemorySoloWorker implements SoloWorkerLike {
  onmessage: ((e: { data: FromSolo }) => void) | null = null;
  onerror: ((e: { message?: string }) => void) | null = null;
  private readonly core: SoloWorkerCore;
  private closed = false;

  constructor(registry: ActorRegistry) {
    this.core = new SoloWorkerCore(
      registry,
      (message) => {
        const data = clone(message);
        setTimeout(() => {
          if (!this.closed) this.onmessage?.({ data });
        }, 0);
      },
      () => new Promise((resolve) => setTimeout(resolve, 0)),
    );
  }

  postMessage(message: ToSolo): void {
    const data = clone(message);
    setTimeout(() => {
      if (!this.closed) this.core.receive(data);
    }, 0);
  }

  /** Dies as a Worker does when its script fails: onerror, then nothing more. */
  crash(message: string): void {
    this.closed = true;
    setTimeout(() => this.onerror?.({ message }), 0);
  }

  terminate(): void {
    this.closed = true;
  }
}
