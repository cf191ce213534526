import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { buildWorld } from '../scenario/world';
import { actorKinds } from './actor-kinds';
import { InMemoryWorker } from './in-memory-worker';
import { InProcessRuntime } from './in-process';
import type { Runtime } from './runtime';
import { WorkerRuntime } from './worker-runtime';

// The real actors (stacks, CF, router, client) in the Worker runtime's windows: the same trace as
// in-process, through a kill, a restart and a step back, whatever the size of the Worker pool.

async function drive(rt: Runtime) {
  await rt.load(buildWorld(figure9));
  await rt.run({ time: 1_000_000 });
  const firstNode = buildWorld(figure9).actors[0]!.id;
  await rt.inject({ type: 'control', node: firstNode, action: 'kill' });
  await rt.run({ time: 2_000_000 });
  await rt.inject({ type: 'control', node: firstNode, action: 'restart' });
  const end = await rt.run({ time: 3_000_000 });
  const back = await rt.seek(Math.floor(end.eventIndex / 2));
  return { end, back, views: await rt.views() };
}

describe('Figure 9 in the Worker runtime (in-memory Workers)', () => {
  let reference: Awaited<ReturnType<typeof drive>>;
  const nodes = buildWorld(figure9).actors.length;

  it.each([
    ['1 Worker', 1],
    ['2 Workers', 2],
    ['one Worker per node', nodes],
  ])(
    '%s: matches the in-process run event for event',
    async (_, workers) => {
      reference ??= await drive(new InProcessRuntime());
      const rt = new WorkerRuntime(() => new InMemoryWorker(actorKinds), { workers });
      const b = await drive(rt);
      expect(rt.workerNodes().length).toBe(workers);
      expect(reference.end.eventIndex).toBeGreaterThan(100);
      expect(b.end).toEqual(reference.end);
      expect(b.back).toEqual(reference.back);
      expect(b.views).toEqual(reference.views);
    },
    120_000,
  );
});
