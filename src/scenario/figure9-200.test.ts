import { describe, expect, it } from 'vitest';
import type { StackView } from '../nodes/stack/views';
import { InProcessRuntime } from '../runtime/in-process';
import { ScenarioRun } from '../runtime/scenario-run';
import { figure9 } from './presets/figure9';
import type { Scenario } from './types';

// The headline run: Figure 9 with 200 IPsec connections (100 to DVA1:60, 100 to DVB1:60);
// MVS1 is killed, MVS5 takes DVA1 over; MVS1 restarts and takes it back. APP A also runs on MVS1
// itself (DESIGN.md §3), and a connection whose server dies with its stack cannot survive: exactly
// those fail. Every other connection lives through both moves with no byte lost, duplicated or
// reordered, and at the end the CF, the owner's SAD and the client's SAD agree.

type Client = {
  connectionsAlive: number;
  connectionsFailed: number;
  connectionsEstablished: number;
  responsesVerified: number;
  mismatches: number;
  duplicates: number;
  outOfOrder: number;
  bytesDuplicated: number;
  servers: Record<string, number>;
};
type Ipsec = StackView['ipsec'];
type Cf = {
  structure: {
    entries: Record<
      string,
      { owner: number; phase2: Record<string, { inboundSpi: string; outboundSpi: string }> }
    >;
  };
};

const sc: Scenario = {
  ...figure9,
  clients: figure9.clients.map((c) => ({ ...c, connections: 100 })),
  workload: { ...figure9.workload, staggerUs: 4_000, intervalUs: 250_000 },
  faults: [
    { atUs: 1_500_000, node: 'MVS1', action: 'kill' },
    { atUs: 3_500_000, node: 'MVS1', action: 'restart' },
  ],
};

describe('Figure 9 with 200 IPsec connections through a takeover and a takeback', () => {
  it('keeps every connection whose server survives, and ends with CF, SADs and peer SADs in agreement', async () => {
    const r = new ScenarioRun(new InProcessRuntime());
    await r.load(sc);
    const clients = async () => ((await r.runtime.view('Client')).state as { clients: Client[] }).clients;

    await r.run({ time: 1_400_000 });
    const [dva1Before, dvb1Before] = await clients();
    expect(dva1Before!.connectionsEstablished + dvb1Before!.connectionsEstablished).toBe(200);
    const onMvs1 = dva1Before!.servers['APP A@MVS1'] ?? 0;
    expect(onMvs1).toBeGreaterThan(0);

    await r.run({ time: 3_400_000 });
    const notes = r.runtime.records().map((x) => x.summary);
    expect(notes.some((s) => s.startsWith('phase takeover-complete 203.0.113.11 MVS5'))).toBe(true);
    let [dva1, dvb1] = await clients();
    expect(dva1!.connectionsFailed).toBe(onMvs1);
    expect(dva1!.connectionsAlive).toBe(100 - onMvs1);
    expect(dvb1!.connectionsAlive).toBe(100);
    const verifiedAtTakeover = dva1!.responsesVerified;

    await r.run({ time: 5_500_000 });
    expect(
      r.runtime.records().some((x) => x.summary.startsWith('phase takeback-complete 203.0.113.11 MVS1')),
    ).toBe(true);
    [dva1, dvb1] = await clients();
    expect(dva1!.connectionsAlive).toBe(100 - onMvs1);
    expect(dvb1!.connectionsAlive).toBe(100);
    expect(dva1!.responsesVerified).toBeGreaterThan(verifiedAtTakeover + 100);
    for (const c of [dva1!, dvb1!])
      expect([c.mismatches, c.duplicates, c.outOfOrder, c.bytesDuplicated]).toEqual([0, 0, 0, 0]);

    // CF ↔ owner SAD ↔ peer SAD, per DVIPA.
    const cf = (await r.runtime.view('CF')).state as Cf;
    const client = ((await r.runtime.view('Client')).state as { ipsec: Ipsec }).ipsec;
    for (const [owner, xcf, dvipa] of [
      ['MVS1', 0x0aff0001, '203.0.113.11'],
      ['MVS5', 0x0aff0005, '203.0.113.21'],
    ] as const) {
      const entry = Object.values(cf.structure.entries).find(
        (e) => e.owner === xcf && Object.keys(e.phase2).length > 0,
      )!;
      const stack = ((await r.runtime.view(owner)).state as StackView).ipsec;
      const inbound = stack.phase2.filter((x) => x.dir === 'in' && x.local === dvipa).map((x) => x.spi);
      const records = Object.values(entry.phase2);
      expect(records.map((x) => x.inboundSpi).sort()).toEqual([...inbound].sort());
      // The client sends on the owner's inbound SPI and receives on the owner's outbound one.
      const clientOut = client.phase2.filter((x) => x.dir === 'out' && x.remote === dvipa).map((x) => x.spi);
      const clientIn = client.phase2.filter((x) => x.dir === 'in' && x.remote === dvipa).map((x) => x.spi);
      expect(clientOut.sort()).toEqual(records.map((x) => x.inboundSpi).sort());
      expect(clientIn.sort()).toEqual(records.map((x) => x.outboundSpi).sort());
    }
  }, 120_000);
});
