import { beforeAll, describe, expect, it } from 'vitest';
import { actorKinds } from '../runtime/actor-kinds';
import { InMemorySoloWorker } from '../runtime/in-memory-solo-worker';
import { InMemoryWorker } from '../runtime/in-memory-worker';
import { InProcessRuntime } from '../runtime/in-process';
import type { Runtime } from '../runtime/runtime';
import { SoloWorkerRuntime } from '../runtime/solo-worker-runtime';
import { WorkerRuntime } from '../runtime/worker-runtime';
import { figure9 } from '../scenario/presets/figure9';
import { setRuntimeFactory } from './session';
import { STARTUP_US, useAppStore } from './store';

// The first screen is a place on the timeline like any other: the event it stops at shows the same
// clock whether it was reached by the load's run or by stepping back to it (the load's run used to
// move the clock on to its 100 ms, so event 92 read t = 0.100000 s, and 0.002100 s after a step
// back to it).

const s = () => useAppStore.getState();

const runtimes: [string, () => Runtime][] = [
  ['in-process', () => new InProcessRuntime()],
  ['Workers', () => new WorkerRuntime(() => new InMemoryWorker(actorKinds))],
  ['the solo Worker (the app’s)', () => new SoloWorkerRuntime(() => new InMemorySoloWorker(actorKinds))],
];

describe.each(runtimes)('the first screen after a load, %s', (_, make) => {
  beforeAll(async () => {
    setRuntimeFactory(make);
    await s().loadScenario(figure9);
  });

  it('shows the clock of its event, as stepping back to that event does', async () => {
    const first = s().status;
    expect(first.eventIndex).toBeGreaterThan(0);
    expect(first.time).toBeLessThan(STARTUP_US);
    await s().stepBack();
    expect(s().status.eventIndex).toBe(first.eventIndex - 1);
    await s().step();
    expect(s().status).toMatchObject({ eventIndex: first.eventIndex, time: first.time });
  });
});
