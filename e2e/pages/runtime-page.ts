import { InProcessRuntime } from '../../src/runtime/in-process';
import { moduleWorkerFactory } from '../../src/runtime/remote-worker';
import type { RuntimeStatus } from '../../src/runtime/runtime';
import { moduleSoloWorkerFactory, SoloWorkerRuntime } from '../../src/runtime/solo-worker-runtime';
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

/**
 * The solo Worker (the app's runtime: the whole simulation in one Worker) against in-process: the
 * same status, records and views; a seek back stopped on the way ends on an exact event.
 */
async function solo(name: string, events: number, loudTail: number) {
  const a = new InProcessRuntime();
  const b = new SoloWorkerRuntime(moduleSoloWorkerFactory, { checkpointEvery: 100_000, loudTail });
  await a.load(worlds[name]!());
  await b.load(worlds[name]!());
  const inProcess = await a.step(events);
  const atEnd = await b.step(events);
  const sameRecords = JSON.stringify(a.records()) === JSON.stringify(b.records());
  await b.seek(Math.floor(events / 3));
  const afterSeek = await b.seek(events);
  const sameViews = JSON.stringify(await a.views()) === JSON.stringify(await b.views());
  // No checkpoint but event 0: the seek back replays nearly everything; stop it on the way.
  const seeking = b.seek(events - 1);
  const seen: number[] = [];
  while (seen.length < 2000) {
    await new Promise((r) => setTimeout(r, 2));
    const at = b.position().eventIndex;
    seen.push(at);
    if (at > 0 && at < events - 1) {
      b.stopSeek();
      break;
    }
  }
  const stopped = await seeking;
  const check = new InProcessRuntime();
  await check.load(worlds[name]!());
  const stoppedExact = (await check.seek(stopped.eventIndex)).fingerprint === stopped.fingerprint;
  b.dispose();
  return {
    inProcess,
    workers: atEnd,
    afterSeek,
    sameRecords,
    sameViews,
    stopped: stopped.eventIndex,
    stoppedExact,
  };
}

async function failure(runtime: 'pool' | 'solo' = 'pool') {
  const b =
    runtime === 'solo'
      ? new SoloWorkerRuntime(moduleSoloWorkerFactory)
      : new WorkerRuntime(moduleWorkerFactory);
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
    __runtimeTest: { compare: typeof compare; solo: typeof solo; failure: typeof failure };
  }
}
window.__runtimeTest = { compare, solo, failure };
document.getElementById('status')!.textContent = 'ready';
