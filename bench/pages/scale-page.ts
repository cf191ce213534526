import '@xyflow/react/dist/style.css';
import '../../src/ui/app.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { InProcessRuntime } from '../../src/runtime/in-process';
import { moduleWorkerFactory } from '../../src/runtime/remote-worker';
import type { Runtime } from '../../src/runtime/runtime';
import { ScenarioRun } from '../../src/runtime/scenario-run';
import { moduleSoloWorkerFactory, SoloWorkerRuntime } from '../../src/runtime/solo-worker-runtime';
import { WorkerRuntime } from '../../src/runtime/worker-runtime';
import { APP_CHECKPOINTS, appRuntime, setRuntimeFactory } from '../../src/store/session';
import { useAppStore } from '../../src/store/store';
import { App } from '../../src/ui/App';
import { scaleScenario, scaleShape, UNTIL_US } from './scale-scenario';

// Issue #10 in Chromium (bench/suites/scale.ts opens it, built for production and served by vite
// preview). `?mode=ui`: the real app (App + the store, one Web Worker per node) loads the scale
// scenario and plays it "as fast as possible" for at most `budget` ms or until UNTIL_US of virtual
// time; meanwhile every long task (PerformanceObserver 'longtask') and every requestAnimationFrame
// interval is recorded, and the main thread's JS heap sampled; then it seeks to events spread over
// what was run and times each seek up to the next frame. `?mode=throughput`: the Worker runtime
// against the in-process runtime on this page, on the same scenario, alternating rounds of the
// same number of events. The result goes to window.__benchResult.

const params = new URLSearchParams(location.search);
const MODE = params.get('mode') ?? 'ui';
const CONNECTIONS = Number(params.get('connections') ?? 500);
const STACKS = Number(params.get('stacks') ?? 32);
const BUDGET_MS = Number(params.get('budget') ?? 15_000);
const CHUNK = Number(params.get('chunk') ?? 2_000);
const ROUNDS = Number(params.get('rounds') ?? 5);
/** `?hold=1`: after playing, skip the seeks and expose the store and runtime (window.__bench) for a driver. */
const HOLD = params.get('hold') === '1';
/** `?pool=1`: the UI run on a pool of Workers (worker-runtime.ts) instead of the app's solo Worker. */
const POOL = params.get('pool') === '1';

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
/** A long animation frame (Chromium's Long Animation Frames API; not in TypeScript's DOM types). */
interface LoafEntry {
  startTime: number;
  duration: number;
  blockingDuration: number;
  renderStart: number;
  scripts: { invoker: string; invokerType: string; duration: number }[];
}
/** One for the result: when (ms after Play), how long, its rendering's part, its longest scripts. */
interface LongFrame {
  atMs: number;
  ms: number;
  renderMs: number;
  scripts: string[];
}

const heap = () =>
  (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

/** What the page is doing, for the suite's memory sampler. */
const setPhase = (p: string) => {
  (window as unknown as { __benchPhase: string }).__benchPhase = p;
};

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Records when each checkpoint was taken and what it cost (window.__cpLog), for a driver. */
function logCheckpoints(rt: WorkerRuntime): void {
  const log: { at: number; ms: number; wall: number }[] = [];
  (window as unknown as { __cpLog: unknown }).__cpLog = log;
  const r = rt as unknown as { checkpointNow: () => Promise<void> };
  const orig = r.checkpointNow.bind(rt);
  r.checkpointNow = async () => {
    const t0 = performance.now();
    await orig();
    log.push({ at: rt.status().eventIndex, ms: performance.now() - t0, wall: t0 });
  };
}

/** Workers the UI run used: the pool's size, or the one solo Worker. */
const poolSize = (rt: Runtime | null) => (rt instanceof WorkerRuntime ? rt.workerNodes().length : 1);

async function uiRun() {
  const sc = scaleScenario(CONNECTIONS, STACKS);
  // The app's own runtime (session.ts), kept in hand to read its checkpoint figures.
  let runtime: Runtime | null = null;
  setRuntimeFactory(() => {
    const rt = POOL ? new WorkerRuntime(moduleWorkerFactory, APP_CHECKPOINTS) : appRuntime();
    if (HOLD && rt instanceof WorkerRuntime) logCheckpoints(rt);
    runtime = rt;
    return rt;
  });
  const root = document.getElementById('root')!;
  createRoot(root).render(createElement(App));
  const store = useAppStore;
  // The app loads its default scenario first (from the URL); then ours replaces it.
  await waitFor(() => store.getState().ready, 30_000);
  const t0 = performance.now();
  await store.getState().loadScenario(sc);
  await nextFrame();
  const loadMs = performance.now() - t0;
  if (store.getState().scenario.id !== sc.id || !store.getState().ready)
    throw new Error(`the scale scenario did not load: ${store.getState().error ?? '?'}`);
  const startStatus = store.getState().status;
  setPhase('loaded');
  await new Promise((r) => setTimeout(r, 1200));

  // Measure while playing.
  const longTasks: { start: number; duration: number }[] = [];
  const lto = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  });
  lto.observe({ type: 'longtask', buffered: false });
  // What the long tasks ran: Chromium's long animation frames (over 50 ms) with their scripts.
  const longFrames: LongFrame[] = [];
  const lfo = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as LoafEntry[]) {
      if (e.blockingDuration <= 0) continue;
      const scripts = [...e.scripts]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 2)
        .map((x) => `${x.invoker || x.invokerType} ${Math.round(x.duration)} ms`);
      longFrames.push({
        atMs: Math.round(e.startTime - playStart),
        ms: Math.round(e.duration),
        renderMs: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0),
        scripts,
      });
    }
  });
  lfo.observe({ type: 'long-animation-frame', buffered: false });
  const frames: number[] = [];
  const heapSamples: number[] = [heap()];
  let measuring = true;
  let last = performance.now();
  const onFrame = (t: number) => {
    if (!measuring) return;
    frames.push(t - last);
    last = t;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame((t) => {
    last = t;
    requestAnimationFrame(onFrame);
  });
  const heapTimer = setInterval(() => heapSamples.push(heap()), 500);

  setPhase('playing');
  store.getState().setSpeed('max');
  const playStart = performance.now();
  store.getState().play();
  const progress: { ms: number; event: number; timeUs: number }[] = [];
  let nextMark = playStart + 1000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const s = store.getState();
    const now = performance.now();
    if (now >= nextMark) {
      progress.push({ ms: Math.round(now - playStart), event: s.status.eventIndex, timeUs: s.status.time });
      nextMark += 1000;
    }
    if (s.error) throw new Error(`the app reported: ${s.error}`);
    if (!s.playing || s.status.time >= UNTIL_US || now - playStart >= BUDGET_MS) break;
  }
  store.getState().pause();
  const playMs = performance.now() - playStart;
  measuring = false;
  lto.disconnect();
  clearInterval(heapTimer);
  // Let the last chunk (one play step in flight) finish before seeking.
  await store.getState().seek(store.getState().status.eventIndex);
  const end = store.getState().status;
  const phases = store
    .getState()
    .phases.map((p) => ({ kind: p.kind, subject: p.subject, at: p.at, timeUs: p.time }));

  if (HOLD) {
    (window as unknown as { __bench: unknown }).__bench = { store, runtime, nextFrame };
    return {
      mode: 'held',
      endEvent: end.eventIndex,
      playMs,
      eventsPerSec: ((end.eventIndex - startStatus.eventIndex) * 1000) / playMs,
    };
  }
  // Stepping back: seek to events spread over what was run, each timed to the next frame.
  const horizon = end.eventIndex;
  // Backward each time (the goal), newest first; then one seek forward again (reported apart).
  const targets = [
    horizon - 1,
    Math.floor(horizon * 0.9),
    Math.floor(horizon * 0.75),
    Math.floor(horizon / 2),
    Math.floor(horizon / 4),
    1,
  ];
  const seeks: { event: number; ms: number; ok: boolean; replay?: number | undefined }[] = [];
  /** After each seek back, one step back (the ← key): what stepping through history costs. */
  const stepBacks: { event: number; ms: number; ok: boolean; replay?: number | undefined }[] = [];
  const timedSeek = async (e: number) => {
    // How far back the checkpoint the seek restores is (events to replay), when it goes back.
    const held = (runtime as Runtime | null)?.checkpointStats().indexes ?? [];
    const from = store.getState().status.eventIndex;
    const cp = held.filter((i) => i <= e).at(-1);
    const replay = e < from && cp !== undefined ? e - cp : undefined;
    const s0 = performance.now();
    await store.getState().seek(e);
    await nextFrame();
    return { event: e, ms: performance.now() - s0, ok: store.getState().status.eventIndex === e, replay };
  };
  setPhase('seeking');
  const checkpointsAtEnd = (runtime as Runtime | null)?.checkpointStats() ?? null;
  for (const e of targets)
    if (e >= 0 && e < horizon) {
      seeks.push(await timedSeek(e));
      if (e > 0) stepBacks.push(await timedSeek(e - 1));
    }
  // Forward from event 1 to a point at most 2,000 events on (checkpoints exist there already).
  const forward = await timedSeek(Math.min(Math.floor(horizon / 2), 2_001));
  // Then far forward, into history the checkpoints hold thinly (a long replay), and one step back
  // from there, which counts with the other step backs.
  const far = Math.floor(horizon * 0.6);
  const forwardFar = far > forward.event ? await timedSeek(far) : null;
  if (forwardFar) stepBacks.push(await timedSeek(far - 1));
  heapSamples.push(heap());
  // How big what the store pulls from the Workers on every refresh is (JSON characters per node).
  const viewChars = Object.entries(store.getState().views).map(([id, v]) => ({
    id,
    chars: JSON.stringify(v).length,
  }));
  viewChars.sort((a, b) => b.chars - a.chars);
  const playedEvents = end.eventIndex - startStatus.eventIndex;
  return {
    mode: 'ui',
    shape: scaleShape(CONNECTIONS, STACKS),
    nodes: Object.keys(store.getState().views).length,
    loadMs,
    playMs,
    startEvent: startStatus.eventIndex,
    endEvent: end.eventIndex,
    endTimeUs: end.time,
    untilUs: UNTIL_US,
    eventsPerSec: (playedEvents * 1000) / playMs,
    virtualPerWallSec: (end.time - startStatus.time) / 1e6 / (playMs / 1000),
    progress,
    phases,
    longTasks: {
      count: longTasks.length,
      over50: longTasks.filter((t) => t.duration > 50).length,
      max: Math.max(0, ...longTasks.map((t) => t.duration)),
      p95: pct(
        longTasks.map((t) => t.duration),
        95,
      ),
      totalMs: longTasks.reduce((n, t) => n + t.duration, 0),
      frames: longFrames.filter((f) => f.atMs >= 0 && f.atMs <= playMs),
    },
    frames: {
      count: frames.length,
      p50: pct(frames, 50),
      p95: pct(frames, 95),
      max: Math.max(0, ...frames),
      fps: (frames.length * 1000) / playMs,
    },
    heap: { max: Math.max(...heapSamples), end: heapSamples[heapSamples.length - 1]! },
    seeks,
    stepBacks,
    forward,
    forwardFar,
    checkpoints: checkpointsAtEnd
      ? { count: checkpointsAtEnd.count, bytes: checkpointsAtEnd.bytes, lastMs: checkpointsAtEnd.lastMs }
      : null,
    workers: poolSize(runtime as Runtime | null),
    views: { totalChars: viewChars.reduce((n, v) => n + v.chars, 0), largest: viewChars.slice(0, 3) },
    traceRecords: store.getState().trace.count,
  };
}

async function throughputRun() {
  const sc = scaleScenario(CONNECTIONS, STACKS);
  // Checkpoints every 250 events in all three, so all take the same checkpoints and the ratios
  // compare running. (The app's policy, by cost, would checkpoint the slower runtime more often.)
  const every = { checkpointEvery: 250 };
  const a = new ScenarioRun(new InProcessRuntime(undefined, every));
  // The app's Worker runtime (the whole simulation in one Worker), and a pool of Workers.
  const b = new ScenarioRun(new SoloWorkerRuntime(moduleSoloWorkerFactory, every));
  const pool = new WorkerRuntime(moduleWorkerFactory, every);
  const c = new ScenarioRun(pool);
  const runs = [a, b, c];
  for (const r of runs) await r.load(sc);
  // Past the start of the workload: connections opening, ESP traffic flowing.
  const warm = Number(params.get('warmUs') ?? 260_000);
  for (const r of runs) await r.run({ time: warm });
  // Chunks as the app plays them (store.ts: a loose budget, so the pool runs whole windows to the
  // end of a chunk); the rate counts the events actually run.
  const rate = async (r: ScenarioRun) => {
    const from = r.status().eventIndex;
    const t0 = performance.now();
    const st = await r.runtime.run({ maxEvents: CHUNK, loose: true });
    return ((st.eventIndex - from) * 1000) / (performance.now() - t0);
  };
  const rates: number[][] = [[], [], []];
  for (let i = 0; i < ROUNDS; i++) for (const [j, r] of runs.entries()) rates[j]!.push(await rate(r));
  const windowsRun = pool.windows;
  const eventsRun = c.status().eventIndex;
  // Loose chunks may end apart: all go on to the same event (exactly) to compare fingerprints.
  const end = Math.max(...runs.map((r) => r.status().eventIndex));
  for (const r of runs) await r.runtime.step(end - r.status().eventIndex);
  const [sa, sb, sc2] = runs.map((r) => r.status());
  const [ra, rb, rc] = rates as [number[], number[], number[]];
  const result = {
    mode: 'throughput',
    shape: scaleShape(CONNECTIONS, STACKS),
    inProcess: median(ra),
    workers: median(rb),
    ratio: median(rb) / median(ra),
    pool: median(rc),
    poolRatio: median(rc) / median(ra),
    poolSize: pool.workerNodes().length,
    rounds: { inProcess: ra.map(Math.round), workers: rb.map(Math.round), pool: rc.map(Math.round) },
    eventsPerWindow: eventsRun / Math.max(1, windowsRun),
    sameFingerprint:
      sa!.fingerprint === sb!.fingerprint &&
      sa!.fingerprint === sc2!.fingerprint &&
      sa!.eventIndex === sb!.eventIndex &&
      sa!.eventIndex === sc2!.eventIndex,
    endTimeUs: sb!.time,
    cores: navigator.hardwareConcurrency,
  };
  for (const r of runs) r.runtime.dispose();
  return result;
}

(MODE === 'throughput' ? throughputRun() : uiRun()).then(
  (r) => {
    (window as unknown as { __benchResult: unknown }).__benchResult = r;
  },
  (e: unknown) => {
    (window as unknown as { __benchResult: unknown }).__benchResult = { error: String(e) };
  },
);
