import type { Runtime, RuntimeOptions } from '../runtime/runtime';
import { ScenarioRun } from '../runtime/scenario-run';
import { moduleSoloWorkerFactory, SoloWorkerRuntime } from '../runtime/solo-worker-runtime';
import type { Scenario } from '../scenario/types';
import { buildWorld } from '../scenario/world';
import type { TraceListener } from '../sim/trace-store';
import { type LinkEnds, linkEnds } from './derive/packets';

// One scenario hosted on a runtime: the whole simulation in one Web Worker in the browser (the
// page's thread only draws), an in-process runtime when a test swaps the factory.

export type RuntimeFactory = () => Runtime;

/**
 * The app's checkpoints, by cost: one after every ~25 ms spent running (so a step back replays
 * about that long), but at most ~30% of the running time, less for big states (base-runtime.ts:
 * at 10,000 connections a checkpoint costs ~40–60 ms, so they are ~250–750 ms apart), at most
 * ~256 MB in all. 25 rather than 40 ms since playing runs whole windows (loose chunks): 40 ms of
 * playing then covered more events than a seek replays in 40 ms, and at 2,000 connections the worst
 * seek back went from 69 to 169–201 ms. 30% rather than 20%: at 2,000 connections (checkpoints
 * ~15–20 ms) the worst seek back went from 165 to 106–135 ms. What sparse checkpoints cost a step
 * back from where a play stopped, the store buys back with Runtime.readyStepBack when it stops.
 */
export const APP_CHECKPOINTS: RuntimeOptions = {
  checkpointMs: 25,
  checkpointShare: 0.3,
  checkpointBytes: 256 * 1024 * 1024,
};

/**
 * The app's runtime: the solo Worker (solo-worker-runtime.ts). A pool of Workers (worker-runtime.ts)
 * pays a round trip per lookahead window, and a sysplex's windows hold 4–5 events (its XCF links are
 * 50 µs): at 500 connections the pool ran at 0.40–0.57 of in-process, the solo Worker at
 * in-process speed (bench/SCALE.md).
 */
export const appRuntime: RuntimeFactory = () =>
  new SoloWorkerRuntime(moduleSoloWorkerFactory, APP_CHECKPOINTS);

let factory: RuntimeFactory = appRuntime;

export function setRuntimeFactory(f: RuntimeFactory): void {
  factory = f;
}

export interface Session {
  runtime: Runtime;
  run: ScenarioRun;
  ends: LinkEnds;
  /** Dotted XCF address → stack name. */
  xcfToName: Map<string, string>;
  dispose: () => void;
}

export function openSession(scenario: Scenario, onTrace: TraceListener): Session {
  const runtime = factory();
  const off = runtime.subscribe(onTrace);
  return {
    runtime,
    run: new ScenarioRun(runtime),
    ends: linkEnds(buildWorld(scenario).links),
    xcfToName: new Map(scenario.stacks.map((s) => [s.xcfAddr, s.name])),
    dispose: () => {
      off();
      runtime.dispose();
    },
  };
}
