import { InProcessRuntime } from '../src/runtime/in-process';
import { ScenarioRun } from '../src/runtime/scenario-run';
import { APP_CHECKPOINTS } from '../src/store/session';
import { scaleScenario, UNTIL_US } from './pages/scale-scenario';

// Where the app's checkpoints are at the end of a run, for a few byte budgets: how many are held,
// the bytes the budget counts, the live heap (after a full GC, with --expose-gc), and the gaps
// between them (the events a seek back replays at most, and on average for targets spread evenly).
// Runs the scale scenario in-process with the app's checkpoint policy (session.ts), up to the
// bench's virtual time, then readies a step back as the store does when a play stops. The policy
// is by cost (wall time), so the layout depends a little on the machine's speed. Not a benchmark: a
// tool.
//
//   NODE_OPTIONS=--expose-gc npx tsx bench/checkpoint-layout.ts
//   N=10000 BUDGETS_MB=200,256,320 NODE_OPTIONS=--expose-gc npx tsx bench/checkpoint-layout.ts

const N = Number(process.env.N ?? 10_000);
const BUDGETS = (process.env.BUDGETS_MB ?? '200,256,320').split(',').map(Number);

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 2 ** 20;

async function layout(budgetMb: number): Promise<void> {
  const runtime = new InProcessRuntime(undefined, { ...APP_CHECKPOINTS, checkpointBytes: budgetMb * MB });
  const run = new ScenarioRun(runtime);
  await run.load(scaleScenario(N));
  for (;;) {
    const st = await run.run({ time: Math.min(UNTIL_US, run.status().time + 100_000) });
    if (st.time >= UNTIL_US || st.pending === 0) break;
  }
  await runtime.readyStepBack();
  const stats = runtime.checkpointStats();
  const end = run.status().eventIndex;
  const at = [...stats.indexes, end];
  const gaps = at.slice(1).map((x, i) => x - at[i]!);
  // A target spread evenly over [0, end) replays from the checkpoint before it: on average
  // Σ gap² / 2 / end events.
  const mean = gaps.reduce((n, g) => n + g * g, 0) / 2 / end;
  gc?.();
  gc?.();
  const heap = gc ? `${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB` : '? (run with --expose-gc)';
  console.log(
    `budget ${budgetMb} MB: ${stats.count} checkpoints over ${end} events, ${(stats.bytes / MB).toFixed(0)} MB ` +
      `by the budget's count, live heap ${heap}; replay at most ${Math.max(...gaps)} events, ` +
      `${Math.round(mean)} on average`,
  );
  console.log(`  gaps: ${gaps.join(' ')}`);
  runtime.dispose();
}

async function main(): Promise<void> {
  for (const b of BUDGETS) await layout(b);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
