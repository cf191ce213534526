import { moduleWorkerFactory } from '../runtime/remote-worker';
import type { Runtime } from '../runtime/runtime';
import { ScenarioRun } from '../runtime/scenario-run';
import { WorkerRuntime } from '../runtime/worker-runtime';
import type { Scenario } from '../scenario/types';
import { buildWorld } from '../scenario/world';
import type { TraceListener } from '../sim/trace-store';
import { type LinkEnds, linkEnds } from './derive/packets';

// One scenario hosted on a runtime: every node in its own Web Worker in the browser (DESIGN.md §1),
// an in-process runtime when a test swaps the factory.

export type RuntimeFactory = () => Runtime;

/** Checkpoints every 250 events: stepping back replays at most that many events. */
let factory: RuntimeFactory = () => new WorkerRuntime(moduleWorkerFactory, { checkpointEvery: 250 });

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
