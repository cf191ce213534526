import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBoxes, openApp, overlappingPairs, type Session, screenshot } from './browser';

// Issue #10's shape through the UI: the Presets panel generates a 32-stack sysplex with 4 DVIPAs,
// the graph lays it out without overlaps, the CF holds a claim per DVIPA, and it plays and steps.

describe('generating a 32-stack, 4-DVIPA sysplex in the Presets panel', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp('/');
    await s.page
      .getByRole('article', { name: 'TCP/IP stack MVS1' })
      .waitFor({ state: 'visible', timeout: 30_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('generates it and shows every stack without overlaps', async () => {
    await s.page.getByRole('button', { name: 'Presets' }).click();
    const form = s.page.getByRole('form', { name: 'Generate a sysplex' });
    await form.getByLabel('Stacks').fill('32');
    await form.getByLabel('DVIPAs').fill('4');
    await form.getByLabel('Clients').fill('2');
    await form.getByLabel('Connections per client and DVIPA').fill('5');
    await form.getByRole('button', { name: 'Generate' }).click();
    await s.page
      .getByRole('article', { name: 'TCP/IP stack MVS32' })
      .waitFor({ state: 'visible', timeout: 30_000 });
    expect(await s.page.getByRole('article', { name: /^TCP\/IP stack MVS\d+$/ }).count()).toBe(32);
    const boxes = await nodeBoxes(s.page);
    expect(overlappingPairs(boxes), 'overlapping nodes').toEqual([]);
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
