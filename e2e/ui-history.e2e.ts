import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInPresets, openFirstScreen, type Session } from './browser';

// The URL names the scenario on screen, through Back, Forward and a reload: each preset chosen or
// sysplex generated is a history entry, a generated sysplex is carried in the URL's hash, and a
// link typed into the address bar opens (or is refused, naming its field) and Back leaves it.

const FIGURE9 = 'Figure 9: five-stack sysplex, DVA1 and DVB1';
const TWO_STACK = 'Minimal: two stacks, one DVIPA and its backup';
const GENERATED = 'Generated sysplex: 3 stacks, 1 DVIPA(s)';

const title = (p: Page) => p.getByTestId('scenario-title').innerText();
const where = (p: Page) => p.evaluate(() => ({ search: location.search, hash: location.hash }));
/** Waits until the page shows this scenario, loaded (its stacks on screen). */
const showing = async (p: Page, t: string, stacks: number) => {
  await p.waitForFunction(
    ([want, n]) =>
      document.querySelector('[data-testid="scenario-title"]')?.textContent === want &&
      document.querySelectorAll('[aria-label^="TCP/IP stack MVS"]').length === n &&
      !!document.querySelector('[data-testid="event-index"]'),
    [t, stacks] as const,
    { timeout: 30_000 },
  );
  return title(p);
};

describe('Back, Forward and reload keep the URL and the scenario together', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openFirstScreen();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a preset, then a generated sysplex: each its own entry; the generated one survives a reload', async () => {
    const p = s.page;
    expect(await showing(p, FIGURE9, 5)).toBe(FIGURE9);
    await p.getByRole('button', { name: 'Presets' }).click();
    await p.getByRole('button', { name: `Open preset ${TWO_STACK}` }).click();
    await showing(p, TWO_STACK, 2);
    expect(await where(p)).toEqual({ search: '?preset=two-stack', hash: '' });

    await generateInPresets(p, { stacks: 3, dvipas: 1, clients: 1, connections: 2 });
    await showing(p, GENERATED, 3);
    const generated = await where(p);
    expect(generated.search).toBe('');
    expect(generated.hash).toMatch(/^#s1=[A-Za-z0-9_-]+$/);

    await p.reload();
    expect(await showing(p, GENERATED, 3)).toBe(GENERATED);
    expect(await where(p)).toEqual(generated);
  });

  it('Back and Forward open the scenario the URL names', async () => {
    const p = s.page;
    await p.goBack();
    expect(await showing(p, TWO_STACK, 2)).toBe(TWO_STACK);
    expect(await where(p)).toEqual({ search: '?preset=two-stack', hash: '' });
    await p.goBack();
    expect(await showing(p, FIGURE9, 5)).toBe(FIGURE9);
    expect(await where(p)).toEqual({ search: '', hash: '' });
    await p.goForward();
    expect(await showing(p, TWO_STACK, 2)).toBe(TWO_STACK);
    await p.goForward();
    expect(await showing(p, GENERATED, 3)).toBe(GENERATED);
    expect((await where(p)).hash).toMatch(/^#s1=/);
  });

  it('a link typed into the address bar: a bad field is named; Back returns to the scenario before it', async () => {
    const p = s.page;
    const before = await where(p);
    await p.goto(`${new URL(p.url()).origin}/#S1=`);
    const banner = p.getByRole('alert', { name: 'Input problem' });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('#S1 (character 1): the link field is "S1"');
    await p.goBack();
    await banner.waitFor({ state: 'detached' });
    expect(await showing(p, GENERATED, 3)).toBe(GENERATED);
    expect(await where(p)).toEqual(before);
    expect(s.errors).toEqual([]);
  });
});
