import { InProcessRuntime } from '../../src/runtime/in-process';
import { moduleWorkerFactory } from '../../src/runtime/remote-worker';
import type { Runtime } from '../../src/runtime/runtime';
import { WorkerRuntime } from '../../src/runtime/worker-runtime';
import { relayRing } from '../../src/sim/testing/worlds';

// Benchmark page (bench/suites/runtime.ts opens it in Chromium): events/s of the 8-relay AES-GCM
// ring in the Worker runtime's pool of Web Workers (?workers=N, default one per core) against
// in-process on this page, measured in alternating rounds so noise hits both alike. The result
// goes to window.__benchResult.

const params = new URLSearchParams(location.search);
const NODES = Number(params.get('nodes') ?? 8);
/** Frames each relay puts in flight: more in flight means more events per lookahead window. */
const FRAMES = Number(params.get('frames') ?? 32);
const CHUNK = Number(params.get('chunk') ?? 6000);
const ROUNDS = Number(params.get('rounds') ?? 5);
/** Workers in the pool (default: the runtime's, one per core). */
const WORKERS = params.has('workers') ? Number(params.get('workers')) : undefined;

async function rate(rt: Runtime): Promise<number> {
  const t0 = performance.now();
  await rt.step(CHUNK);
  return (CHUNK * 1000) / (performance.now() - t0);
}

async function main() {
  const world = () => relayRing(NODES, 1, FRAMES);
  const a = new InProcessRuntime(undefined, { checkpointEvery: 5000 });
  const b = new WorkerRuntime(moduleWorkerFactory, {
    checkpointEvery: 5000,
    ...(WORKERS === undefined ? {} : { workers: WORKERS }),
  });
  await a.load(world());
  await b.load(world());
  await a.step(CHUNK / 2);
  await b.step(CHUNK / 2);
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ra.push(await rate(a));
    rb.push(await rate(b));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const sa = a.status();
  const sb = b.status();
  const result = {
    inProcess: median(ra),
    workers: median(rb),
    ratio: median(rb) / median(ra),
    rounds: { inProcess: ra.map(Math.round), workers: rb.map(Math.round) },
    eventsPerWindow: sb.eventIndex / b.windows,
    sameFingerprint: sa.fingerprint === sb.fingerprint && sa.eventIndex === sb.eventIndex,
    cores: navigator.hardwareConcurrency,
    /** Workers in the pool and the nodes each hosts. */
    pool: b.workerNodes(),
  };
  b.dispose();
  return result;
}

main().then(
  (r) => {
    (window as unknown as { __benchResult: unknown }).__benchResult = r;
  },
  (e: unknown) => {
    (window as unknown as { __benchResult: unknown }).__benchResult = { error: String(e) };
  },
);
