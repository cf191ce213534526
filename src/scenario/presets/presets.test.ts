import { describe, expect, it } from 'vitest';
import type { StackView } from '../../nodes/stack/views';
import { InProcessRuntime } from '../../runtime/in-process';
import { ScenarioRun } from '../../runtime/scenario-run';
import { parseScenario, scenarioDocument } from '../schema';
import { encodeShareHash } from '../share';
import type { Scenario } from '../types';
import { destipAll8 } from './destip-all-8';
import { hotStandby } from './hotstandby';
import { presetById, presets } from './index';
import { twoStack } from './two-stack';

// The gallery's presets: each validates, fits a link, and runs — every DVIPA with exactly one
// distributing owner and every client's replies verified.

type ClientRow = {
  name: string;
  connectionsAlive: number;
  connectionsFailed: number;
  responsesVerified: number;
  mismatches: number;
  servers: Record<string, number>;
};

async function run(sc: Scenario, timeUs = 1_500_000) {
  const r = new ScenarioRun(new InProcessRuntime());
  await r.load(sc);
  await r.run({ time: timeUs });
  const views = await r.runtime.views();
  const stacks = new Map(
    views
      .filter((v) => v.up && sc.stacks.some((s) => s.name === v.id))
      .map((v) => [v.id, v.state as StackView]),
  );
  const clients = views
    .filter((v) => sc.clients.some((c) => c.name === v.id))
    .flatMap((v) => (v.state as { clients: ClientRow[] }).clients);
  return { r, stacks, clients };
}

const dvipas = (sc: Scenario) => [...new Set(sc.clients.flatMap((c) => c.targets.map((t) => t.addr)))];

/** The live stacks that hold `dvipa` ACTIVE and distribute it. */
function owners(stacks: Map<string, StackView>, dvipa: string): string[] {
  return [...stacks]
    .filter(([, v]) =>
      v.vipadyn.some(
        (row) => row.ipAddr === dvipa && row.status === 'ACTIVE' && row.distStat.includes('DIST'),
      ),
    )
    .map(([name]) => name);
}

describe('presets', () => {
  it('are listed with Figure 9 first and unique ids', () => {
    expect(presets.map((p) => p.id)).toEqual(['figure9', 'two-stack', 'hotstandby', 'destip-all-8']);
    expect(presetById('hotstandby')).toBe(hotStandby);
  });

  it('every preset validates and fits a share link', () => {
    for (const p of presets) {
      expect(parseScenario(JSON.parse(JSON.stringify(p))), p.id).toEqual({ ok: true, value: p });
      expect(encodeShareHash(scenarioDocument(p)).length, p.id).toBeLessThan(2000);
    }
  });

  it('two stacks: MVS1 owns the DVIPA, both stacks serve, every reply checks out', async () => {
    const { stacks, clients } = await run(twoStack);
    expect(owners(stacks, '203.0.113.11')).toEqual(['MVS1']);
    const [c] = clients;
    expect(c!.servers).toEqual({ 'APP A@MVS1': 2, 'APP A@MVS2': 2 });
    expect([c!.connectionsAlive, c!.mismatches]).toEqual([4, 0]);
    expect(c!.responsesVerified).toBeGreaterThan(20);
  });

  it('two stacks: MVS2 takes the DVIPA over when MVS1 dies', async () => {
    const { stacks, clients } = await run(
      { ...twoStack, faults: [{ atUs: 500_000, node: 'MVS1', action: 'kill' }] },
      2_500_000,
    );
    expect(owners(stacks, '203.0.113.11')).toEqual(['MVS2']);
    expect(clients[0]!.connectionsAlive).toBe(2);
  });

  it('HOTSTANDBY: every connection goes to the PREFERRED target MVS2', async () => {
    const { stacks, clients } = await run(hotStandby);
    expect(owners(stacks, '203.0.113.11')).toEqual(['MVS1']);
    const [c] = clients;
    expect(c!.servers).toEqual({ 'APP A@MVS2': 4 });
    expect([c!.connectionsAlive, c!.mismatches]).toEqual([4, 0]);
    expect(c!.responsesVerified).toBeGreaterThan(20);
  });

  it('DESTIP ALL with 8 stacks: each of the three DVIPAs has one owner, connections spread', async () => {
    const { stacks, clients } = await run(destipAll8);
    expect(dvipas(destipAll8).map((d) => [d, owners(stacks, d)])).toEqual([
      ['203.0.113.11', ['MVS1']],
      ['203.0.113.12', ['MVS2']],
      ['203.0.113.13', ['MVS3']],
    ]);
    expect(clients).toHaveLength(4);
    for (const c of clients) {
      expect([c.connectionsAlive, c.connectionsFailed, c.mismatches], c.name).toEqual([4, 0, 0]);
      expect(c.responsesVerified, c.name).toBeGreaterThan(20);
      expect(Object.keys(c.servers).length, c.name).toBe(4);
    }
  });
});
