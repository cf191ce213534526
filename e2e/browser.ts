import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-flags';

// Debian's Chromium, started with the flags this closed network needs (no background networking,
// no component updates, no QUIC) and a fresh profile every time.
export { CHROMIUM_PATH };
export const SCREENSHOT_DIR = 'test-results/screenshots';

export interface Session {
  browser: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close: () => Promise<void>;
}

export async function openApp(path = '/', viewport = { width: 1440, height: 900 }): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'sysplex-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL(path, inject('baseUrl')).toString());
  return {
    browser: context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The app on its first screen: the Figure 9 sysplex laid out (MVS1 visible). */
export async function openFirstScreen(): Promise<Session> {
  const s = await openApp('/');
  await s.page
    .getByRole('article', { name: 'TCP/IP stack MVS1' })
    .waitFor({ state: 'visible', timeout: 30_000 });
  return s;
}

/** Generates a sysplex in the Presets panel and waits until its last stack is on screen. */
export async function generateInPresets(
  page: Page,
  g: { stacks: number; dvipas: number; clients: number; connections: number },
): Promise<void> {
  await page.getByRole('button', { name: 'Presets' }).click();
  const form = page.getByRole('form', { name: 'Generate a sysplex' });
  await form.getByLabel('Stacks').fill(String(g.stacks));
  await form.getByLabel('DVIPAs').fill(String(g.dvipas));
  await form.getByLabel('Clients').fill(String(g.clients));
  await form.getByLabel('Connections per client and DVIPA').fill(String(g.connections));
  await form.getByRole('button', { name: 'Generate' }).click();
  await page
    .getByRole('article', { name: `TCP/IP stack MVS${g.stacks}` })
    .waitFor({ state: 'visible', timeout: 30_000 });
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The bounding boxes of the topology's React Flow nodes, in page pixels. */
export function nodeBoxes(page: Page): Promise<Box[]> {
  return page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
}

/** The index pairs [i, j] of boxes that overlap (empty when the layout has none). */
export function overlappingPairs(boxes: readonly Box[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) pairs.push([i, j]);
    }
  return pairs;
}

/** The overlays on the topology (legend, kill zone) that a node under them would hide, in page pixels. */
export async function overlayBoxes(page: Page): Promise<Box[]> {
  const boxes: Box[] = [];
  for (const l of [
    page.getByRole('note', { name: 'Legend' }),
    page.getByLabel('Kill zone: drop a stack here to kill it'),
  ]) {
    const b = await l.boundingBox();
    if (b) boxes.push({ x: b.x, y: b.y, w: b.width, h: b.height });
  }
  return boxes;
}

/** Nodes (by index) that an overlay covers, even in part. */
export async function nodesUnderOverlays(page: Page): Promise<number[]> {
  const nodes = await nodeBoxes(page);
  const overlays = await overlayBoxes(page);
  return nodes.flatMap((n, i) => (overlays.some((o) => overlappingPairs([n, o]).length > 0) ? [i] : []));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export type { Browser };
