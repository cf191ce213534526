import { afterAll, describe, expect, it } from 'vitest';
import { nodeBoxes, openApp, overlappingPairs, type Session, screenshot } from './browser';

// The emulator at 1280×720, in the dark theme, driven by the keyboard; in a small window (800×700,
// half a laptop's screen) without sideways scrolling; and the topology at sixteen stacks.

/** The app at a path (and window size), once MVS1 routes (the sysplex is up). */
async function openUp(path: string, size?: { width: number; height: number }): Promise<Session> {
  const s = await openApp(path, size);
  await s.page
    .getByRole('article', { name: 'TCP/IP stack MVS1' })
    .locator('.role-routing')
    .waitFor({ timeout: 60_000 });
  return s;
}

describe('at 1280×720, dark theme, keyboard only', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('fits every panel in the window and names every control', async () => {
    s = await openUp('/', { width: 1280, height: 720 });
    await s.page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    expect(await s.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    for (const label of ['Sysplex topology', 'Event list', 'Coupling facility panel', 'Details'])
      expect(await s.page.getByRole('region', { name: label }).isVisible(), label).toBe(true);
    const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1280);
    const unnamed = await s.page.evaluate(() =>
      [...document.querySelectorAll('button, select, input')]
        .filter((e) => {
          const el = e as HTMLElement;
          const label = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
          const byLabel = (el as HTMLInputElement).labels?.length ?? 0;
          return !label && !byLabel && !el.getAttribute('title');
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
  });

  it('steps with → and ←, plays with Space, and stops a focused stack with S', async () => {
    const index = async () => Number(await s.page.getByTestId('event-index').textContent());
    await s.page.locator('body').click({ position: { x: 5, y: 5 } });
    const start = await index();
    await s.page.keyboard.press('ArrowRight');
    await s.page.keyboard.press('ArrowRight');
    await s.page.waitForFunction(
      (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e,
      start + 2,
    );
    await s.page.keyboard.press('ArrowLeft');
    await s.page.waitForFunction(
      (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e,
      start + 1,
    );
    await s.page.keyboard.press(' ');
    await s.page.getByRole('button', { name: 'Pause' }).waitFor();
    await s.page.keyboard.press(' ');
    await s.page.getByRole('button', { name: 'Play' }).waitFor();
    const mvs4 = s.page.getByRole('article', { name: 'TCP/IP stack MVS4' });
    await mvs4.focus();
    await s.page.keyboard.press('s');
    await s.page.waitForFunction(
      () => document.querySelector('[aria-label="TCP/IP stack MVS4"]')?.getAttribute('data-up') === 'false',
      null,
      {
        timeout: 20_000,
      },
    );
    await s.page.getByRole('tab', { name: 'Node MVS4' }).waitFor();
    await s.page
      .getByRole('tablist', { name: 'Tables of MVS4' })
      .getByRole('tab', { name: 'Profile' })
      .click();
    expect(await s.page.locator('.profile-text').textContent()).toContain('IPCONFIG DYNAMICXCF 10.255.0.4');
    await screenshot(s.page, 'ui-6-1280x720-dark');
    expect(s.errors).toEqual([]);
  });
});

describe('at 800×700, a small window', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('fits the page to the width of the window: the header and the toolbar wrap, the columns stack', async () => {
    s = await openUp('/', { width: 800, height: 700 });
    await screenshot(s.page, 'ui-8-800x700');
    const page = await s.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(page.scrollWidth, JSON.stringify(page)).toBeLessThanOrEqual(page.clientWidth);
    // Every control of the header and the toolbar, the status line and the side column's panels
    // lie within the window's width.
    const outside = await s.page.evaluate(
      (width) =>
        [
          ...document.querySelectorAll(
            'header button, header select, [role="toolbar"] button, [role="toolbar"] select, [data-testid="status"], .col-side, .col-side .panel',
          ),
        ]
          .map((e) => {
            const r = e.getBoundingClientRect();
            const name = e.getAttribute('aria-label') ?? e.className;
            return { name, left: Math.round(r.left), right: Math.round(r.right) };
          })
          .filter((b) => b.left < 0 || b.right > width),
      page.clientWidth,
    );
    expect(outside).toEqual([]);
    for (const label of ['Sysplex topology', 'Event list', 'Coupling facility panel', 'Details']) {
      const region = s.page.getByRole('region', { name: label });
      await region.scrollIntoViewIfNeeded();
      expect(await region.isVisible(), label).toBe(true);
    }
    // The side column is under the main one; the topology keeps the window's width and a usable
    // height, and its stacks are drawn in it without overlaps.
    const events = await s.page.getByRole('region', { name: 'Event list' }).boundingBox();
    const cf = await s.page.getByRole('region', { name: 'Coupling facility panel' }).boundingBox();
    expect(cf?.y ?? 0).toBeGreaterThanOrEqual((events?.y ?? 0) + (events?.height ?? 0));
    const topology = await s.page.getByRole('region', { name: 'Sysplex topology' }).boundingBox();
    expect(topology?.height ?? 0).toBeGreaterThanOrEqual(300);
    expect(topology?.width ?? 0).toBeGreaterThanOrEqual(700);
    const boxes = await nodeBoxes(s.page);
    expect(overlappingPairs(boxes).length, JSON.stringify(boxes)).toBe(0);
    for (const b of boxes) expect(b.x + b.w, JSON.stringify(b)).toBeLessThanOrEqual(page.clientWidth);
    expect(s.errors).toEqual([]);
  });
});

describe('sixteen stacks', () => {
  let s: Session;
  afterAll(async () => {
    await s?.close();
  });

  it('lays out sixteen stacks readably without overlaps', async () => {
    s = await openUp('/?stacks=16');
    await s.page.getByRole('article', { name: 'TCP/IP stack MVS16' }).waitFor({ timeout: 60_000 });
    await screenshot(s.page, 'ui-7-sixteen-stacks');
    const boxes = await nodeBoxes(s.page);
    expect(boxes.length).toBe(19);
    expect(overlappingPairs(boxes).length, JSON.stringify(boxes)).toBe(0);
    // Readable: a stack's name is drawn at 8 px or more.
    const px = await s.page
      .getByRole('article', { name: 'TCP/IP stack MVS16' })
      .locator('.node-title')
      .evaluate((e) => e.getBoundingClientRect().height);
    expect(px).toBeGreaterThanOrEqual(8);
    expect(s.errors).toEqual([]);
  });
});
