import { InProcessRuntime } from '../../src/runtime/in-process';
import { ScenarioRun } from '../../src/runtime/scenario-run';
import { stateSpyingRegistry } from '../../src/runtime/test-support';
import { cloneCounted, cloneSharing, deepClone } from '../../src/sim/clone';
import { type Figure, type Suite, sideBySide } from '../harness';
import { scaleScenario } from '../pages/scale-scenario';

// The checkpoint copy (src/sim/clone.ts) against structuredClone, on real node states: the scale
// scenario (bench/pages/scale-scenario.ts, BENCH_CLONE_CONNECTIONS connections, default 3,000) run
// in-process until every connection is open. Figures: a whole copy of every node's state
// (deepClone vs structuredClone), and the copy a checkpoint makes after a few more events
// (cloneSharing against the previous copy: only what changed is new) vs structuredClone.

const CONNECTIONS = Number(process.env.BENCH_CLONE_CONNECTIONS ?? 3000);
/** Virtual time to run first: every connection opens in the 200 ms after the workload starts. */
const UNTIL_US = 300_000;
/** Events between the base copy and the shared copy (about one checkpoint interval at this size). */
const STEP_EVENTS = 200;

/** The live states, caught as handle() receives them (the hosts keep them private). */
async function liveStates(): Promise<{ states: Map<string, unknown>; run: ScenarioRun }> {
  const states = new Map<string, unknown>();
  const registry = stateSpyingRegistry((node, s) => states.set(node, s));
  const run = new ScenarioRun(new InProcessRuntime(registry, { checkpointEvery: Number.MAX_SAFE_INTEGER }));
  await run.load(scaleScenario(CONNECTIONS));
  await run.run({ time: UNTIL_US });
  return { states, run };
}

export const suite: Suite = {
  name: 'clone',
  async run(): Promise<Figure[]> {
    const { states, run } = await liveStates();
    const all = () => [...states.values()];
    const size = all().reduce<number>((n, s) => n + cloneCounted(s).bytes, 0);
    const what = `${CONNECTIONS} conn, ${states.size} nodes, ${(size / 1e6).toFixed(1)} MB`;

    const whole = await sideBySide(
      () => {
        for (const s of all()) deepClone(s);
      },
      () => {
        for (const s of all()) structuredClone(s);
      },
    );

    const bases = new Map([...states].map(([id, s]) => [id, deepClone(s)]));
    await run.step(STEP_EVENTS);
    let fresh = 0;
    const shared = await sideBySide(
      () => {
        fresh = 0;
        for (const [id, s] of states) fresh += cloneSharing(s, bases.get(id)).bytes;
      },
      () => {
        for (const s of all()) structuredClone(s);
      },
    );
    run.runtime.dispose();
    return [
      {
        suite: 'clone',
        name: `every node state, deepClone (${what})`,
        value: whole.a,
        unit: 'copies/s',
        ratio: whole.ratio,
        baseline: 'structuredClone',
      },
      {
        suite: 'clone',
        name: `every node state ${STEP_EVENTS} events on, cloneSharing`,
        value: shared.a,
        unit: 'copies/s',
        ratio: shared.ratio,
        baseline: 'structuredClone',
      },
      {
        suite: 'clone',
        name: `  bytes newly held by that copy (of ${(size / 1e6).toFixed(1)} MB)`,
        value: fresh / 1e3,
        unit: 'kB',
      },
    ];
  },
};
