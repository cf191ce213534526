import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Session, screenshot } from './browser';

// Issue #9 in the browser: a share link made after a drag-kill, some steps and a selected packet
// reopens in a fresh browser at the same fingerprint, roles and packet; broken links show the
// banner and its way out; an exported scenario imported again gives the same fingerprint.

const DVA1 = '203.0.113.11';
const DVB1 = '203.0.113.21';

const fingerprint = (p: Page) => p.getByTestId('fingerprint').getAttribute('data-fingerprint');
const eventIndex = async (p: Page) => Number(await p.getByTestId('event-index').textContent());
const roles = (p: Page) =>
  p.evaluate(
    (dvipas) =>
      [...document.querySelectorAll('[aria-label^="TCP/IP stack "]')].map((el) => {
        const rs = [...el.querySelectorAll('.role')].filter((r) =>
          dvipas.some((d) => r.textContent?.includes(d)),
        );
        return `${el.getAttribute('aria-label')}: ${rs.map((r) => r.textContent?.trim()).join(' | ')}`;
      }),
    [DVA1, DVB1],
  );
const waitRole = (p: Page, name: string, dvipa: string, re: RegExp, timeout = 30_000) =>
  p.waitForFunction(
    ([n, d, src]) => {
      const el = [...document.querySelectorAll(`[aria-label="TCP/IP stack ${n}"] .role`)].find((e) =>
        e.textContent?.includes(d!),
      );
      return !!el && new RegExp(src!).test(el.querySelector('.role-text')?.textContent ?? '');
    },
    [name, dvipa, re.source],
    { timeout },
  );
const waitReadyAt = (p: Page, event: number, timeout = 30_000) =>
  p.waitForFunction(
    (e) =>
      Number(document.querySelector('[data-testid="event-index"]')?.textContent) === e &&
      !document.querySelector('.activity'),
    event,
    { timeout },
  );
const inspectorText = (p: Page) => p.getByLabel('Packet inspector').innerText();

describe('share, restore, bad links, import/export', () => {
  let s: Session;
  const t0 = Date.now();

  beforeAll(async () => {
    s = await openApp('/');
    await waitRole(s.page, 'MVS1', DVA1, /^routing/);
  });
  afterAll(async () => {
    await s?.close();
    console.log(`ui-share: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  let shared = { url: '', fp: '', event: 0, roles: [] as string[], inspector: '', record: '' };

  it('kills MVS1 by drag, steps, selects a packet and shares the link', async () => {
    const p = s.page;
    const from = (await p.getByRole('article', { name: 'TCP/IP stack MVS1' }).boundingBox())!;
    const to = (await p.getByTestId('kill-zone').boundingBox())!;
    await p.mouse.move(from.x + from.width / 2, from.y + 12);
    await p.mouse.down();
    for (let i = 1; i <= 10; i++)
      await p.mouse.move(
        from.x + from.width / 2 + ((to.x + to.width / 2 - from.x - from.width / 2) * i) / 10,
        from.y + 12 + ((to.y + to.height / 2 - from.y - 12) * i) / 10,
      );
    await p.mouse.up();
    await waitRole(p, 'MVS1', DVA1, /^down$/, 20_000);
    for (let i = 0; i < 25; i++) await p.getByRole('button', { name: 'Step one event' }).click();
    await p.getByRole('button', { name: 'Step to the next packet' }).click();
    await p.waitForFunction(() => !document.querySelector('.activity'));
    // MVS5's VCRT open in the node panel: the link keeps the table open there too.
    await p.getByRole('article', { name: 'TCP/IP stack MVS5' }).click();
    await p.getByRole('tablist', { name: 'Tables of MVS5' }).getByRole('tab', { name: 'VCRT' }).click();
    const row = p.locator('.event-row.has-frame').last();
    const event = Number(await row.getAttribute('data-event'));
    shared.record = (await row.getAttribute('data-index')) ?? '';
    await row.click();
    await waitReadyAt(p, event + 1);
    await p.getByLabel('Packet inspector').locator('.layer[data-protocol="IPv4"]').waitFor();
    shared = {
      ...shared,
      fp: (await fingerprint(p)) ?? '',
      event: await eventIndex(p),
      roles: await roles(p),
      inspector: await inspectorText(p),
    };
    expect(shared.roles.join('\n')).toContain('MVS1');
    await p.getByRole('button', { name: 'Share' }).click();
    const field = p.getByLabel('Share link URL');
    shared.url = await field.inputValue();
    expect(shared.url).toMatch(/#s1=[A-Za-z0-9_-]+$/);
    expect(new URL(shared.url).hash).toBe(await p.evaluate(() => location.hash));
    await screenshot(p, 'share-1-link');
  });

  it('opens the link in a fresh browser: same fingerprint, roles and selected packet', async () => {
    const u = new URL(shared.url);
    const t = await openApp(u.pathname + u.hash);
    try {
      await waitReadyAt(t.page, shared.event);
      await t.page.getByLabel('Packet inspector').locator('.layer[data-protocol="IPv4"]').waitFor();
      expect(await fingerprint(t.page)).toBe(shared.fp);
      expect(await roles(t.page)).toEqual(shared.roles);
      expect(await inspectorText(t.page)).toBe(shared.inspector);
      expect(await t.page.locator('.event-row.selected').getAttribute('data-index')).toBe(shared.record);
      await screenshot(t.page, 'share-2-restored');
      await t.page
        .getByRole('tablist', { name: 'Detail panels' })
        .getByRole('tab', { name: 'Node MVS5' })
        .click();
      const tables = t.page.getByRole('tablist', { name: 'Tables of MVS5' });
      expect(await tables.getByRole('tab', { selected: true }).innerText()).toBe('VCRT');

      // Broken links, in the same fresh browser: garbage, then the real link cut short.
      for (const [name, hash] of [
        ['garbage', '#s1=garbage'],
        ['truncated', u.hash.slice(0, Math.floor(u.hash.length * 0.6))],
        ['unknown-preset', '?preset=nope'],
      ] as const) {
        await t.page.goto('about:blank');
        await t.page.goto(new URL(`/${hash}`, shared.url).toString());
        const banner = t.page.getByRole('alert', { name: 'Input problem' });
        await banner.waitFor();
        expect(await banner.innerText()).toMatch(
          name === 'unknown-preset' ? /\?preset: no preset is named "nope"/ : /url(\.data)?[ :(]/,
        );
        await screenshot(t.page, `share-3-bad-link-${name}`);
      }
      await t.page.getByRole('button', { name: 'Open the default preset' }).click();
      await waitRole(t.page, 'MVS1', DVA1, /^routing/);
      expect(await t.page.getByRole('alert', { name: 'Input problem' }).count()).toBe(0);
      expect(await t.page.evaluate(() => location.hash)).toBe('');
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('exports the scenario and imports it again: same fingerprint', async () => {
    const p = s.page;
    const [dl] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export scenario' }).click(),
    ]);
    const json = readFileSync((await dl.path())!, 'utf8');
    expect(JSON.parse(json).format).toBe('sysplex-ipsec-emulator');
    // The capture for Wireshark: the pcap downloads, the key files are listed beside it.
    const [pcap] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export capture' }).click(),
    ]);
    const bytes = readFileSync((await pcap.path())!);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
    const files = p.getByRole('list', { name: 'Capture files' });
    expect(await files.locator('a').allInnerTexts()).toEqual([
      'figure9.pcap',
      'esp_sa',
      'ikev2_decryption_table',
    ]);
    await screenshot(p, 'share-4a-capture');
    await p.getByRole('button', { name: 'Close Capture for Wireshark' }).click();
    // Somewhere else first, so the import has to replay its way back.
    await p.getByRole('button', { name: 'Presets' }).click();
    await p.getByRole('button', { name: 'Open preset Figure 9 — no-recovery' }).click();
    await p.waitForFunction(() =>
      document.querySelector('[data-testid="scenario-title"]')?.textContent?.includes('no-recovery'),
    );
    await waitRole(p, 'MVS1', DVA1, /^routing/);
    expect(await p.evaluate(() => location.search)).toBe('?preset=figure9-no-recovery');
    await p.getByLabel('Import scenario file').setInputFiles({
      name: 'exported.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json),
    });
    await waitReadyAt(p, shared.event);
    expect(await fingerprint(p)).toBe(shared.fp);
    // A broken file: the banner, and the run underneath keeps going.
    await p.getByLabel('Import scenario file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json.slice(0, 200)),
    });
    const banner = p.getByRole('alert', { name: 'Input problem' });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('broken.json');
    await screenshot(p, 'share-4-bad-import');
    expect(s.errors).toEqual([]);
  });

  it('shows the gallery, and the editor: live profile diagnostics, refuses an invalid scenario, applies a valid one', async () => {
    const p = s.page;
    await p.getByRole('button', { name: 'Dismiss the input problem' }).click();
    await p.getByRole('button', { name: 'Presets' }).click();
    await p.getByRole('list', { name: 'Figure 9 comparison modes' }).waitFor();
    await screenshot(p, 'share-5-gallery');
    await p.getByRole('button', { name: 'Close Presets' }).click();

    await p.getByRole('button', { name: 'Edit scenario' }).click();
    const profile = p.getByLabel('TCP/IP profile of MVS1');
    await profile.fill(`${await profile.inputValue()}\nVIPADYNAMIC BOGUS 1.2.3\n`);
    const diags = p.getByRole('list', { name: 'Diagnostics of MVS1' });
    await diags.locator('.diag').first().waitFor();
    expect(await diags.innerText()).toMatch(/\d+:\d+ (error|warning)/);
    await p.getByLabel('Seed').fill('12x');
    await p.getByRole('button', { name: 'Apply' }).click();
    const problems = p.getByRole('alert', { name: 'Scenario problems' });
    await problems.waitFor();
    expect(await problems.innerText()).toContain(
      'Seed: a whole number from 0 to 4,294,967,295 is expected (got “12x”)',
    );
    expect(await problems.innerText()).toMatch(/TCP\/IP profile of MVS1 \d+:\d+: /);
    await screenshot(p, 'share-6-editor');

    // A valid edit: the original profile, another seed; the run restarts with it.
    await p.getByRole('button', { name: 'Cancel' }).click();
    await p.getByRole('button', { name: 'Edit scenario' }).click();
    await p.getByLabel('Seed').fill('4242');
    await p.getByRole('button', { name: 'Apply' }).click();
    await p.getByRole('alert', { name: 'Scenario problems' }).waitFor({ state: 'detached' });
    // The imported scenario holds the drag's kill: run the new run on to the takeover, and MVS1
    // is down there again.
    await p.waitForFunction(
      (fp) => {
        const f = document.querySelector('[data-testid="fingerprint"]')?.getAttribute('data-fingerprint');
        return !!f && f !== fp;
      },
      shared.fp,
      { timeout: 20_000 },
    );
    await p.getByLabel('Phase to run to').selectOption('takeover-complete');
    await p.getByRole('button', { name: 'Run to phase' }).click();
    await waitRole(p, 'MVS1', DVA1, /^down$/);
    expect(s.errors).toEqual([]);
  });
});
