import { describe, expect, it } from 'vitest';
import { formatIpv4, parseProfile } from '../profile';
import { InProcessRuntime } from '../runtime/in-process';
import { checkRuntime } from '../runtime/invariants';
import { ScenarioRun } from '../runtime/scenario-run';
import {
  GENERATED_PORT,
  type GenerateOptions,
  generatedDvipa,
  generateSysplex,
  MAX_GENERATED_DVIPAS,
  MAX_GENERATED_STACKS,
} from './generate';
import { parseScenario, scenarioDocument } from './schema';
import { decodeShareHash, encodeShareHash } from './share';
import type { Scenario } from './types';

// The generator's largest sysplex (issue #10's shape): 32 stacks and 4 IPsec-protected DVIPAs.
// Its profiles parse without a single diagnostic, the document validates and survives a share
// link, and it runs: the first DVIPA's primary is killed and restarted, its highest-ranked backup
// takes the DVIPA over and gives it back, and the invariants hold after each move.

const opts = (seed: number, extra: Partial<GenerateOptions> = {}): GenerateOptions => ({
  stacks: 32,
  dvipas: 4,
  backupsPerDvipa: 3,
  clients: 1,
  connections: 1,
  ipsec: true,
  backupTargets: 'same-servers',
  seed,
  ...extra,
});
const big = (seed: number, extra: Partial<GenerateOptions> = {}): Scenario =>
  generateSysplex(opts(seed, extra));

describe('generateSysplex at its largest: 32 stacks, 4 DVIPAs', () => {
  it('caps at 32 stacks and 4 DVIPAs', () => {
    expect(MAX_GENERATED_STACKS).toBe(32);
    expect(MAX_GENERATED_DVIPAS).toBe(4);
    const sc = generateSysplex(opts(1, { stacks: 40, dvipas: 9 }));
    expect(sc.stacks).toHaveLength(32);
    expect(sc.ipsec?.protect).toHaveLength(4);
  });

  it('every profile parses without any diagnostic, whatever the distribution method and backups', () => {
    for (const [seed, extra] of [
      [1, {}],
      [2, { distMethod: 'mixed' as const }],
      [3, { distMethod: 'HOTSTANDBY' as const, backupsPerDvipa: 31 }],
      [4, { distMethod: 'WEIGHTEDACTIVE' as const, backupsPerDvipa: 31, backupTargets: 'any' as const }],
    ] as const) {
      const sc = big(seed, extra);
      expect(sc.stacks).toHaveLength(32);
      for (const s of sc.stacks) {
        const p = parseProfile(s.profile);
        expect(p.diagnostics, `${s.name}:\n${s.profile}`).toEqual([]);
        expect(formatIpv4(p.profile.dynamicXcf!.addr)).toBe(s.xcfAddr);
      }
      // Four DVIPAs, each defined once, with distinct backup ranks, served, protected and targeted.
      for (let k = 0; k < 4; k++) {
        const addr = generatedDvipa(k);
        const parsed = sc.stacks.map((s) => parseProfile(s.profile).profile);
        expect(parsed.filter((p) => p.vipaDefines.some((d) => formatIpv4(d.addr) === addr))).toHaveLength(1);
        const ranks = parsed.flatMap((p) =>
          p.vipaBackups.filter((b) => formatIpv4(b.addr) === addr).map((b) => b.rank),
        );
        expect(new Set(ranks).size).toBe(ranks.length);
        expect(ranks.length).toBe(
          extra.backupsPerDvipa === 31 ? sc.stacks.filter((s) => s.externalAddr).length - 1 : 3,
        );
        expect(sc.ipsec?.protect).toContainEqual({ dvipa: addr, port: GENERATED_PORT });
        expect(sc.clients[0]!.targets).toContainEqual({ addr, port: GENERATED_PORT });
      }
      expect(new Set(sc.stacks.map((s) => s.xcfAddr)).size).toBe(32);
    }
  });

  it('is a valid document and survives a share link', () => {
    const sc = big(5, { clients: 50, connections: 50 });
    const checked = parseScenario(JSON.parse(JSON.stringify(sc)));
    expect(checked.ok ? [] : checked.error).toEqual([]);
    const doc = scenarioDocument(sc, { eventIndex: 1234, selectedNode: 'MVS32' });
    const back = decodeShareHash(encodeShareHash(doc));
    expect(back.ok ? back.value : back.error).toEqual(doc);
  });

  it('runs a kill and a restart of the first DVIPA’s primary: takeover by the top backup, takeback', async () => {
    const base = big(10);
    const dva = generatedDvipa(0);
    const primary = base.stacks.find((s) =>
      parseProfile(s.profile).profile.vipaDefines.some((d) => formatIpv4(d.addr) === dva),
    )!;
    const top = base.stacks
      .flatMap((s) =>
        parseProfile(s.profile)
          .profile.vipaBackups.filter((b) => formatIpv4(b.addr) === dva)
          .map((b) => ({ name: s.name, rank: b.rank })),
      )
      .sort((a, b) => b.rank - a.rank)[0]!;
    expect(primary.name).toBe('MVS1');
    const sc: Scenario = {
      ...base,
      faults: [
        { atUs: 400_000, node: 'MVS1', action: 'kill' },
        { atUs: 1_400_000, node: 'MVS1', action: 'restart' },
      ],
    };
    const rt = new InProcessRuntime(undefined, { traceLimit: 10_000_000, checkpointEvery: 1_000_000 });
    const run = new ScenarioRun(rt);
    await run.load(sc);
    // Converged points: before the kill, after the takeover, after the takeback.
    for (const t of [350_000, 1_300_000, 2_200_000]) {
      await run.run({ time: t });
      expect(await checkRuntime(rt)).toEqual([]);
    }
    const moves = rt
      .records()
      .filter((r) => r.summary.startsWith('phase take') && r.summary.includes(` ${dva} `))
      .map((r) => r.summary.split(':')[0]);
    expect(moves).toEqual([
      `phase takeover-start ${dva} ${top.name}`,
      `phase takeover-complete ${dva} ${top.name}`,
      `phase takeback-start ${dva} MVS1`,
      `phase takeback-complete ${dva} MVS1`,
    ]);
    rt.dispose();
  }, 120_000);
});
