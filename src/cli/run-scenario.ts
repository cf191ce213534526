import { type Capture, captureRun, KeyCollector } from '../runtime/capture';
import { InProcessRuntime } from '../runtime/in-process';
import { type RunMetrics, runMetrics } from '../runtime/metrics';
import { ScenarioRun } from '../runtime/scenario-run';
import type { Scenario } from '../scenario/types';
import { NodeFailureError } from '../sim/kernel';

// One headless run: the scenario on the in-process runtime up to a virtual time, then its metrics
// and (when asked) its capture. The whole trace stays in memory (the metrics and the capture read
// it all) and no checkpoints are taken after event 0 (nothing seeks back).

/** Key samples while running, so SAs replaced during the run still reach the key files. */
const KEY_SAMPLE_US = 50_000;

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
  const keys = opts.capture ? new KeyCollector() : null;
  await run.load(scenario);
  const step = keys ? KEY_SAMPLE_US : untilUs;
  for (let t = 0; t < untilUs; ) {
    const before = run.status();
    const target = Math.min(untilUs, t + step);
    try {
      await run.run({ time: target });
      t = target;
    } catch (e) {
      if (!(e instanceof NodeFailureError)) throw e;
      failures.push(e.message);
      // The failing node is marked failed and the runtime stays usable; stop if nothing moved.
      if (run.status().eventIndex === before.eventIndex) break;
    }
    keys?.add(await runtime.views());
  }
  const metrics = await runMetrics(run);
  const capture = keys ? await captureRun(runtime, { keys }) : null;
  runtime.dispose();
  return { metrics, capture, failures };
}
