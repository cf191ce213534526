import { type Capture, captureRun } from '../runtime/capture';
import { InProcessRuntime } from '../runtime/in-process';
import { type RunMetrics, runMetrics } from '../runtime/metrics';
import { ScenarioRun } from '../runtime/scenario-run';
import type { Scenario } from '../scenario/types';
import { NodeFailureError } from '../sim/kernel';

// One headless run: the scenario on the in-process runtime up to a virtual time, then its metrics
// and (when asked) its capture, with the keys of every SA the run held (Runtime.keys(), as the
// browser's capture). The whole trace stays in memory (the metrics and the capture read it all)
// and no checkpoints are taken after event 0 (nothing seeks back).

export interface HeadlessResult {
  metrics: RunMetrics;
  capture: Capture | null;
  /** Node failures (a handler threw): the run went on without the node. */
  failures: string[];
}

export async function runHeadless(
  scenario: Scenario,
  untilUs: number,
  opts: { capture?: boolean } = {},
): Promise<HeadlessResult> {
  const runtime = new InProcessRuntime(undefined, {
    traceLimit: Number.MAX_SAFE_INTEGER,
    checkpointEvery: Number.MAX_SAFE_INTEGER,
  });
  const run = new ScenarioRun(runtime);
  const failures: string[] = [];
  await run.load(scenario);
  for (;;) {
    const before = run.status();
    try {
      await run.run({ time: untilUs });
      break;
    } catch (e) {
      if (!(e instanceof NodeFailureError)) throw e;
      failures.push(e.message);
      // The failing node is marked failed and the runtime stays usable; stop if nothing moved.
      if (run.status().eventIndex === before.eventIndex) break;
    }
  }
  const metrics = await runMetrics(run);
  const capture = opts.capture ? await captureRun(runtime) : null;
  runtime.dispose();
  return { metrics, capture, failures };
}
