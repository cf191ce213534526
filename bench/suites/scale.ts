import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium-flags';
import type { Figure, Suite } from '../harness';
import { SCALE_DVIPAS } from '../pages/scale-scenario';
import { rendererMemory } from './renderer-memory';
import { WorkerHeapReader, type WorkerHeaps } from './worker-heap';

// Issue #10 (speed and scale), measured in Chromium on the production build of
// bench/pages/scale.html (the real App and store on its pool of Web Workers; see that page and
// bench/pages/scale-scenario.ts for the scenario: 32 stacks, 4 IPsec DVIPAs, N connections, a
// takeover and a takeback). For each size, from the issue's 10,000 connections down: the app plays
// "as fast as possible" until the run is complete (2 s virtual, after the takeback) or a wall-time
// budget is spent; we report how far it got, events/s, long tasks, frame intervals, memory, the
// checkpoints held, and seeks back (each followed by one step back) after the run. Then the Worker
// runtime against the in-process runtime on the same scenario, in the same page.
//
// BENCH_SCALE_SIZES=10000,2000,500,100  BENCH_SCALE_BUDGET_MS=300000 (per size, wall time)
// BENCH_SCALE_THROUGHPUT=500 (connections of the throughput comparison)

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,2000,500,100').split(',').map(Number);
const BUDGET_MS = Number(process.env.BENCH_SCALE_BUDGET_MS ?? 300_000);
const THROUGHPUT_CONNECTIONS = Number(process.env.BENCH_SCALE_THROUGHPUT ?? 500);
const STACKS = Number(process.env.BENCH_SCALE_STACKS ?? 32);
const GB = 1024 ** 3;
/** BENCH_SCALE_PROFILE=1: an unminified build, and the main thread's CPU profile of each UI page (top self times printed). */
const PROFILE = process.env.BENCH_SCALE_PROFILE === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time per function of a CPU profile (Profiler.stop), the top n. */
function topSelf(
  profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] },
  n = 25,
): string[] {
  const byNode = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFn = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    total += us;
    const cf = node.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/assets\//, '')}:${cf.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `${((100 * us) / total).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}

interface UiResult {
  shape: { stacks: number; clients: number; perClient: number; connections: number };
  nodes: number;
  loadMs: number;
  playMs: number;
  startEvent: number;
  endEvent: number;
  endTimeUs: number;
  untilUs: number;
  eventsPerSec: number;
  virtualPerWallSec: number;
  phases: { kind: string; subject: string; at: string; timeUs: number }[];
  longTasks: {
    count: number;
    over50: number;
    max: number;
    p95: number;
    totalMs: number;
    /** The long animation frames that held them: when (ms after Play), how long, what ran. */
    frames?: { atMs: number; ms: number; renderMs: number; scripts: string[] }[];
  };
  frames: { count: number; p50: number; p95: number; max: number; fps: number };
  heap: { max: number; end: number };
  /** replay: events from the checkpoint the seek restored to its target. */
  seeks: { event: number; ms: number; ok: boolean; replay?: number }[];
  stepBacks: { event: number; ms: number; ok: boolean; replay?: number }[];
  forward: { event: number; ms: number; ok: boolean };
  /** A far seek forward (to 60% of the run) after that; its step back is among stepBacks. */
  forwardFar: { event: number; ms: number; ok: boolean } | null;
  checkpoints: { count: number; bytes: number; lastMs: number } | null;
  workers: number;
  views: { totalChars: number; largest: { id: string; chars: number }[] };
  traceRecords: number;
}

interface ThroughputResult {
  shape: UiResult['shape'];
  inProcess: number;
  workers: number;
  ratio: number;
  pool: number;
  poolRatio: number;
  poolSize: number;
  rounds: { inProcess: number[]; workers: number[]; pool: number[] };
  eventsPerWindow: number;
  sameFingerprint: boolean;
  endTimeUs: number;
  cores: number;
}

/** Each renderer's role and PSS at the page's largest sample so far (renderer-memory.ts). */
let split = '';
let splitAt = 0;

async function openPage<T>(
  browser: Browser,
  url: string,
  timeoutMs: number,
): Promise<{ result: T; rss: PhaseMemory; heaps: Record<string, WorkerHeaps> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const cdp = await browser.newBrowserCDPSession();
  // Max renderer PSS per phase the page announces (window.__benchPhase): the page's, every renderer's.
  const rss: PhaseMemory = { page: {}, all: {} };
  splitAt = 0;
  // The Workers' heaps when their allocated total was largest, per phase.
  const heaps: Record<string, WorkerHeaps> = {};
  const reader = new WorkerHeapReader(cdp);
  const sample = async () => {
    const phase = await page
      .evaluate(() => (window as unknown as { __benchPhase?: string }).__benchPhase ?? 'start')
      .catch(() => 'start');
    const m = await rendererMemory(cdp).catch(() => null);
    if (m) {
      rss.page[phase] = Math.max(rss.page[phase] ?? 0, m.page);
      rss.all[phase] = Math.max(rss.all[phase] ?? 0, m.all);
      if (m.page > splitAt) {
        splitAt = m.page;
        split = m.parts;
      }
    }
    const h = await reader.read().catch(() => null);
    if (h && h.total > (heaps[phase]?.total ?? 0)) heaps[phase] = h;
  };
  const timer = setInterval(() => void sample(), 500);
  const prof = PROFILE && url.includes('mode=ui') ? await context.newCDPSession(page) : undefined;
  try {
    if (prof) {
      await prof.send('Profiler.enable');
      await prof.send('Profiler.setSamplingInterval', { interval: 500 });
      await prof.send('Profiler.start');
    }
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as { __benchResult?: unknown }).__benchResult !== undefined || undefined,
      null,
      { timeout: timeoutMs, polling: 250 },
    );
    await sample();
    if (prof) {
      const { profile } = (await prof.send('Profiler.stop')) as unknown as {
        profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
      };
      console.log(`main-thread CPU profile, ${url}:\n${topSelf(profile).join('\n')}`);
    }
    const result = await page.evaluate(() => (window as unknown as { __benchResult: unknown }).__benchResult);
    const err = (result as { error?: unknown }).error;
    if (err) throw new Error(`${url}: ${String(err)} ${errors.join(' | ')}`);
    return { result: result as T, rss, heaps };
  } catch (e) {
    throw new Error(`${url}: ${String(e)} ${errors.join(' | ')}`);
  } finally {
    clearInterval(timer);
    await cdp.detach().catch(() => undefined);
    await context.close();
  }
}

const f = (name: string, value: number, unit: string, extra: Partial<Figure> = {}): Figure => ({
  suite: 'scale',
  name,
  value,
  unit,
  ...extra,
});
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const PHASES = ['loaded', 'playing', 'seeking'];
/** Renderer PSS by phase, most seen: the page's process, and every renderer's sum. */
interface PhaseMemory {
  page: Record<string, number>;
  all: Record<string, number>;
}

function uiFigures(r: UiResult, rss: PhaseMemory, heaps: Record<string, WorkerHeaps>): Figure[] {
  const pageMax = Math.max(0, ...Object.values(rss.page));
  const allMax = Math.max(0, ...Object.values(rss.all));
  const mb = (x: number | undefined) => `${Math.round((x ?? 0) / 1024 ** 2)}`;
  const n = r.shape.connections.toLocaleString('en-US');
  const tag = `${n} conn`;
  const done = r.endTimeUs >= r.untilUs;
  const kinds = r.phases
    .filter((p) => /takeover-complete|takeback-complete/.test(p.kind))
    .map((p) => `${p.kind.replace('-complete', '')} ${p.subject}`);
  const seekMax = Math.max(...r.seeks.map((s) => s.ms));
  const stepMax = Math.max(...r.stepBacks.map((s) => s.ms));
  const list = (xs: { event: number; ms: number; ok: boolean; replay?: number }[]) =>
    xs
      .map(
        (s) =>
          `${s.event}:${Math.round(s.ms)}${s.ok ? '' : '!'}${s.replay === undefined ? '' : `/${s.replay}`}`,
      )
      .join(' ');
  return [
    f(
      `${tag}: played ${(r.playMs / 1000).toFixed(1)} s, reached`,
      r.endTimeUs / 1000,
      `ms virtual of ${r.untilUs / 1000} (${done ? 'complete' : 'incomplete'}; event ${r.endEvent.toLocaleString('en-US')}; ${kinds.length ? kinds.join(', ') : 'no takeover/takeback yet'})`,
    ),
    f(
      `${tag}: load (scenario → first screen)`,
      r.loadMs,
      `ms, ${r.nodes} nodes on ${r.workers} Worker${r.workers === 1 ? '' : 's'}, ${r.shape.clients} clients × ${SCALE_DVIPAS} DVIPAs × ${r.shape.perClient}`,
    ),
    f(
      `${tag}: events while playing (UI, Workers)`,
      r.eventsPerSec,
      `events/s (${r.virtualPerWallSec.toFixed(4)} virtual s per s)`,
    ),
    f(
      `${tag}: main-thread tasks > 50 ms`,
      r.longTasks.over50,
      `of ${r.longTasks.count} long tasks, max ${r.longTasks.max.toFixed(0)} ms, ${(r.longTasks.totalMs / 1000).toFixed(1)} s blocked${longFrameText(r.longTasks.frames)}`,
      {
        goal: `0 (${met(r.longTasks.over50 === 0)})`,
      },
    ),
    f(
      `${tag}: frame interval p95`,
      r.frames.p95,
      `ms (p50 ${r.frames.p50.toFixed(1)}, max ${r.frames.max.toFixed(0)}, ${r.frames.fps.toFixed(1)} fps)`,
      {
        goal: `≤ 20 ms (${met(r.frames.p95 <= 20)})`,
      },
    ),
    f(
      `${tag}: seek back after the run, worst of ${r.seeks.length}`,
      seekMax,
      `ms (event:ms/events replayed from the checkpoint restored: ${list(r.seeks)})`,
      {
        goal: `< 100 ms (${met(seekMax < 100)})`,
      },
    ),
    f(
      `${tag}: step back one event after each seek, worst of ${r.stepBacks.length}`,
      stepMax,
      `ms (${list(r.stepBacks)})`,
      {
        goal: `< 100 ms (${met(stepMax < 100)})`,
      },
    ),
    f(
      `${tag}: checkpoints held at the end of the run`,
      (r.checkpoints?.bytes ?? 0) / 1024 ** 2,
      `MB in ${r.checkpoints?.count ?? '?'} checkpoints (the last took ${r.checkpoints?.lastMs.toFixed(0) ?? '?'} ms)`,
    ),
    f(`${tag}: main-thread JS heap, max`, r.heap.max / 1024 ** 2, 'MB (performance.memory)', {
      goal: `< 1 GB (${met(r.heap.max < GB)})`,
    }),
    f(
      `${tag}: the page's renderer memory (PSS) incl. its Worker, max`,
      pageMax / 1024 ** 2,
      `MB (/proc smaps_rollup; loaded ${mb(rss.page.loaded)}, playing ${mb(rss.page.playing)}, seeking ${mb(rss.page.seeking)}; at the largest, each renderer's role, PSS and anonymous/shared memory/file MB: ${split})`,
      { goal: `< 1 GB (${met(pageMax < GB)})` },
    ),
    f(
      `${tag}: every renderer process (PSS), max`,
      allMax / 1024 ** 2,
      `MB (the page's and Chromium's own: its browser UI's WebUI renderer, a spare one; loaded ${mb(rss.all.loaded)}, playing ${mb(rss.all.playing)}, seeking ${mb(rss.all.seeking)})`,
    ),
    f(
      `${tag}: Workers' JS heaps, largest allocated`,
      Math.max(0, ...Object.values(heaps).map((h) => h.total)) / 1024 ** 2,
      `MB over ${heaps.playing?.workers ?? '?'} Workers (allocated / in use / ArrayBuffers, then the main thread's: ${PHASES.map(
        (p) => {
          const h = heaps[p];
          const m = h?.main;
          return `${p} ${mb(h?.total)} / ${mb(h?.used)} / ${mb(h?.buffers)}, ${mb(m?.total)} / ${mb(m?.used)} / ${mb(m?.buffers)}`;
        },
      ).join('; ')})`,
    ),
    f(
      `${tag}: node views the store reads per refresh`,
      r.views.totalChars / 1e6,
      `M chars as JSON (largest: ${r.views.largest.map((v) => `${v.id} ${(v.chars / 1e6).toFixed(2)}M`).join(', ')})`,
    ),
    f(`${tag}: seek forward again to event ${r.forward.event} after the seeks back`, r.forward.ms, 'ms'),
    ...(r.forwardFar
      ? [f(`${tag}: then far forward to event ${r.forwardFar.event}`, r.forwardFar.ms, 'ms')]
      : []),
  ];
}

/** The long animation frames, as `at 12.3 s: 94 ms (render 10; DedicatedWorker.onmessage 60 ms…)`. */
function longFrameText(frames: UiResult['longTasks']['frames']): string {
  if (!frames?.length) return '';
  const shown = frames
    .slice(0, 6)
    .map(
      (f) => `at ${(f.atMs / 1000).toFixed(1)} s: ${f.ms} ms (render ${f.renderMs}; ${f.scripts.join(', ')})`,
    );
  return `; frames: ${shown.join(' | ')}${frames.length > 6 ? ` | …${frames.length - 6} more` : ''}`;
}

export const suite: Suite = {
  name: 'scale',
  async run(): Promise<Figure[]> {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
    const figures: Figure[] = [];
    try {
      await build({
        root: repoRoot,
        logLevel: 'warn',
        build: {
          outDir,
          emptyOutDir: true,
          sourcemap: false,
          minify: !PROFILE,
          rollupOptions: { input: { scale: join(repoRoot, 'bench', 'pages', 'scale.html') } },
        },
      });
      const server = await preview({
        root: repoRoot,
        build: { outDir },
        preview: { port: 0, host: '127.0.0.1', strictPort: false },
        logLevel: 'warn',
      });
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
      });
      try {
        const base = `${server.resolvedUrls!.local[0]!.replace(/\/$/, '')}/bench/pages/scale.html`;
        for (const n of SIZES) {
          const { result, rss, heaps } = await openPage<UiResult>(
            browser,
            `${base}?mode=ui&connections=${n}&stacks=${STACKS}&budget=${BUDGET_MS}`,
            BUDGET_MS + 120_000,
          );
          figures.push(...uiFigures(result, rss, heaps));
        }
        const { result: t } = await openPage<ThroughputResult>(
          browser,
          `${base}?mode=throughput&connections=${THROUGHPUT_CONNECTIONS}&stacks=${STACKS}`,
          120_000,
        );
        if (!t.sameFingerprint) throw new Error('scale: Worker and in-process fingerprints differ');
        // The app's Worker runtime is the solo Worker (the whole simulation in one Worker); the pool
        // of Workers, one round trip per lookahead window, is shown beside it.
        const tag = `${t.shape.connections.toLocaleString('en-US')} conn`;
        figures.push(
          f(
            `${tag}: in-process runtime, Chromium (no UI)`,
            t.inProcess,
            `events/s (rounds ${t.rounds.inProcess.join(' ')})`,
          ),
          f(
            `${tag}: Worker runtime (the app's: one Worker), Chromium (no UI)`,
            t.workers,
            `events/s (rounds ${t.rounds.workers.join(' ')})`,
            {
              ratio: t.ratio,
              baseline: 'in-process',
              goal: `≥ 0.5 (${met(t.ratio >= 0.5)}; ${t.cores} cores)`,
            },
          ),
          f(
            `${tag}: pool of ${t.poolSize} Worker${t.poolSize === 1 ? '' : 's'} (windows), Chromium (no UI)`,
            t.pool,
            `events/s (rounds ${t.rounds.pool.join(' ')}; ${t.eventsPerWindow.toFixed(1)} events/window)`,
            { ratio: t.poolRatio, baseline: 'in-process' },
          ),
        );
      } finally {
        await browser.close();
        await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    return figures;
  },
};
