import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InProcessRuntime } from '../../src/runtime/in-process';
import type { Runtime, RuntimeOptions } from '../../src/runtime/runtime';
import { ScenarioRun } from '../../src/runtime/scenario-run';
import { APP_CHECKPOINTS } from '../../src/store/session';
import type { Figure, Suite } from '../harness';
import { scaleScenario } from '../pages/scale-scenario';

// Checkpoints on the scale scenario (bench/pages/scale-scenario.ts, BENCH_CHECKPOINT_CONNECTIONS
// connections, default 10,000), in-process, under three policies: none, every 250 events (the app's
// policy before checkpoints by cost), and the app's policy now (APP_CHECKPOINTS in
// src/store/session.ts). After a warm-up run (JIT), each policy runs BENCH_CHECKPOINT_ROUNDS times
// (default 2), in alternating order. Each run: events/s over the first ~20,000 events
// (BENCH_CHECKPOINT_EVENTS, default 20,113: off the 250-event grid, so no seek lands on a
// checkpoint by luck), played in chunks of 300 as the UI plays; the checkpoints held and their
// bytes; then seeks back from there by 1, 100, 1,000 and 10,000 events (each followed by a seek
// forward to where it was, also timed), and one more step back after the longest seek (the
// checkpoints its replay left on the way make it short). Figures are the medians over the rounds.

const CONNECTIONS = Number(process.env.BENCH_CHECKPOINT_CONNECTIONS ?? 10_000);
const EVENTS = Number(process.env.BENCH_CHECKPOINT_EVENTS ?? 20_113);
const ROUNDS = Number(process.env.BENCH_CHECKPOINT_ROUNDS ?? 2);
const CHUNK = 300;

// A full garbage collection before each run, so one does not land in it for garbage the previous
// policy left, and at the end of each for the heap figure (what is retained: checkpoints plus live
// state). Not before the seeks: after a forced GC they ran up to twice as slow (code and feedback
// flushed), which no user sees.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const BACK = [1, 100, 1000, 10_000];

interface Policy {
  name: string;
  options: RuntimeOptions;
}

const POLICIES: Policy[] = [
  { name: 'no checkpoints', options: { checkpointEvery: Number.MAX_SAFE_INTEGER } },
  { name: 'every 250 events', options: { checkpointEvery: 250 } },
  { name: 'by cost (app)', options: APP_CHECKPOINTS },
];

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function measure(p: Policy): Promise<Figure[]> {
  const runtime: Runtime = new InProcessRuntime(undefined, p.options);
  const run = new ScenarioRun(runtime);
  await run.load(scaleScenario(CONNECTIONS));
  gc();
  const [, ms] = await timed(async () => {
    while (run.status().eventIndex < EVENTS)
      await run.step(Math.min(CHUNK, EVENTS - run.status().eventIndex));
  });
  const end = run.status().eventIndex;
  const name = (what: string) => `${CONNECTIONS} conn, ${p.name}: ${what}`;
  const figures: Figure[] = [
    {
      suite: 'checkpoints',
      name: name(`events/s, first ${end.toLocaleString('en-US')} events`),
      value: (end * 1000) / ms,
      unit: 'events/s',
    },
  ];
  const stats = runtime.checkpointStats?.();
  if (stats)
    figures.push({
      suite: 'checkpoints',
      name: name('checkpoints held'),
      value: stats.count,
      unit: `checkpoints, ${(stats.bytes / 1e6).toFixed(1)} MB (budget ${(stats.budget / 1e6).toFixed(0)} MB), last took ${stats.lastMs.toFixed(1)} ms`,
    });
  const heap = () => {
    gc();
    figures.push({
      suite: 'checkpoints',
      name: name('JS heap retained at the end'),
      value: process.memoryUsage().heapUsed / 1e6,
      unit: 'MB (after a full GC: checkpoints and live state)',
    });
  };
  if (p.options.checkpointEvery === Number.MAX_SAFE_INTEGER) {
    heap();
    runtime.dispose();
    return figures;
  }
  for (const back of BACK) {
    if (back > end) continue;
    const [, backMs] = await timed(() => run.seek(end - back));
    const [, fwdMs] = await timed(() => run.seek(end));
    figures.push({
      suite: 'checkpoints',
      name: name(`seek back ${back.toLocaleString('en-US')} events`),
      value: backMs,
      unit: `ms (then forward again ${fwdMs.toFixed(0)} ms)`,
      goal: '< 100 ms',
    });
  }
  const far = end - BACK[BACK.length - 1]!;
  if (far > 0) {
    await run.seek(far);
    const [, againMs] = await timed(() => run.seek(far - 1));
    figures.push({
      suite: 'checkpoints',
      name: name(`then one more step back (to ${(far - 1).toLocaleString('en-US')})`),
      value: againMs,
      unit: 'ms',
      goal: '< 100 ms',
    });
  }
  const after = runtime.checkpointStats?.();
  if (after)
    figures.push({
      suite: 'checkpoints',
      name: name('checkpoints held after the seeks'),
      value: after.count,
      unit: `checkpoints, ${(after.bytes / 1e6).toFixed(1)} MB`,
    });
  heap();
  runtime.dispose();
  return figures;
}

/** Figures of several rounds: the median value of each (units from the first round). */
function medians(rounds: Figure[][]): Figure[] {
  return rounds[0]!.map((f, i) => {
    const xs = rounds.map((r) => r[i]!.value).sort((a, b) => a - b);
    const value = xs.length % 2 ? xs[xs.length >> 1]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
    return {
      ...f,
      value,
      unit: rounds.length > 1 ? `${f.unit} [${xs.map((x) => x.toFixed(0)).join(', ')}]` : f.unit,
    };
  });
}

export const suite: Suite = {
  name: 'checkpoints',
  async run(): Promise<Figure[]> {
    // Warm-up: the same scenario without checkpoints, not measured.
    const warm = new ScenarioRun(new InProcessRuntime(undefined, POLICIES[0]!.options));
    await warm.load(scaleScenario(CONNECTIONS));
    await warm.step(Math.min(EVENTS, 5000));
    warm.runtime.dispose();
    const byPolicy = POLICIES.map(() => [] as Figure[][]);
    for (let r = 0; r < ROUNDS; r++) {
      const order = POLICIES.map((_, i) => i);
      if (r % 2) order.reverse();
      for (const i of order) byPolicy[i]!.push(await measure(POLICIES[i]!));
    }
    const figures = byPolicy.flatMap(medians);
    const rate = (n: string) => figures.find((f) => f.name.includes(n) && f.unit === 'events/s')?.value;
    const none = rate('no checkpoints');
    for (const f of figures)
      if (f.unit === 'events/s' && none && !f.name.includes('no checkpoints')) {
        f.ratio = f.value / none;
        f.baseline = 'no checkpoints';
      }
    return figures;
  },
};
