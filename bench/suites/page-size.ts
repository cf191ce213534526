import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium-flags';
import type { Figure, Suite } from '../harness';

// Issue #10, page weight and first render. Builds the app (the repo's vite.config.ts, into a temp
// outDir), sums the gzip size of the JavaScript the built index.html loads before anything else
// runs — its module scripts, its modulepreloads and every chunk those import statically — leaving
// out lazy chunks (dynamic import()) and Worker chunks; then serves the build with `vite preview`
// and times, in headless Chromium, navigation start → the first paint that shows the five stacks of
// the Figure 9 preset (the default scenario).

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GOAL_KB = 300;
const STACKS = ['MVS1', 'MVS2', 'MVS3', 'MVS4', 'MVS5'];
/** First-render samples (fresh browser context each, so nothing is cached). */
const RENDER_RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 5);

interface Chunk {
  file: string;
  bytes: number;
  gzip: number;
}

/** `src`/`href` of the module scripts and modulepreloads in a built index.html. */
export function initialAssets(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) out.push(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    if (!/\brel="modulepreload"/.test(tag)) continue;
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href) out.push(href);
  }
  return out.filter((p) => p.endsWith('.js'));
}

/** Relative static imports of an ES chunk (`import … from "./x.js"`, `import "./x.js"`). */
function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(
    /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g,
  ))
    out.push(m[1]!);
  return out;
}

function initialChunks(outDir: string): { chunks: Chunk[]; lazy: string[] } {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const seen = new Map<string, Chunk>();
  const queue = initialAssets(html).map((p) => p.replace(/^\//, ''));
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const code = readFileSync(join(outDir, file));
    seen.set(file, { file, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length });
    for (const imp of staticImports(code.toString('utf8'))) queue.push(join(dirname(file), imp));
  }
  // What the entry loads later: dynamic import() chunks and Worker chunks (for the report only).
  const lazy = new Set<string>();
  for (const c of seen.values()) {
    const code = readFileSync(join(outDir, c.file), 'utf8');
    for (const m of code.matchAll(/(?:import\(|new URL\()\s*["'`]([^"'`]+\.js)["'`]/g)) lazy.add(m[1]!);
  }
  return { chunks: [...seen.values()], lazy: [...lazy] };
}

/**
 * Runs before any page script: notes when the five stack articles are all in the DOM, then when the
 * frame that contains them has been painted (the rAF after the next one: the next frame has
 * started, so the one with the stacks was presented).
 */
function initScript(names: string[]): string {
  return `(() => {
  const names = ${JSON.stringify(names)};
  const r = (window.__render = {});
  const mo = new MutationObserver(() => {
    if (r.dom !== undefined) return;
    if (!names.every((n) => document.querySelector('article[aria-label="TCP/IP stack ' + n + '"]'))) return;
    r.dom = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { r.painted = performance.now(); }));
  });
  mo.observe(document, { childList: true, subtree: true });
})();`;
}

interface RenderSample {
  fcp: number;
  stacksInDom: number;
  stacksPainted: number;
}

async function firstRender(baseUrl: string): Promise<RenderSample[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  const samples: RenderSample[] = [];
  try {
    for (let i = 0; i < RENDER_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      // A string, not a function: tsx compiles functions with esbuild's keepNames, whose `__name`
      // helper does not exist in the page.
      await page.addInitScript({ content: initScript(STACKS) });
      await page.goto(baseUrl);
      try {
        await page.waitForFunction(
          () =>
            (window as unknown as { __render?: { painted?: number } }).__render?.painted !== undefined &&
            performance.getEntriesByName('first-contentful-paint').length > 0,
          null,
          { timeout: 30_000, polling: 50 },
        );
      } catch (e) {
        const r = await page.evaluate(() =>
          JSON.stringify((window as unknown as { __render?: unknown }).__render),
        );
        throw new Error(`first render: the five stacks never showed (${r}): ${String(e)}`);
      }
      const s = await page.evaluate(() => {
        const r = (window as unknown as { __render: { dom: number; painted: number } }).__render;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
        // Stacks already in the DOM at the first contentful paint are in that paint; otherwise the
        // double rAF after they appeared.
        return { fcp, stacksInDom: r.dom, stacksPainted: r.dom <= fcp ? fcp : r.painted };
      });
      samples.push(s);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return samples;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const suite: Suite = {
  name: 'page-size',
  async run(): Promise<Figure[]> {
    const outDir = mkdtempSync(join(tmpdir(), 'bench-page-size-'));
    const figures: Figure[] = [];
    try {
      await build({ root: repoRoot, build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
      const { chunks, lazy } = initialChunks(outDir);
      const gzip = chunks.reduce((n, c) => n + c.gzip, 0);
      const raw = chunks.reduce((n, c) => n + c.bytes, 0);
      figures.push({
        suite: 'page-size',
        name: `initial JS, gzip (${chunks.length} chunks, ${(raw / 1024).toFixed(0)} kB raw)`,
        value: gzip / 1024,
        unit: 'kB',
        goal: `≤ ${GOAL_KB} kB gzip${gzip / 1024 <= GOAL_KB ? ': met' : ': NOT met'}`,
      });
      for (const c of chunks)
        figures.push({
          suite: 'page-size',
          name: `  ${c.file}`,
          value: c.gzip / 1024,
          unit: `kB gzip (${(c.bytes / 1024).toFixed(0)} kB raw)`,
        });
      if (lazy.length)
        figures.push({
          suite: 'page-size',
          name: `lazy/Worker chunks left out: ${lazy.length}`,
          value: lazy.length,
          unit: lazy.join(', '),
        });

      const server = await preview({
        root: repoRoot,
        build: { outDir },
        preview: { port: 0, host: '127.0.0.1', strictPort: false },
        logLevel: 'warn',
      });
      try {
        const url = server.resolvedUrls?.local[0];
        if (!url) throw new Error('vite preview did not report a URL');
        const samples = await firstRender(url);
        const painted = median(samples.map((s) => s.stacksPainted));
        figures.push(
          {
            suite: 'page-size',
            name: `first contentful paint (vite preview, median of ${samples.length})`,
            value: median(samples.map((s) => s.fcp)),
            unit: 'ms',
          },
          {
            suite: 'page-size',
            name: 'Figure 9: five stacks in the DOM',
            value: median(samples.map((s) => s.stacksInDom)),
            unit: 'ms from navigation start',
          },
          {
            suite: 'page-size',
            name: 'Figure 9: first paint showing the five stacks',
            value: painted,
            unit: `ms from navigation start (runs: ${samples.map((s) => Math.round(s.stacksPainted)).join(', ')})`,
          },
        );
      } finally {
        await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      }
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    return figures;
  },
};
