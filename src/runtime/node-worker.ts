import { actorKinds } from './actor-kinds';
import { NodeWorkerCore } from './node-worker-core';
import type { FromWorker, ToWorker } from './worker-protocol';

// The Worker entry: one per Worker of the pool, hosting the nodes the scheduler assigns to it.
// Loaded with
//   new Worker(new URL('./node-worker.ts', import.meta.url), { type: 'module' })
// (remote-worker.ts). It knows every actor kind through actor-kinds.ts.

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const core = new NodeWorkerCore(actorKinds, (message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (e) => core.receive(e.data);
