import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium-flags';

// Runs a benchmark page in Debian's Chromium and returns what the page leaves in
// `window.__benchResult` (JSON-serialisable). The page is served by a Vite dev server started here
// on 127.0.0.1 with a free port and the repo's vite.config.ts, so pages import TypeScript from src/
// directly. A page that fails sets `window.__benchResult = { error: '…' }` or throws: either is
// rethrown here with the page's console errors.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export { CHROMIUM_PATH };

export interface BrowserBenchOptions {
  /** How long the page may run before the result must be there (default 120 s). */
  timeoutMs?: number;
}

export async function runBrowserBench(pagePath: string, opts: BrowserBenchOptions = {}): Promise<unknown> {
  const server = await createServer({
    root: repoRoot,
    logLevel: 'error',
    clearScreen: false,
    // Own cache dir per page (never clobbers a dev server's, nor another page's: with one shared
    // dir, the runtime page found the esp page's pre-bundle, bundled its own dependencies while
    // loading and failed with 504 Outdated Optimize Dep), and the page as an entry so its
    // dependencies are pre-bundled before it loads (no mid-run reload).
    cacheDir: join(repoRoot, 'node_modules', '.vite-bench', pagePath.replace(/[^a-z0-9]+/gi, '-')),
    optimizeDeps: { entries: [pagePath.replace(/^\//, '')] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    await server.listen();
    const port = (server.httpServer?.address() as AddressInfo | null)?.port;
    if (!port) throw new Error('bench: the Vite server has no port');
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}${pagePath}`);
    const timeout = opts.timeoutMs ?? 120_000;
    try {
      await page.waitForFunction(
        () => (window as unknown as { __benchResult?: unknown }).__benchResult !== undefined || undefined,
        null,
        { timeout, polling: 250 },
      );
    } catch (e) {
      throw new Error(
        `bench page ${pagePath} gave no result in ${timeout} ms: ${errors.join(' | ') || String(e)}`,
      );
    }
    const result = await page.evaluate(
      () => (window as unknown as { __benchResult?: unknown }).__benchResult,
    );
    const err = (result as { error?: unknown } | null)?.error;
    if (err) throw new Error(`bench page ${pagePath} failed: ${String(err)} ${errors.join(' | ')}`);
    return result;
  } finally {
    await browser?.close();
    await server.close();
  }
}
