import { InProcessRuntime } from '../../src/runtime/in-process';
import { moduleWorkerFactory } from '../../src/runtime/remote-worker';
import type { RuntimeStatus } from '../../src/runtime/runtime';
import { WorkerRuntime } from '../../src/runtime/worker-runtime';
import { pingerMesh, relayRing } from '../../src/sim/testing/worlds';
import type { World } from '../../src/sim/types';

// A page for e2e/runtime.e2e.ts: runs the same synthetic world in-process and in the Worker
// runtime's pool of Web Workers (of a given size, or the default), on this page, and reports what
// each got.

const worlds: Record<string, () => World> = {
  relays: () => relayRing(8, 42, 6),
  pingers: () => pingerMesh(6, 42, { loss: 0.05, corrupt: 0.05, delay: 0.2, delayMaxUs: 80 }),
  faulty: () => {
    const w = pingerMesh(4, 5);
    w.actors[1] = { ...w.actors[1]!, kind: 'faulty', config: { periodUs: 1000, throwAt: 9 } };
    return w;
  },
};

async function compare(name: string, events: number, workers?: number) {
  const a = new InProcessRuntime();
  const b = new WorkerRuntime(moduleWorkerFactory, workers === undefined ? {} : { workers });
  await a.load(worlds[name]!());
  await b.load(worlds[name]!());
  const inProcess = await a.step(events);
  const atEnd = await b.step(events);
  // Step back and forward in the Worker runtime: must land on the same fingerprint.
  await b.seek(Math.floor(events / 3));
  const afterSeek = await b.seek(events);
  const views = JSON.stringify(await a.views()) === JSON.stringify(await b.views());
  const windows = b.windows;
  const pool = b.workerNodes();
  b.dispose();
  return { inProcess, workers: atEnd, afterSeek, sameViews: views, windows, pool };
}

async function failure() {
  const b = new WorkerRuntime(moduleWorkerFactory);
  await b.load(worlds.faulty!());
  let error = '';
  let errorName = '';
  try {
    await b.step(300);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    errorName = e instanceof Error ? e.name : '';
  }
  const status: RuntimeStatus = b.status();
  const next = await b.step(50);
  const view = await b.view('p1');
  b.dispose();
  return { error, errorName, status, next, failedView: view.failed };
}

declare global {
  interface Window {
    __runtimeTest: { compare: typeof compare; failure: typeof failure };
  }
}
window.__runtimeTest = { compare, failure };
document.getElementById('status')!.textContent = 'ready';
