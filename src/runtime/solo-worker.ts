import { actorKinds } from './actor-kinds';
import type { FromSolo, ToSolo } from './solo-protocol';
import { SoloWorkerCore } from './solo-worker-core';

// The solo Worker's entry: the whole simulation (solo-worker-core.ts). Loaded with
//   new Worker(new URL('./solo-worker.ts', import.meta.url), { type: 'module' })
// (solo-worker-runtime.ts).

const scope = self as unknown as {
  postMessage(message: FromSolo): void;
  onmessage: ((e: MessageEvent<ToSolo>) => void) | null;
};

// A macrotask without setTimeout's clamping (4 ms once nested): a message to ourselves. Messages
// from the page queued before it are handled first.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldThread = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

const core = new SoloWorkerCore(actorKinds, (message) => scope.postMessage(message), yieldThread);
scope.onmessage = (e) => core.receive(e.data);
