import { describe, expect, it } from 'vitest';
import type { PeerConfig } from '../nodes/peer/kind';
import type { StackView } from '../nodes/stack/views';
import { InProcessRuntime } from '../runtime/in-process';
import { ScenarioRun } from '../runtime/scenario-run';
import type { TraceRecord, World } from '../sim/types';
import { IPPROTO } from '../wire/ipproto';
import { decodeIpv4 } from '../wire/ipv4';
import { figure9 } from './presets/figure9';
import type { Scenario } from './types';
import { buildWorld } from './world';

// Sysplex-wide IPsec in the Figure 9 preset, run for real: IKEv2 between the client and the
// routing stacks, ESP on the network, GRE in clear inside the sysplex, recovery records in the CF.

type Ipsec = StackView['ipsec'];
type ClientMetrics = {
  connectionsAlive: number;
  connectionsFailed: number;
  connectionsEstablished: number;
  responsesVerified: number;
  mismatches: number;
  duplicates: number;
  outOfOrder: number;
  bytesUnanswered: number;
};
type CfState = {
  structure: {
    entries: Record<
      string,
      {
        owner: number;
        phase1: Record<string, unknown>;
        phase2: Record<string, { inboundSpi: string; phase1Id: string }>;
      }
    >;
  };
};

async function run(sc: Scenario, until: number) {
  const r = new ScenarioRun(new InProcessRuntime(undefined, { traceLimit: 1_000_000 }));
  await r.load(sc);
  await r.run({ time: until });
  return r;
}
const view = async <T>(r: ScenarioRun, id: string) => (await r.runtime.view(id)).state as T;
const protoOf = (rec: TraceRecord) =>
  rec.frame
    ? decodeIpv4(rec.frame).ok
      ? (decodeIpv4(rec.frame) as { value: { protocol: number } }).value.protocol
      : -1
    : -1;
const DVA1 = String(0xcb00710b);

/** The CF's DVA1 entry against the owner's installed inbound SPIs for DVA1. */
async function cfMatchesOwner(r: ScenarioRun, owner: string, ownerXcf: number) {
  const cf = await view<CfState>(r, 'CF');
  const e = cf.structure.entries[DVA1]!;
  const ipsec = (await view<StackView>(r, owner)).ipsec as Ipsec;
  const inbound = ipsec.phase2
    .filter((x) => x.dir === 'in' && x.local === '203.0.113.11')
    .map((x) => x.spi)
    .sort();
  const recorded = Object.values(e.phase2)
    .map((x) => x.inboundSpi)
    .sort();
  // Every phase 2 record is correlated with a phase 1 record that is there.
  for (const p2 of Object.values(e.phase2)) expect(e.phase1[p2.phase1Id]).toBeDefined();
  return { owner: e.owner === ownerXcf, inbound, recorded, phase1: Object.keys(e.phase1).length };
}

describe('Figure 9 over IPsec', () => {
  it('negotiates with IKE, sends ESP on the network and GRE in clear inside the sysplex, and every byte comes back', async () => {
    const r = await run(figure9, 1_500_000);
    const recs = r.runtime.records().filter((x) => x.kind === 'frame');
    const onNet = recs.filter((x) => x.link?.startsWith('net:') && protoOf(x) !== IPPROTO.UDP);
    expect(onNet.length).toBeGreaterThan(100);
    expect(onNet.every((x) => protoOf(x) === IPPROTO.ESP)).toBe(true); // no TCP in clear outside
    const onXcf = recs.filter((x) => x.link?.startsWith('xcf:') && protoOf(x) === IPPROTO.GRE);
    expect(onXcf.length).toBeGreaterThan(50);
    expect(recs.some((x) => x.link?.startsWith('xcf:') && protoOf(x) === IPPROTO.TCP)).toBe(false);
    const notes = r.runtime.records().map((x) => `${x.node}: ${x.summary}`);
    expect(
      notes.some((n) =>
        /^MVS1: IKE phase 1 SA \w+ established with 198\.51\.100\.7 for 203\.0\.113\.11/.test(n),
      ),
    ).toBe(true);
    expect(
      notes.some((n) => /^MVS2: connection 198\.51\.100\.7:\d+ → 203\.0\.113\.11:60 uses IPsec/.test(n)),
    ).toBe(true);
    for (const c of (await view<{ clients: ClientMetrics[] }>(r, 'Client')).clients) {
      expect(c.connectionsAlive).toBe(4);
      expect(c.responsesVerified).toBeGreaterThan(30);
      expect([c.mismatches, c.duplicates, c.outOfOrder, c.bytesUnanswered]).toEqual([0, 0, 0, 0]);
    }
    // Targets hold no SA: all ESP work is at the routing stacks (Fig. 4).
    expect(((await view<StackView>(r, 'MVS2')).ipsec as Ipsec).phase2).toEqual([]);
  });

  it('keeps exactly the owner’s SAs in the CF, through takeover (new SPIs from MVS5) and takeback', async () => {
    const sc: Scenario = {
      ...figure9,
      faults: [
        { atUs: 1_000_000, node: 'MVS1', action: 'kill' },
        { atUs: 3_000_000, node: 'MVS1', action: 'restart' },
      ],
    };
    const r = new ScenarioRun(new InProcessRuntime());
    await r.load(sc);
    await r.run({ time: 900_000 });
    const before = await cfMatchesOwner(r, 'MVS1', 0x0aff0001);
    expect(before).toMatchObject({ owner: true, phase1: 1 });
    expect(before.recorded).toEqual(before.inbound);
    expect(before.recorded).toHaveLength(1);

    await r.run({ time: 2_900_000 });
    const after = await cfMatchesOwner(r, 'MVS5', 0x0aff0005);
    expect(after).toMatchObject({ owner: true, phase1: 1 });
    expect(after.recorded).toEqual(after.inbound);
    expect(after.recorded).not.toEqual(before.recorded); // renegotiated: new SPIs, old records gone

    await r.run({ time: 5_000_000 });
    const back = await cfMatchesOwner(r, 'MVS1', 0x0aff0001);
    expect(back).toMatchObject({ owner: true, phase1: 1 });
    expect(back.recorded).toEqual(back.inbound);
    // MVS5 gave DVA1 back and deleted its tunnels for it; the client holds only the current SAs.
    expect(
      ((await view<StackView>(r, 'MVS5')).ipsec as Ipsec).phase2.filter((x) => x.local === '203.0.113.11'),
    ).toEqual([]);
    const client = (await view<{ ipsec: Ipsec }>(r, 'Client')).ipsec;
    const toDva1 = client.phase2
      .filter((x) => x.remote === '203.0.113.11' && x.dir === 'out')
      .map((x) => x.spi);
    expect(toDva1).toEqual(back.recorded.map(() => expect.any(String)));
  });

  it('refuses a peer with the wrong pre-shared key: AUTHENTICATION_FAILED, no SA, no connection', async () => {
    const world: World = buildWorld(figure9);
    const client = world.actors.find((a) => a.id === 'Client')!;
    const cfg = client.config as PeerConfig;
    client.config = { ...cfg, ipsec: { ...cfg.ipsec!, psk: 'not-the-sysplex-key' } };
    const rt = new InProcessRuntime();
    await rt.load(world);
    await rt.run({ time: 1_500_000 });
    const notes = rt.records().map((x) => `${x.node}: ${x.summary}`);
    expect(notes.some((n) => n.startsWith('MVS1: IKE AUTHENTICATION_FAILED with 198.51.100.7'))).toBe(true);
    expect(notes.some((n) => n.startsWith('Client: IKE AUTHENTICATION_FAILED with 203.0.113.11'))).toBe(true);
    expect(((await rt.view('MVS1')).state as StackView).ipsec.phase2).toEqual([]);
    expect(((await rt.view('Client')).state as { ipsec: Ipsec }).ipsec.phase2).toEqual([]);
    const m = ((await rt.view('Client')).state as { clients: ClientMetrics[] }).clients;
    expect(m.map((c) => c.connectionsEstablished)).toEqual([0, 0]);
  });

  it('drops and counts tampered packets, and TCP still delivers every byte', async () => {
    const world: World = buildWorld(figure9);
    world.links.find((l) => l.id === 'net:Client')!.faults = { corrupt: 0.05 };
    const rt = new InProcessRuntime();
    await rt.load(world);
    await rt.run({ time: 3_000_000 });
    const drops = {
      ...((await rt.view('MVS1')).state as StackView).drops,
      ...((await rt.view('MVS5')).state as StackView).drops,
    };
    const clientDrops = ((await rt.view('Client')).state as { drops: Record<string, number> }).drops;
    const all = Object.entries({ ...drops, ...clientDrops });
    expect(all.some(([k, n]) => k === 'esp-icv-failed' && n > 0)).toBe(true);
    expect(rt.records().some((x) => x.kind === 'corrupt')).toBe(true);
    for (const c of ((await rt.view('Client')).state as { clients: ClientMetrics[] }).clients) {
      expect(c.responsesVerified).toBeGreaterThan(50);
      expect([c.mismatches, c.duplicates, c.outOfOrder]).toEqual([0, 0, 0]);
    }
  });
});

describe('comparison modes on the same workload (kill MVS1 at 1 s)', () => {
  const faults: Scenario['faults'] = [{ atUs: 1_000_000, node: 'MVS1', action: 'kill' }];
  const dva1 = async (mode: Scenario['mode']) => {
    const r = await run({ ...figure9, mode, faults }, 3_000_000);
    const c = (await view<{ clients: ClientMetrics[] }>(r, 'Client')).clients[0]!;
    const mvs5 = await view<StackView>(r, 'MVS5');
    const records = r.runtime.records();
    return { c, drops: mvs5.drops, recs: records.map((x) => x.summary), records };
  };

  it('default: MVS5 renegotiates from the CF and the connections on MVS2 and MVS4 go on', async () => {
    const { c, recs } = await dva1('default');
    expect(
      recs.some((s) =>
        /^phase takeover-complete 203\.0\.113\.11 MVS5: .* 1 SA set\(s\) renegotiated/.test(s),
      ),
    ).toBe(true);
    expect([c.connectionsAlive, c.connectionsFailed]).toEqual([2, 2]); // the two on MVS1 itself died with it
  });

  it('no-recovery: without CF records the peer keeps sending on SAs nobody holds', async () => {
    const { c, drops, records } = await dva1('no-recovery');
    expect(drops['esp-unknown-spi']).toBeGreaterThan(10);
    // Each discard is a 'drop' record (what the event list's drop filter shows), one per count.
    const unknownSpi = records.filter(
      (r) => r.node === 'MVS5' && r.summary.startsWith('drop (esp-unknown-spi): '),
    );
    expect(unknownSpi.length).toBe(drops['esp-unknown-spi']);
    expect(records.filter((r) => r.summary.startsWith('drop (')).every((r) => r.kind === 'drop')).toBe(true);
    expect(c.bytesUnanswered).toBeGreaterThan(0);
  });

  it('not-distributed: every IPsec connection sat on MVS1 and died with it', async () => {
    const { c } = await dva1('not-distributed');
    expect([c.connectionsAlive, c.connectionsFailed]).toEqual([0, 4]);
  });
});
