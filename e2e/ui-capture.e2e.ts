import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Session } from './browser';

// The capture download after a takeover and a takeback, checked by Wireshark itself: the key files
// keep Wireshark's own names (no '.txt' added by the browser), every ESP frame verifies with the
// downloaded esp_sa (the shared oracle) and every encrypted IKEv2 message decrypts with the
// downloaded ikev2_decryption_table — the SAs of the crashed MVS1 and the takeover's included.

const DVA1 = '203.0.113.11';
const ORACLE = resolve(__dirname, '..', '..', 'shared', 'oracles', 'esp-wireshark-check.sh');
const tshark = spawnSync('tshark', ['--version']);
const haveTshark = !tshark.error && tshark.status === 0;

const waitRole = (p: Page, name: string, re: RegExp, timeout = 60_000) =>
  p.waitForFunction(
    ([n, d, src]) => {
      const el = [...document.querySelectorAll(`[aria-label="TCP/IP stack ${n}"] .role`)].find((e) =>
        e.textContent?.includes(d!),
      );
      return !!el && new RegExp(src!).test(el.querySelector('.role-text')?.textContent ?? '');
    },
    [name, DVA1, re.source],
    { timeout },
  );

async function act(p: Page, node: string, action: 'Kill' | 'Restart'): Promise<void> {
  await p.getByRole('button', { name: `Actions for ${node}` }).click();
  await p.getByRole('menuitem', { name: `${action} ${node}` }).click();
}

async function runToPhase(p: Page, phase: string): Promise<void> {
  await p.getByLabel('Phase to run to').selectOption(phase);
  await p.getByRole('button', { name: 'Run to phase' }).click();
}

describe('capture download after a takeover and a takeback', () => {
  let s: Session;
  const dir = mkdtempSync(join(tmpdir(), 'ui-capture-'));
  const files: Record<string, string> = {};

  beforeAll(async () => {
    s = await openApp('/');
    await waitRole(s.page, 'MVS1', /^routing/);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the pcap, esp_sa and ikev2_decryption_table under those names', async () => {
    const p = s.page;
    await p.getByLabel('Play speed').selectOption('max');
    await p.getByRole('button', { name: 'Play' }).click();
    await p.waitForFunction(() => Number(document.querySelector('[data-testid="alive"]')?.textContent) >= 8);
    await p.getByRole('button', { name: 'Pause' }).click();
    await act(p, 'MVS1', 'Kill');
    await waitRole(p, 'MVS1', /^down$/, 20_000);
    await runToPhase(p, 'takeover-complete');
    await waitRole(p, 'MVS5', /^routing/);
    await act(p, 'MVS1', 'Restart');
    await runToPhase(p, 'takeback-complete');
    await waitRole(p, 'MVS1', /^routing/);
    await waitRole(p, 'MVS5', /^backup/);

    // Saved under the name asked for, so the checks below run whatever the browser named them.
    const save = async (dl: Download, as: string) => {
      files[as] = join(dir, as);
      await dl.saveAs(files[as]);
      return dl.suggestedFilename();
    };
    const [pcap] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export capture' }).click(),
    ]);
    expect(await save(pcap, 'figure9.pcap')).toBe('figure9.pcap');
    const links = p.getByRole('list', { name: 'Capture files' }).locator('a');
    const names: string[] = [];
    for (const text of ['esp_sa', 'ikev2_decryption_table']) {
      const [dl] = await Promise.all([p.waitForEvent('download'), links.filter({ hasText: text }).click()]);
      names.push(await save(dl, text));
    }
    expect(names).toEqual(['esp_sa', 'ikev2_decryption_table']);
    expect(s.errors).toEqual([]);
  });

  it.skipIf(!haveTshark)('Wireshark verifies every ESP frame with the downloaded esp_sa', () => {
    const r = spawnSync('sh', [ORACLE, files['figure9.pcap']!, files.esp_sa!], { encoding: 'utf8' });
    const summary = r.stdout.trim().split('\n').at(-1) ?? '';
    console.log(`ui-capture oracle: ${summary}`);
    expect(summary).toMatch(/^(\d+) ESP frames, \1 verified, 0 not verified$/);
    expect(Number(summary.split(' ')[0])).toBeGreaterThan(300);
    expect(r.status).toBe(0);
  });

  it.skipIf(!haveTshark)('Wireshark decrypts every IKEv2 message with the downloaded table', () => {
    const conf = join(dir, 'ws');
    mkdirSync(conf);
    writeFileSync(join(conf, 'ikev2_decryption_table'), readFileSync(files.ikev2_decryption_table!));
    const r = spawnSync('tshark', ['-r', files['figure9.pcap']!, '-Y', 'isakmp', '-V'], {
      encoding: 'utf8',
      env: { ...process.env, WIRESHARK_CONFIG_DIR: conf },
    });
    expect(r.status).toBe(0);
    const encrypted = (r.stdout.match(/^\s+Encrypted Data \(\d+ bytes\) <AES-GCM/gm) ?? []).length;
    const decrypted = (r.stdout.match(/^\s+Decrypted Data \(\d+ bytes?\)/gm) ?? []).length;
    console.log(`ui-capture IKEv2: ${decrypted} of ${encrypted} encrypted messages decrypted`);
    // Three IKE SAs with IKE_AUTH each: at least 6 encrypted messages.
    expect(encrypted).toBeGreaterThanOrEqual(6);
    expect(decrypted).toBe(encrypted);
    expect(r.stdout).not.toMatch(/Malformed|Expert Info \(Error/);
  });

  if (!haveTshark)
    console.log(
      'ui-capture: tshark is missing, the Wireshark checks are skipped (apt-get install -y tshark)',
    );
});
