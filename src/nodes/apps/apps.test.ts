import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelFaults, type Host, ip, Net } from '../tcp/testing/channel';
import type { TcpConfig, TcpSegment } from '../tcp/types';
import { type ClientConfig, clientInit, clientMetrics } from './client';
import { type AppSet, appsInput, appsStart, appsTimer } from './host';
import { serverInit, serverStop } from './server';

// Client and server applications hosted on TCP tables over the seeded faulty channel.

const CLIENT = ip(198, 51, 100, 7);
const DVIPA = ip(203, 0, 113, 11);
const NAME = 'APP A@MVS2';

const TCP: Partial<TcpConfig> = {
  initialRtoUs: 100_000,
  minRtoUs: 20_000,
  maxRtoUs: 2_000_000,
  maxRetransmits: 15,
  timeWaitUs: 50_000,
};

function hostApps(net: Net, h: Host, apps: AppSet): void {
  h.input = (seg, now) => appsInput(apps, h.table, seg, now);
  h.timer = (key, now) => appsTimer(apps, h.table, key, now);
  net.at(0, () => net.apply(h, appsStart(apps, h.table, net.now)));
}

function world(seed: number, faults: ChannelFaults, client: Partial<ClientConfig>, tcp = TCP) {
  const net = new Net({ seed, latencyUs: 1000, faults });
  const ch = net.host('client', CLIENT, tcp, seed ^ 0x1234);
  const sh = net.host('server', DVIPA, { ...tcp, mss: 512 }, seed ^ 0x5678);
  const c = clientInit({
    name: 'client1',
    localAddr: CLIENT,
    firstPort: 50_000,
    server: { addr: DVIPA, port: 60 },
    connections: 4,
    startUs: 1000,
    staggerUs: 5000,
    requestSize: 300,
    requests: 10,
    intervalUs: 0,
    stopUs: null,
    ...client,
  });
  const s = serverInit({ name: NAME, addr: DVIPA, port: 60 });
  hostApps(net, ch, { servers: [], clients: [c] });
  hostApps(net, sh, { servers: [s], clients: [] });
  return { net, ch, sh, c, s };
}

const frameBytes = (size: number) => 8 + size;
const responseBytes = (size: number) => 8 + 1 + NAME.length + size;

describe('client and server', () => {
  it('answers and verifies every request on a clean channel; the metrics are exact', () => {
    const { net, c, s, ch, sh } = world(1, {}, {});
    net.run();
    const m = clientMetrics(c);
    expect(m).toEqual({
      connectionsOpened: 4,
      connectionsEstablished: 4,
      connectionsFailed: 0,
      connectionsClosed: 4,
      connectionsAlive: 0,
      requestsSent: 40,
      responsesReceived: 40,
      responsesVerified: 40,
      mismatches: 0,
      duplicates: 0,
      outOfOrder: 0,
      bytesSent: 40 * frameBytes(300),
      bytesReceived: 40 * responseBytes(300),
      bytesUnanswered: 0,
      bytesDuplicated: 0,
      servers: { [NAME]: 4 },
    });
    expect(s.metrics).toMatchObject({ connections: 4, open: 0, requests: 40, responses: 40, resets: 0 });
    expect(c.conns.map((x) => x.status)).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(ch.table.conns).toEqual({});
    expect(sh.table.conns).toEqual({});
    // Staggered starts: the SYNs leave 5 ms apart.
    expect(net.wire.filter((w) => /\[S\]/.test(w.summary)).map((w) => w.t)).toEqual([
      1000, 6000, 11000, 16000,
    ]);
  });

  it('pipelines requests at an interval until the stop time', () => {
    const { net, c } = world(2, {}, { requests: 0, intervalUs: 300, stopUs: 50_000, requestSize: 1000 });
    net.run();
    const m = clientMetrics(c);
    expect(m.requestsSent).toBeGreaterThan(4 * 100);
    expect(m.responsesVerified).toBe(m.requestsSent);
    expect(m.bytesUnanswered).toBe(0);
    expect(m.connectionsClosed).toBe(4);
    // Several requests were in flight at once on a connection (the interval is below the RTT).
    expect(m.outOfOrder).toBe(0);
  });

  it('over a faulty channel every request is answered and verified exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.record({
          loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
          dup: fc.double({ min: 0, max: 0.2, noNaN: true }),
          reorder: fc.double({ min: 0, max: 0.3, noNaN: true }),
          reorderUs: fc.integer({ min: 0, max: 5000 }),
          jitterUs: fc.integer({ min: 0, max: 1000 }),
        }),
        fc.integer({ min: 1, max: 1500 }),
        (seed, faults, size) => {
          const { net, c, s } = world(seed, faults, { requestSize: size, requests: 5, connections: 3 });
          net.run();
          const m = clientMetrics(c);
          expect(m.connectionsEstablished).toBe(3);
          expect(m.connectionsFailed).toBe(0);
          expect(m.requestsSent).toBe(15);
          expect(m.responsesVerified).toBe(15);
          expect(m.responsesReceived).toBe(15);
          expect([m.mismatches, m.duplicates, m.outOfOrder, m.bytesUnanswered, m.bytesDuplicated]).toEqual([
            0, 0, 0, 0, 0,
          ]);
          expect(m.bytesSent).toBe(15 * frameBytes(size));
          expect(m.bytesReceived).toBe(15 * responseBytes(size));
          expect(m.servers).toEqual({ [NAME]: 3 });
          expect(s.metrics.requests).toBe(15);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('carries the requests across a 2 s outage (a takeover) with nothing lost', () => {
    const faults = { outages: [{ from: 20_000, to: 2_020_000 }] };
    const { net, c } = world(3, faults, { requests: 0, intervalUs: 2000, stopUs: 3_000_000 });
    net.run();
    const m = clientMetrics(c);
    expect(net.wire.filter((w) => w.fate === 'lost').length).toBeGreaterThan(10);
    expect(m.responsesVerified).toBe(m.requestsSent);
    expect(m.requestsSent).toBeGreaterThan(1000);
    expect([m.bytesUnanswered, m.connectionsFailed, m.connectionsClosed]).toEqual([0, 0, 4]);
  });

  it('fails the connections with a clear reason when an outage outlasts the retransmissions', () => {
    const faults = { outages: [{ from: 30_000, to: 1_000_000_000 }] };
    const tcp = { ...TCP, maxRetransmits: 5 };
    const { net, c } = world(8, faults, { requests: 0, intervalUs: 2000, stopUs: 200_000 }, tcp);
    net.run();
    const m = clientMetrics(c);
    expect(c.conns.map((x) => x.failure)).toEqual(['aborted', 'aborted', 'aborted', 'aborted']);
    expect([m.connectionsFailed, m.connectionsAlive, m.connectionsClosed]).toEqual([4, 0, 0]);
    expect(m.bytesUnanswered).toBe((m.requestsSent - m.responsesVerified) * frameBytes(300));
    expect(m.bytesUnanswered).toBeGreaterThan(0);
    expect(m.mismatches + m.duplicates).toBe(0);
  });

  it('counts failed connections and lost bytes when the server resets them', () => {
    const { net, c, s, sh } = world(4, {}, { requests: 0, intervalUs: 1000, stopUs: null, requestSize: 100 });
    net.at(40_000, () => net.apply(sh, serverStop(s, sh.table, net.now, true)));
    net.run();
    const m = clientMetrics(c);
    expect(m.connectionsFailed).toBe(4);
    expect(m.connectionsAlive).toBe(0);
    expect(c.conns.map((x) => x.failure)).toEqual(['reset', 'reset', 'reset', 'reset']);
    expect(m.responsesVerified).toBeGreaterThan(50);
    // Requests still unanswered when the resets came are lost; nothing else is.
    expect(m.bytesUnanswered).toBe((m.requestsSent - m.responsesVerified) * frameBytes(100));
    expect(m.mismatches + m.duplicates).toBe(0);
  });

  it('reports connections refused when nothing listens', () => {
    const { net, c, s, sh } = world(5, {}, {});
    net.at(500, () => net.apply(sh, serverStop(s, sh.table, net.now)));
    net.run();
    const m = clientMetrics(c);
    expect(m.connectionsFailed).toBe(4);
    expect(c.conns.every((x) => x.failure === 'refused')).toBe(true);
    expect(m.requestsSent).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const f = { loss: 0.1, dup: 0.05, reorder: 0.1, reorderUs: 3000 };
    const a = world(9, f, {});
    const b = world(9, f, {});
    a.net.run();
    b.net.run();
    expect(a.net.wire).toEqual(b.net.wire);
    expect(clientMetrics(a.c)).toEqual(clientMetrics(b.c));
  });

  it('records which target answered each connection (a toy round-robin distributor)', () => {
    // Two targets share the DVIPA; the "routing stack" gives each new SYN to the next one and
    // keeps the choice per connection, as a CRT does.
    const crt: Record<string, number> = {};
    let next = 0;
    const route = (seg: TcpSegment, hosts: readonly Host[]) => {
      if (seg.dstAddr !== DVIPA) return hosts.find((h) => h.addr === seg.dstAddr);
      const k = `${seg.srcAddr}:${seg.srcPort}`;
      if (seg.flags.syn && !seg.flags.ack && !(k in crt)) crt[k] = 1 + (next++ % 2);
      return hosts[crt[k] ?? 1];
    };
    const net = new Net({ seed: 6, latencyUs: 1000, faults: { loss: 0.1 }, route });
    const ch = net.host('client', CLIENT, TCP, 1);
    const t1 = net.host('mvs1', DVIPA, TCP, 2);
    const t2 = net.host('mvs2', DVIPA, TCP, 3);
    const c = clientInit({
      name: 'c',
      localAddr: CLIENT,
      firstPort: 50_000,
      server: { addr: DVIPA, port: 60 },
      connections: 5,
      startUs: 0,
      staggerUs: 1000,
      requestSize: 64,
      requests: 3,
      intervalUs: 0,
      stopUs: null,
    });
    hostApps(net, ch, { servers: [], clients: [c] });
    hostApps(net, t1, { servers: [serverInit({ name: 'APP A@MVS1', addr: DVIPA, port: 60 })], clients: [] });
    hostApps(net, t2, { servers: [serverInit({ name: 'APP A@MVS2', addr: DVIPA, port: 60 })], clients: [] });
    net.run();
    const m = clientMetrics(c);
    expect(m.servers).toEqual({ 'APP A@MVS1': 3, 'APP A@MVS2': 2 });
    expect(c.conns.map((x) => x.server)).toEqual([
      'APP A@MVS1',
      'APP A@MVS2',
      'APP A@MVS1',
      'APP A@MVS2',
      'APP A@MVS1',
    ]);
    expect([m.responsesVerified, m.mismatches, m.bytesUnanswered]).toEqual([15, 0, 0]);
  });
});
