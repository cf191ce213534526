import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Session, screenshot } from './browser';

// The visual emulator end to end on the Figure 9 sysplex, every node in its own Web Worker:
// roles on the stacks, drag MVS1 onto the kill zone, run to takeover, restart, run to takeback,
// step back before the kill, inspect a packet.

const DVA1 = '203.0.113.11';
const DVB1 = '203.0.113.21';

describe('the visual emulator: Figure 9 failover and takeback', () => {
  let s: Session;
  const stack = (name: string) => s.page.getByRole('article', { name: `TCP/IP stack ${name}` });
  const role = async (name: string, dvipa: string) =>
    (await stack(name).locator('.role', { hasText: dvipa }).textContent())?.replace(dvipa, '').trim() ?? '';
  const waitRole = (name: string, dvipa: string, re: RegExp, timeout = 60_000) =>
    s.page.waitForFunction(
      ([n, d, src]) => {
        const el = [...document.querySelectorAll(`[aria-label="TCP/IP stack ${n}"] .role`)].find((e) =>
          e.textContent?.includes(d!),
        );
        return !!el && new RegExp(src!).test(el.querySelector('.role-text')?.textContent ?? '');
      },
      [name, dvipa, re.source],
      { timeout },
    );
  const eventIndex = async () => Number(await s.page.getByTestId('event-index').textContent());
  const alive = async () => Number(await s.page.getByTestId('alive').textContent());

  beforeAll(async () => {
    s = await openApp('/');
    await waitRole('MVS1', DVA1, /^routing/);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('opens on the Figure 9 sysplex with the roles per DVIPA', async () => {
    expect(await role('MVS1', DVA1)).toMatch(/^routing/);
    await waitRole('MVS5', DVB1, /^routing/);
    expect(await role('MVS5', DVA1)).toBe('backup 10');
    expect(await role('MVS1', DVB1)).toMatch(/backup 30/);
    await screenshot(s.page, 'ui-1-open');
    // At event 0 there is nothing to step back to.
    const back = s.page.getByRole('button', { name: 'Step back' });
    const opened = await eventIndex();
    expect(await back.isEnabled()).toBe(true);
    const scrubber = s.page.getByLabel('Timeline (event index)');
    await scrubber.fill('1'); // the scrubber seeks when the key (or pointer) is released
    await scrubber.press('ArrowLeft');
    await s.page.waitForFunction(
      () => document.querySelector('[data-testid="event-index"]')?.textContent === '0',
    );
    expect(await back.isDisabled()).toBe(true);
    await scrubber.fill(String(opened - 1));
    await scrubber.press('ArrowRight');
    await s.page.waitForFunction(
      (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e,
      opened,
    );
    expect(await back.isEnabled()).toBe(true);
  });

  it('plays until the client connections are up, the main thread still painting frames', async () => {
    await s.page.getByLabel('Play speed').selectOption('max');
    // Longest gap between animation frames while playing: the page must stay responsive.
    await s.page.evaluate(() => {
      const w = window as unknown as { __gap: number; __last: number };
      w.__gap = 0;
      w.__last = performance.now();
      const tick = (t: number) => {
        w.__gap = Math.max(w.__gap, t - w.__last);
        w.__last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await s.page.getByRole('button', { name: 'Play' }).click();
    await s.page.waitForFunction(
      () => Number(document.querySelector('[data-testid="alive"]')?.textContent) >= 8,
      null,
      {
        timeout: 60_000,
      },
    );
    await s.page.getByRole('button', { name: 'Pause' }).click();
    expect(await alive()).toBe(8);
    // The event list's rows change less often while playing fast (EventList.tsx); paused, they
    // are the present's: its last row is the last event's (every event makes a record).
    await s.page.waitForFunction(() => {
      const at = Number(document.querySelector('[data-testid="event-index"]')?.textContent);
      const rows = [...document.querySelectorAll('.event-row')].map((r) =>
        Number(r.getAttribute('data-event')),
      );
      return rows.length > 0 && Math.max(...rows) === at - 1;
    });
    const gap = await s.page.evaluate(() => (window as unknown as { __gap: number }).__gap);
    console.log(`longest frame gap while playing: ${gap.toFixed(0)} ms`);
    expect(gap).toBeLessThan(1_000);
  });

  let killedAt = 0;
  it('kills MVS1 by dragging it onto the kill zone', async () => {
    killedAt = await eventIndex();
    const from = (await stack('MVS1').boundingBox())!;
    const to = (await s.page.getByTestId('kill-zone').boundingBox())!;
    await s.page.mouse.move(from.x + from.width / 2, from.y + 12);
    await s.page.mouse.down();
    const steps = 12;
    for (let i = 1; i <= steps; i++)
      await s.page.mouse.move(
        from.x + from.width / 2 + ((to.x + to.width / 2 - from.x - from.width / 2) * i) / steps,
        from.y + 12 + ((to.y + to.height / 2 - from.y - 12) * i) / steps,
      );
    await screenshot(s.page, 'ui-2-dragging');
    await s.page.mouse.up();
    await waitRole('MVS1', DVA1, /^down$/, 20_000);
    expect(await stack('MVS1').getAttribute('data-up')).toBe('false');
  });

  it('runs until the takeover is complete: MVS5 routes DVA1 and connections stay alive', async () => {
    await s.page.getByLabel('Phase to run to').selectOption('takeover-complete');
    await s.page.getByRole('button', { name: 'Run to phase' }).click();
    await waitRole('MVS5', DVA1, /^routing/);
    await s.page.getByRole('tab', { name: 'Metrics' }).click();
    expect(await alive()).toBeGreaterThan(0);
    await screenshot(s.page, 'ui-3-takeover');
  });

  it("shows MVS5's tables: VIPADYN and its Phase 1 / Phase 2 SAs", async () => {
    await stack('MVS5').locator('.node-title').click();
    const tables = s.page.getByRole('tablist', { name: 'Tables of MVS5' });
    await tables.getByRole('tab', { name: 'VIPADYN' }).click();
    expect(await s.page.getByRole('table', { name: 'VIPADYN' }).textContent()).toContain(DVA1);
    await tables.getByRole('tab', { name: 'Phase 1 / Phase 2 SAs' }).click();
    const p2 = s.page.getByRole('table', { name: 'Phase 2 SAs' });
    await p2.waitFor();
    expect(await p2.locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(s.page, 'ui-3b-mvs5-sas');
    expect(await s.page.getByTestId('down-note').count()).toBe(0);
    // The killed stack's tables say they are its last state, not live ones.
    await stack('MVS1').locator('.node-title').click();
    expect(await s.page.getByTestId('down-note').innerText()).toMatch(/^MVS1 is down: .* not live/);
  });

  it('restarts MVS1 from its menu and runs until the takeback: MVS1 routes DVA1 again', async () => {
    await stack('MVS1').getByRole('button', { name: 'Actions for MVS1' }).click();
    await s.page.getByRole('menuitem', { name: 'Restart MVS1' }).click();
    await s.page.getByLabel('Phase to run to').selectOption('takeback-complete');
    await s.page.getByRole('button', { name: 'Run to phase' }).click();
    await waitRole('MVS1', DVA1, /^routing/);
    await waitRole('MVS5', DVA1, /^backup 10$/);
    await s.page.getByRole('tab', { name: 'Metrics' }).click();
    const monitor = s.page.getByRole('list', { name: 'Invariants' });
    expect(await monitor.locator('.inv-broken').count()).toBe(0);
    expect(await monitor.locator('.inv').first().textContent()).toMatch(/^ok/i);
    await screenshot(s.page, 'ui-4-takeback');
  });

  it('steps back to before the kill: the old roles are back', async () => {
    const scrubber = s.page.getByLabel('Timeline (event index)');
    await scrubber.fill(String(killedAt - 6));
    await scrubber.press('ArrowLeft');
    await s.page.waitForFunction(
      (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e,
      killedAt - 7,
      {
        timeout: 30_000,
      },
    );
    await waitRole('MVS1', DVA1, /^routing/, 10_000);
    expect(await role('MVS5', DVA1)).toBe('backup 10');
    expect(await stack('MVS1').getAttribute('data-up')).toBe('true');
  });

  it('selects a packet in the event list: the inspector shows its layers and hovering a field highlights its bytes', async () => {
    await s.page.getByLabel('Filter by node').selectOption('Client');
    await s.page.getByLabel('Show frame records').check();
    const row = s.page.locator('.event-row.has-frame').first();
    const event = Number(await row.getAttribute('data-event'));
    await row.click();
    // Selecting a row seeks to right after its event.
    await s.page.waitForFunction(
      (e) => Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e,
      event + 1,
      { timeout: 30_000 },
    );
    const inspector = s.page.getByLabel('Packet inspector');
    await inspector.locator('.layer[data-protocol="IPv4"]').waitFor({ timeout: 20_000 });
    const layers = await inspector
      .locator('.layer')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-protocol')));
    expect(layers[0]).toBe('IPv4');
    expect(layers.length).toBeGreaterThan(1);
    await inspector.locator('[data-field="Source"]').first().hover();
    expect(await inspector.locator('.hex-byte.hl').count()).toBe(4);
    await screenshot(s.page, 'ui-5-inspector');
    expect(s.errors).toEqual([]);
  });
});
