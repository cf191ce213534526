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
 * about that long), but at most ~10% of the running time (with big states that comes first: at
 * 10,000 connections a checkpoint costs ~40 ms, so they are ~360 ms apart), at most ~256 MB in all.
 * 25 rather than 40 ms since playing runs whole windows (loose chunks): 40 ms of playing then
 * covered more events than a seek replays in 40 ms, and at 2,000 connections the worst seek back
 * went from 69 to 169–201 ms.
 * 10% rather than 30% (bench/SCALE.md, twelfth session): at 10,000 connections most checkpoints
 * taken while playing were thinned out later, and taking them cost memory (each starts an epoch:
 * every entry written after it is copied) and time. Renderer memory at most 1,013 against
 * 1,155–1,231 MB, playing 886 against 1,017–1,096; at 2,000 connections the worst seek back 84 ms
 * (96 before). What the sparser checkpoints cost a step back from where a play stopped, the store
 * buys back with Runtime.readyStepBack when it stops.
 */
export const APP_CHECKPOINTS: RuntimeOptions = {
  checkpointMs: 25,
  checkpointShare: 0.1,
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
