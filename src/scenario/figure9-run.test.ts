import { beforeAll, describe, expect, it } from 'vitest';
import type { StackView } from '../nodes/stack/views';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from './presets/figure9';
import { buildWorld } from './world';

// The source's narrative for Figure 9 (DESIGN.md §3), run for real: every packet through the
// stacks, the CF, the router and the client, without IPsec.

type ClientView = {
  clients: {
    name: string;
    connectionsAlive: number;
    connectionsFailed: number;
    responsesVerified: number;
    mismatches: number;
    duplicates: number;
    outOfOrder: number;
    bytesUnanswered: number;
    servers: Record<string, number>;
  }[];
};

async function started(until = 1_000_000) {
  const rt = new InProcessRuntime();
  await rt.load(buildWorld(figure9));
  await rt.run({ time: until });
  return rt;
}
const stack = async (rt: InProcessRuntime, id: string) => (await rt.view(id)).state as StackView;
const client = async (rt: InProcessRuntime) => ((await rt.view('Client')).state as ClientView).clients;
const summaries = (rt: InProcessRuntime) => rt.records().map((r) => `${r.node}: ${r.summary}`);
const dpt = (v: StackView, dest: string) =>
  v.vdpt.filter((r) => r.dest === dest).map((r) => `${r.destXcf} rdy${r.rdy}`);

describe('Figure 9: initialisation and distribution', () => {
  let rt: InProcessRuntime;
  beforeAll(async () => {
    rt = await started();
  });

  it('MVS2 and MVS4 (and MVS1 itself) become current actual targets of DVA1:60', async () => {
    expect(dpt(await stack(rt, 'MVS1'), '203.0.113.11..60')).toEqual([
      '10.255.0.1 rdy1',
      '10.255.0.2 rdy1',
      '10.255.0.4 rdy1',
    ]);
  });

  it('MVS3 disregards DVIPA_list_1, MVS5 stores it as backup of DVA1', async () => {
    expect(summaries(rt)).toContain(
      'MVS3: MVS3 is not a target of 203.0.113.11: disregards the VIPA list of MVS1',
    );
    expect((await stack(rt, 'MVS3')).vipadyn.map((r) => r.ipAddr)).toEqual(['203.0.113.21']);
    const mvs5 = (await stack(rt, 'MVS5')).vipadyn.find((r) => r.ipAddr === '203.0.113.11');
    expect(mvs5).toMatchObject({ status: 'BACKUP', origination: 'VIPABACKUP', owner: 'MVS1' });
  });

  it('every stack adds DVB1 for DESTIP ALL, and those running APP B become its targets', async () => {
    for (const id of ['MVS1', 'MVS2', 'MVS3', 'MVS4'])
      expect((await stack(rt, id)).vipadyn.find((r) => r.ipAddr === '203.0.113.21')).toMatchObject({
        status: 'ACTIVE',
        distStat: 'DEST',
        owner: 'MVS5',
      });
    expect(dpt(await stack(rt, 'MVS5'), '203.0.113.21..60')).toEqual([
      '10.255.0.2 rdy1',
      '10.255.0.3 rdy1',
      '10.255.0.5 rdy1',
    ]);
  });

  it('the router learns DVA1 from MVS1 and DVB1 from MVS5', () => {
    expect(summaries(rt)).toContain('Router: route 203.0.113.11 via stack:MVS1 (RIP from 203.0.113.1)');
    expect(summaries(rt)).toContain('Router: route 203.0.113.21 via stack:MVS5 (RIP from 203.0.113.5)');
  });

  it('spreads the client connections round-robin and every reply byte checks out', async () => {
    const [a, b] = await client(rt);
    expect(a!.servers).toEqual({ 'APP A@MVS1': 2, 'APP A@MVS2': 1, 'APP A@MVS4': 1 });
    expect(b!.servers).toEqual({ 'APP B@MVS2': 2, 'APP B@MVS3': 1, 'APP B@MVS5': 1 });
    for (const c of [a!, b!]) {
      expect(c.connectionsAlive).toBe(4);
      expect(c.responsesVerified).toBeGreaterThan(20);
      expect([c.mismatches, c.duplicates, c.outOfOrder]).toEqual([0, 0, 0]);
    }
    const mvs1 = await stack(rt, 'MVS1');
    expect(
      mvs1.vcrt.rows
        .filter((r) => !r.local)
        .map((r) => r.destXcf)
        .sort(),
    ).toEqual(['10.255.0.2', '10.255.0.4']);
  });
});

describe('Figure 9: MVS1 fails and comes back (no IPsec yet)', () => {
  it('MVS5 takes DVA1 over with its own distribution; the connections on MVS2 and MVS4 survive takeover and takeback', async () => {
    const rt = await started();
    await rt.inject({ type: 'control', node: 'MVS1', action: 'kill' });
    await rt.run({ time: 3_000_000 });
    expect(summaries(rt)).toContain(
      'MVS5: takeover: MVS5 takes DVIPA 203.0.113.11 over from MVS1 (backup rank 10)',
    );
    const mvs5 = await stack(rt, 'MVS5');
    expect(dpt(mvs5, '203.0.113.11..60')).toEqual(['10.255.0.2 rdy1', '10.255.0.3 rdy0', '10.255.0.4 rdy1']);
    expect(
      mvs5.vcrt.rows
        .filter((r) => r.dest === '203.0.113.11..60')
        .map((r) => r.destXcf)
        .sort(),
    ).toEqual(['10.255.0.2', '10.255.0.4']);
    let [a] = await client(rt);
    // The two connections served by MVS1's own APP A died with it and were reset; the others live.
    expect([a!.connectionsAlive, a!.connectionsFailed]).toEqual([2, 2]);
    const verifiedAfterTakeover = a!.responsesVerified;

    await rt.inject({ type: 'control', node: 'MVS1', action: 'restart' });
    await rt.run({ time: 5_000_000 });
    expect(summaries(rt)).toContain('MVS5: takeback: MVS5 gives DVIPA 203.0.113.11 back to MVS1');
    const mvs1 = await stack(rt, 'MVS1');
    expect(mvs1.vipadyn.find((r) => r.ipAddr === '203.0.113.11')).toMatchObject({
      status: 'ACTIVE',
      owner: 'MVS1',
    });
    expect(
      mvs1.vcrt.rows
        .filter((r) => !r.local)
        .map((r) => r.destXcf)
        .sort(),
    ).toEqual(['10.255.0.2', '10.255.0.4']);
    expect((await stack(rt, 'MVS5')).vdpt.filter((r) => r.dest.startsWith('203.0.113.11'))).toEqual([]);
    [a] = await client(rt);
    expect(a!.connectionsAlive).toBe(2);
    expect(a!.responsesVerified).toBeGreaterThan(verifiedAfterTakeover + 20);
    expect([a!.mismatches, a!.duplicates, a!.outOfOrder]).toEqual([0, 0, 0]);
  });

  it('is deterministic: the same scenario and seed give the same fingerprint', async () => {
    const a = await started(600_000);
    const b = await started(600_000);
    expect(a.status().fingerprint).toBe(b.status().fingerprint);
    expect(a.status().eventIndex).toBeGreaterThan(500);
  });
});

describe('Figure 9 on lossy links', () => {
  it('still delivers every application byte in order exactly once (TCP retransmission, PRNG faults)', async () => {
    const world = buildWorld(figure9);
    for (const l of world.links)
      if (l.id === 'net:Client' || l.id.startsWith('xcf:'))
        l.faults = { loss: 0.08, delay: 0.1, delayMaxUs: 3_000 };
    const rt = new InProcessRuntime();
    await rt.load(world);
    await rt.run({ time: 4_000_000 });
    expect(rt.records().filter((r) => r.kind === 'lost').length).toBeGreaterThan(20);
    for (const c of await client(rt)) {
      expect(c.responsesVerified).toBeGreaterThan(60);
      expect([c.mismatches, c.duplicates, c.outOfOrder]).toEqual([0, 0, 0]);
      expect(c.connectionsFailed).toBe(0);
    }
  });
});
