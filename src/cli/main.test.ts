import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportScenarioJson } from '../scenario/import-export';
import { figure9 } from '../scenario/presets/figure9';
import { scenarioDocument } from '../scenario/schema';

// The real command, spawned (slow: a few only). Argument errors are covered in parse-args.test.ts.
const root = resolve(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const emu = (...args: string[]) =>
  spawnSync(tsx, ['src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('npm run emu', () => {
  it('exits 2 with one line on stderr for a bad argument', () => {
    const r = emu('run', 'figure9', '--kill', 'MVS9@1s');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "emu: unknown node 'MVS9' in --kill MVS9@1s (nodes: MVS1, MVS2, MVS3, MVS4, MVS5, CF, Router, Client)\n",
    );
  }, 60_000);

  it('runs a preset with --json: one JSON object with the metrics', () => {
    const r = emu('run', 'figure9', '--until', '600ms', '--kill', 'MVS3@300ms', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.scenario).toMatchObject({ id: 'figure9', untilUs: 600_000 });
    expect(o.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(o.events).toBeGreaterThan(100);
    expect(o.owners).toEqual({ '203.0.113.11': ['MVS1'], '203.0.113.21': ['MVS5'] });
  }, 60_000);

  const dir = mkdtempSync(join(tmpdir(), 'emu-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the browser's exported document; refuses an invalid one with its places, exit 2", () => {
    const good = join(dir, 'figure9.json');
    writeFileSync(good, exportScenarioJson(scenarioDocument(figure9, { eventIndex: 99 })));
    const r = emu('run', good, '--until', '300ms', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scenario).toMatchObject({ id: 'figure9', untilUs: 300_000 });

    const bad = join(dir, 'bad.json');
    const workload = { ...figure9.workload, requestBytes: -1 };
    writeFileSync(bad, exportScenarioJson(scenarioDocument({ ...figure9, workload })));
    const b = emu('run', bad);
    expect(b.status).toBe(2);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(
      /^emu: .*bad\.json: scenario\.workload\.requestBytes \d+:\d+: must be a whole number from 1 to 65536 \(got -1\)\n$/,
    );
  }, 60_000);
});
