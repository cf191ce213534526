import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateInPresets,
  nodeBoxes,
  nodesUnderOverlays,
  openFirstScreen,
  overlappingPairs,
  type Session,
  screenshot,
} from './browser';

// Issue #10's shape through the UI: the Presets panel generates a 32-stack sysplex with 4 DVIPAs,
// the graph lays it out without overlaps, the CF holds a claim per DVIPA, and it plays and steps.

describe('generating a 32-stack, 4-DVIPA sysplex in the Presets panel', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openFirstScreen();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('generates it and shows every stack without overlaps', async () => {
    await generateInPresets(s.page, { stacks: 32, dvipas: 4, clients: 2, connections: 5 });
    expect(await s.page.getByRole('article', { name: /^TCP\/IP stack MVS\d+$/ }).count()).toBe(32);
    const boxes = await nodeBoxes(s.page);
    expect(overlappingPairs(boxes), 'overlapping nodes').toEqual([]);
    expect(await nodesUnderOverlays(s.page), 'nodes under the legend or the kill zone').toEqual([]);
  });

  it('claims the 4 DVIPAs in the coupling facility, then plays and steps back', async () => {
    const cf = s.page.getByText(/claims \d+/).first();
    await s.page.waitForFunction(() => /claims 4\b/.test(document.body.textContent ?? ''), null, {
      timeout: 30_000,
    });
    expect(await cf.textContent()).toMatch(/claims 4\b/);
    const event = async () => Number(await s.page.getByTestId('event-index').textContent());
    await s.page.getByRole('button', { name: 'Play' }).click();
    await s.page.waitForTimeout(1_500);
    await s.page.getByRole('button', { name: 'Pause' }).click();
    await s.page.waitForTimeout(300);
    const at = await event();
    expect(at).toBeGreaterThan(0);
    await s.page.keyboard.press('ArrowLeft');
    await s.page.waitForFunction(
      (n) => document.querySelector('[data-testid="event-index"]')?.textContent === String(n),
      at - 1,
      { timeout: 10_000 },
    );
    await screenshot(s.page, 'generated-32x4');
    expect(s.errors).toEqual([]);
  });
});

describe('a table with more rows than a page (VCRT of a 120-connection DVIPA)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openFirstScreen();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('pages through the VCRT, and the page stays while stepping back', async () => {
    await generateInPresets(s.page, { stacks: 3, dvipas: 1, clients: 4, connections: 30 });
    // Four clients above three stacks: the row reaches the corners the overlays sit in.
    expect(await nodesUnderOverlays(s.page), 'nodes under the legend or the kill zone').toEqual([]);
    await s.page.getByRole('article', { name: 'TCP/IP stack MVS1' }).locator('.node-title').click();
    await s.page.getByRole('tablist', { name: 'Tables of MVS1' }).getByRole('tab', { name: 'VCRT' }).click();
    await s.page.getByLabel('Play speed').selectOption('max');
    await s.page.getByRole('button', { name: 'Play' }).click();
    const rows = s.page.getByTestId('vcrt-rows');
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid="vcrt-rows"]')?.textContent === 'rows 1–100 of 120',
      null,
      { timeout: 60_000 },
    );
    await s.page.getByRole('button', { name: 'Pause' }).click();
    const pager = s.page.getByRole('navigation', { name: 'VCRT pages' });
    await pager.getByRole('button', { name: 'Next' }).click();
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid="vcrt-rows"]')?.textContent === 'rows 101–120 of 120',
    );
    expect(await s.page.getByRole('table', { name: 'VCRT' }).locator('tbody tr').count()).toBe(20);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    const at = Number(await s.page.getByTestId('event-index').textContent());
    await s.page.keyboard.press('ArrowLeft');
    await s.page.waitForFunction(
      (n) => document.querySelector('[data-testid="event-index"]')?.textContent === String(n),
      at - 1,
      { timeout: 10_000 },
    );
    expect(await rows.textContent()).toBe('rows 101–120 of 120');
    await pager.getByRole('button', { name: 'First' }).click();
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid="vcrt-rows"]')?.textContent === 'rows 1–100 of 120',
    );
    await screenshot(s.page, 'vcrt-pages');

    // A client host has its own panel: its clients' counters and its connections.
    await s.page.getByRole('article', { name: 'Remote client Client1' }).click();
    const tables = s.page.getByRole('tablist', { name: 'Tables of Client1' });
    expect(await s.page.getByRole('table', { name: 'Clients' }).textContent()).toContain('Client1');
    await tables.getByRole('tab', { name: 'CONN' }).click();
    const conns = s.page.getByRole('table', { name: 'TCP connections' });
    await conns.waitFor();
    expect(await conns.locator('tbody tr').count()).toBe(30);
    expect(await conns.textContent()).toContain('ESTABLISHED');
    await screenshot(s.page, 'client-conns');
    expect(s.errors).toEqual([]);
  });

  it('counts each preset card’s connections as the run opens them (per target, times the targets)', async () => {
    await s.page.getByRole('button', { name: 'Presets' }).click();
    // Figure 9: one client, 4 connections to each of its 2 DVIPAs.
    const card = s.page.locator('[data-preset="figure9"] .preset-meta');
    expect(await card.textContent()).toBe('5 stacks · 1 client · 8 connections');
    expect(s.errors).toEqual([]);
  });
});
