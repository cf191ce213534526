import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pingerMesh } from '../sim/testing/worlds';
import type { Runtime } from './runtime';
import { inMemoryWorkers, inProcess } from './test-support';

// Stepping back is exact: after any sequence of steps and seeks the runtime is where a fresh run
// stepped straight to the same event index would be (fingerprint and every node's state).

const world = () => pingerMesh(5, 21, { loss: 0.05, corrupt: 0.05, delay: 0.1, delayMaxUs: 60 });
const MAX = 400;

async function reference() {
  const rt = inProcess();
  await rt.load(world());
  const fps = [rt.status().fingerprint];
  const states = [await rt.views()];
  for (let i = 0; i < MAX; i++) {
    fps.push((await rt.step(1)).fingerprint);
    states.push(await rt.views());
  }
  return { fps, states };
}

const op = fc.oneof(
  fc.record({ type: fc.constant('step' as const), n: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ type: fc.constant('seek' as const), to: fc.integer({ min: 0, max: MAX }) }),
);

async function checkOps(
  make: () => Runtime,
  ops: { type: 'step' | 'seek'; n?: number; to?: number }[],
  ref: Awaited<ReturnType<typeof reference>>,
) {
  const rt = make();
  await rt.load(world());
  for (const o of ops) {
    const at = rt.status().eventIndex;
    const s = o.type === 'step' ? await rt.step(Math.min(o.n!, MAX - at)) : await rt.seek(o.to!);
    expect(s.eventIndex).toBe(o.type === 'step' ? Math.min(at + o.n!, MAX) : o.to);
    expect(s.fingerprint).toBe(ref.fps[s.eventIndex]);
  }
  const i = rt.status().eventIndex;
  expect(await rt.views()).toEqual(ref.states[i]);
  rt.dispose();
}

describe('seek', () => {
  it('random step/seek sequences match a straight run, in-process', async () => {
    const ref = await reference();
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 5, max: 80 }),
        (ops, every) => checkOps(() => inProcess({ checkpointEvery: every, maxCheckpoints: 4 }), ops, ref),
      ),
      { numRuns: 40 },
    );
  });

  it('random step/seek sequences match a straight run, Worker runtime (in-memory workers, pools of 1–5)', async () => {
    const ref = await reference();
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 5, max: 80 }),
        fc.integer({ min: 1, max: 5 }),
        (ops, every, workers) =>
          checkOps(() => inMemoryWorkers({ checkpointEvery: every, maxCheckpoints: 4, workers }), ops, ref),
      ),
      { numRuns: 15 },
    );
  });
});
