import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Session, screenshot } from './browser';

// Figure 9 at 1280 px wide, from a QA pass: the CF panel's SA tables stay inside their cards; Next
// packet fills the Inspector; with the event list filtered, stepping back leaves no row of the
// future in view nor in the Inspector.

describe('Figure 9 at 1280 px: the CF panel, Next packet, a filtered list stepping back', () => {
  let s: Session;
  const eventIndex = async () => Number(await s.page.getByTestId('event-index').textContent());

  beforeAll(async () => {
    s = await openApp('/', { width: 1280, height: 800 });
    await s.page
      .getByRole('article', { name: 'TCP/IP stack MVS1' })
      .locator('.role-routing')
      .waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it("fits the CF's SA tables in their cards", async () => {
    await s.page.getByRole('button', { name: 'Play' }).click();
    // Both DVIPAs with a phase 1 and a phase 2 record each.
    await s.page.waitForFunction(() => document.querySelectorAll('.cf-table tbody tr').length >= 4, null, {
      timeout: 60_000,
    });
    await s.page.getByRole('button', { name: 'Pause' }).click();
    await s.page.getByRole('button', { name: 'Play' }).waitFor();
    await screenshot(s.page, 'qa-1-cf-1280');
    const spills = await s.page.evaluate(() =>
      [...document.querySelectorAll('.cf-entry')].flatMap((e) => {
        const card = e.getBoundingClientRect();
        const tables = [...e.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right);
        return e.scrollWidth > e.clientWidth || tables.some((r) => r > card.right)
          ? [{ dvipa: e.getAttribute('data-dvipa'), card: card.width, scroll: e.scrollWidth, tables }]
          : [];
      }),
    );
    expect(spills).toEqual([]);
  });

  it('Next packet shows the packet it stepped to in the Inspector', async () => {
    await s.page.getByRole('tab', { name: 'Metrics' }).click();
    await s.page.getByRole('button', { name: 'Step to the next packet' }).click();
    const head = s.page.getByRole('region', { name: 'Packet inspector' }).locator('.inspector-head b');
    await head.waitFor();
    const index = (await head.textContent())?.replace('#', '');
    const row = s.page.locator(`.event-row[data-index="${index}"]`);
    expect(await row.getAttribute('data-kind')).toBe('frame');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    // Its moment: right after its event.
    expect(Number(await row.getAttribute('data-event'))).toBe((await eventIndex()) - 1);
  });

  it('with a filter on, stepping back leaves no row of the future in view nor in the Inspector', async () => {
    await s.page.getByLabel('Show frame records').check();
    for (let i = 0; i < 3; i++) {
      const at = await eventIndex();
      await s.page.getByRole('button', { name: 'Step to the next packet' }).click();
      await s.page.waitForFunction(
        (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) > e,
        at,
      );
    }
    const picked = Number(await s.page.locator('.event-row.selected').getAttribute('data-event'));
    for (let i = 0; i < 4; i++) {
      const at = await eventIndex();
      await s.page.getByRole('button', { name: 'Step back' }).click();
      await s.page.waitForFunction(
        (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e - 1,
        at,
      );
    }
    const now = await eventIndex();
    expect(picked).toBeGreaterThanOrEqual(now);
    // The list follows in the next frame.
    await s.page.waitForTimeout(300);
    await screenshot(s.page, 'qa-2-filtered-step-back');
    const seen = await s.page.evaluate(() => {
      const box = document.querySelector('.event-rows')!.getBoundingClientRect();
      return [...document.querySelectorAll('.event-row')]
        .filter((r) => {
          const b = r.getBoundingClientRect();
          return b.bottom > box.top + 1 && b.top < box.bottom - 1;
        })
        .map((r) => ({
          event: Number(r.getAttribute('data-event')),
          future: r.classList.contains('future'),
        }));
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.future || r.event >= now)).toEqual([]);
    // The Inspector shows the list's last row up to the present, not the packet ahead.
    const selected = s.page.locator('.event-row.selected');
    expect(Number(await selected.getAttribute('data-event'))).toBeLessThan(now);
    expect(await s.page.locator('.inspector-head b').textContent()).toBe(
      `#${await selected.getAttribute('data-index')}`,
    );
    expect(s.errors).toEqual([]);
  });
});
