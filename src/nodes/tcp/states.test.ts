import { describe, expect, it } from 'vitest';
import { tcpConfig } from './config';
import { tcpInput } from './input';
import { rttSample } from './rtt';
import { flags } from './segment';
import { createTcpTable, tcpListen, tcpUnlisten } from './table';
import { newConn } from './tcb';
import { bulkTransfer, concat, pattern } from './testing/bulk';
import { type Host, ip, Net } from './testing/channel';
import { tcpTimer } from './timeout';
import type { TcpSegment } from './types';
import { tcpAbort, tcpClose, tcpConnect, tcpSend } from './user';
import { tcpView } from './view';

const A = ip(198, 51, 100, 7);
const B = ip(203, 0, 113, 11);

/** Two hosts with an established connection (client key, server key) at t = 3 ms. */
function established(seed = 1, faults = {}, timeWaitUs = 50_000) {
  const net = new Net({ seed, latencyUs: 1000, faults });
  const a = net.host('client', A, { timeWaitUs });
  const b = net.host('server', B, { timeWaitUs });
  net.apply(b, tcpListen(b.table, B, 60));
  const ck = net.apply(a, tcpConnect(a.table, { addr: A, port: 40000 }, { addr: B, port: 60 }, 100, 0)).conn!;
  net.run(3500);
  const sk = Object.keys(b.table.conns)[0]!;
  return { net, a, b, ck, sk };
}

const types = (h: Host) => h.events.map((e) => e.ev.type);
const state = (h: Host) => tcpView(h.table).conns.rows[0]?.state;

describe('closing (RFC 9293 §3.6)', () => {
  it('simultaneous close goes through CLOSING to TIME_WAIT on both sides', () => {
    const { net, a, b, ck, sk } = established();
    net.at(10_000, () => {
      net.apply(a, tcpClose(a.table, ck, net.now));
      net.apply(b, tcpClose(b.table, sk, net.now));
    });
    net.run(11_500);
    expect([state(a), state(b)]).toEqual(['CLOSING', 'CLOSING']);
    net.run(12_500);
    expect([state(a), state(b)]).toEqual(['TIME_WAIT', 'TIME_WAIT']);
    net.run();
    expect(types(a)).toEqual(['connected', 'peer-closed', 'closed']);
    expect(types(b)).toEqual(['connected', 'peer-closed', 'closed']);
    expect(net.now).toBe(12_000 + 50_000);
  });

  it('passive close: CLOSE_WAIT, LAST_ACK; the active side ACKs a retransmitted FIN in TIME_WAIT', () => {
    let lostOnce = false;
    // Lose the client's ACK of the server's FIN once.
    const drop = (s: TcpSegment) => {
      if (lostOnce || s.srcAddr !== A || s.flags.fin || s.ack !== finAck) return false;
      lostOnce = true;
      return true;
    };
    let finAck = -1;
    // TIME_WAIT outlasts the server's RTO (50 ms), so the second FIN finds it.
    const { net, a, b, ck, sk } = established(1, { drop }, 200_000);
    net.at(10_000, () => net.apply(a, tcpClose(a.table, ck, net.now)));
    net.run(11_500);
    expect([state(a), state(b)]).toEqual(['FIN_WAIT_1', 'CLOSE_WAIT']);
    net.run(12_500);
    expect(state(a)).toBe('FIN_WAIT_2');
    net.at(20_000, () => {
      finAck = b.table.conns[sk]!.sndNxt + 1;
      net.apply(b, tcpClose(b.table, sk, net.now));
    });
    net.run(20_500);
    expect(state(b)).toBe('LAST_ACK');
    net.run();
    expect(lostOnce).toBe(true);
    const finsFromServer = net.wire.filter((w) => w.from === 'server' && /\[AF/.test(w.summary));
    expect(finsFromServer).toHaveLength(2);
    expect(types(a)).toEqual(['connected', 'peer-closed', 'closed']);
    expect(types(b)).toEqual(['connected', 'peer-closed', 'closed']);
    expect(net.sent.some((s) => s.flags.rst)).toBe(false);
  });

  it('CLOSE in SYN_SENT just deletes; a second CLOSE is an error', () => {
    const t = createTcpTable();
    const k = tcpConnect(t, { addr: A, port: 1 }, { addr: B, port: 2 }, 0, 0).conn!;
    const r = tcpClose(t, k, 1);
    expect(r.events).toEqual([{ type: 'closed', conn: k }]);
    expect(r.timers).toEqual([{ op: 'cancel', key: `rto@${k}` }]);
    expect(tcpClose(t, k, 2).error).toBe('no-connection');
  });
});

describe('resets (RFC 9293 §3.10.7.4, RFC 5961)', () => {
  it('an RST exactly at RCV.NXT resets; one elsewhere in the window gets a challenge ACK', () => {
    const { b, sk } = established();
    const c = b.table.conns[sk]!;
    const rst = (seq: number): TcpSegment => ({
      srcAddr: A,
      dstAddr: B,
      srcPort: 40000,
      dstPort: 60,
      seq,
      ack: 0,
      flags: flags({ rst: true }),
      window: 0,
      payload: new Uint8Array(0),
    });
    const r1 = tcpInput(b.table, rst(c.rcvNxt + 10), 5000);
    expect(r1.events).toEqual([]);
    expect(r1.segments).toHaveLength(1);
    expect(r1.segments[0]!.flags).toEqual(flags({ ack: true }));
    expect(tcpInput(b.table, rst(c.rcvNxt + 100_000), 5000).segments).toEqual([]);
    const r2 = tcpInput(b.table, rst(c.rcvNxt), 5000);
    expect(r2.events).toEqual([{ type: 'reset', conn: sk, state: 'ESTABLISHED' }]);
    expect(b.table.conns).toEqual({});
  });

  it('ABORT sends RST; the peer reports reset', () => {
    const { net, a, b, ck } = established();
    net.at(10_000, () => {
      const r = net.apply(a, tcpAbort(a.table, ck, net.now));
      expect(r.events).toEqual([{ type: 'aborted', conn: ck, reason: 'user', retransmits: 0 }]);
    });
    net.run();
    expect(types(b)).toEqual(['connected', 'reset']);
    expect(a.table.conns).toEqual({});
    expect(b.table.conns).toEqual({});
  });

  it('a SYN in an established connection gets a challenge ACK, not a reset', () => {
    const { b, sk } = established();
    const c = b.table.conns[sk]!;
    const syn: TcpSegment = {
      srcAddr: A,
      dstAddr: B,
      srcPort: 40000,
      dstPort: 60,
      seq: c.rcvNxt,
      ack: 0,
      flags: flags({ syn: true }),
      window: 100,
      payload: new Uint8Array(0),
    };
    const r = tcpInput(b.table, syn, 9000);
    expect(r.segments.map((s) => s.flags)).toEqual([flags({ ack: true })]);
    expect(state(b)).toBe('ESTABLISHED');
  });
});

describe('handshake losses', () => {
  it('retransmits a lost SYN and a lost SYN-ACK', () => {
    const seen: boolean[] = [];
    const drop = (s: TcpSegment) => {
      if (!s.flags.syn || seen.includes(s.flags.ack)) return false;
      seen.push(s.flags.ack);
      return true;
    };
    const net = new Net({ seed: 1, latencyUs: 1000, faults: { drop } });
    const a = net.host('client', A);
    const b = net.host('server', B);
    const t = bulkTransfer(net, a, b, pattern(5000), { down: pattern(100) });
    net.run();
    expect(net.wire.filter((w) => w.fate === 'lost').map((w) => w.summary.match(/\[(\w+)\]/)![1])).toEqual([
      'S',
      'SA',
    ]);
    expect(concat(t.server.received)).toEqual(pattern(5000));
    expect([t.client.end, t.server.end]).toEqual(['closed', 'closed']);
  });

  it('a listener ignores a SYN once unlistened (RST instead)', () => {
    const t = createTcpTable();
    expect(tcpListen(t, 0, 60).error).toBeUndefined();
    expect(tcpListen(t, 0, 60).error).toBe('address-in-use');
    expect(tcpUnlisten(t, 0, 60).error).toBeUndefined();
    expect(tcpUnlisten(t, 0, 60).error).toBe('not-listening');
    const syn: TcpSegment = {
      srcAddr: A,
      dstAddr: B,
      srcPort: 1,
      dstPort: 60,
      seq: 7,
      ack: 0,
      flags: flags({ syn: true }),
      window: 100,
      payload: new Uint8Array(0),
    };
    expect(tcpInput(t, syn, 0).segments[0]).toMatchObject({
      seq: 0,
      ack: 8,
      flags: flags({ rst: true, ack: true }),
    });
  });
});

describe('user calls and timers', () => {
  it('reports errors as values', () => {
    const t = createTcpTable({ sndBuffer: 10 });
    expect(tcpSend(t, 'nope', new Uint8Array(1), 0).error).toBe('no-connection');
    const k = tcpConnect(t, { addr: A, port: 1 }, { addr: B, port: 2 }, 0, 0).conn!;
    expect(tcpConnect(t, { addr: A, port: 1 }, { addr: B, port: 2 }, 0, 0).error).toBe('connection-exists');
    const r = tcpSend(t, k, new Uint8Array(25), 0);
    expect(r.accepted).toBe(10);
    expect(r.segments).toEqual([]); // queued until established
    expect(tcpTimer(t, 'bogus', 0).error).toBe('bad-timer');
    expect(tcpTimer(t, `rto@${k}x`, 0).error).toBe('no-connection');
  });

  it('ignores a stale timer and keeps a deadline when fired early', () => {
    const t = createTcpTable({ initialRtoUs: 200_000 });
    const k = tcpConnect(t, { addr: A, port: 1 }, { addr: B, port: 2 }, 0, 0).conn!;
    expect(tcpTimer(t, `persist@${k}`, 10)).toEqual({ segments: [], timers: [], events: [] });
    expect(tcpTimer(t, `rto@${k}`, 10).timers).toEqual([{ op: 'set', key: `rto@${k}`, at: 200_000 }]);
    const fired = tcpTimer(t, `rto@${k}`, 200_000);
    expect(fired.segments).toHaveLength(1);
    expect(fired.segments[0]!.flags.syn).toBe(true);
    expect(fired.timers).toEqual([{ op: 'set', key: `rto@${k}`, at: 600_000 }]);
  });

  it('the table is plain data (structuredClone round-trips it mid-transfer)', () => {
    const net = new Net({ seed: 3, latencyUs: 1000, faults: { loss: 0.2, reorder: 0.3, reorderUs: 3000 } });
    const a = net.host('client', A, { maxRetransmits: 30 });
    const b = net.host('server', B, { maxRetransmits: 30 });
    bulkTransfer(net, a, b, pattern(50_000));
    net.run(8_000);
    expect(Object.keys(b.table.conns)).toHaveLength(1);
    expect(structuredClone(a.table)).toEqual(a.table);
    expect(structuredClone(b.table)).toEqual(b.table);
    expect(JSON.parse(JSON.stringify(tcpView(b.table)))).toEqual(tcpView(b.table));
  });
});

describe('RTO (RFC 6298)', () => {
  it('computes SRTT, RTTVAR and RTO as §2 says, within the bounds', () => {
    const cfg = tcpConfig({ minRtoUs: 1000, maxRtoUs: 1_000_000, clockGranularityUs: 100 });
    const c = newConn('k', { addr: 1, port: 1 }, { addr: 2, port: 2 }, 0, 'active', 'SYN_SENT', cfg);
    rttSample(c, 10_000, cfg);
    expect([c.srtt, c.rttvar, c.rto]).toEqual([10_000, 5000, 30_000]);
    rttSample(c, 20_000, cfg);
    // RTTVAR = 3/4·5000 + 1/4·|10000−20000| = 6250; SRTT = 7/8·10000 + 1/8·20000 = 11250.
    expect([c.srtt, c.rttvar, c.rto]).toEqual([11_250, 6250, 36_250]);
    rttSample(c, 1, cfg);
    for (let i = 0; i < 50; i++) rttSample(c, 1, cfg);
    expect(c.rto).toBe(1000);
  });

  it("takes no sample from a retransmitted segment (Karn's rule)", () => {
    let n = 0;
    // The first data segment is lost once: its retransmission's ACK must not be timed.
    const drop = (s: TcpSegment) => s.payload.length > 0 && n++ === 0;
    const net = new Net({ seed: 1, latencyUs: 1000, faults: { drop } });
    const a = net.host('client', A, { initialRtoUs: 300_000, minRtoUs: 300_000 });
    const b = net.host('server', B);
    net.apply(b, tcpListen(b.table, B, 60));
    const k = net.apply(a, tcpConnect(a.table, { addr: A, port: 9 }, { addr: B, port: 60 }, 5, 0)).conn!;
    net.run(2500);
    const srttAfterHandshake = a.table.conns[k]!.srtt;
    expect(srttAfterHandshake).toBe(2000);
    net.apply(a, tcpSend(a.table, k, pattern(100), net.now));
    net.run(2_000_000);
    const c = a.table.conns[k]!;
    expect(c.stats.timeouts).toBe(1);
    expect(c.srtt).toBe(2000); // the 302 ms "RTT" of the retransmission was not sampled
    expect(c.rto).toBe(600_000); // still backed off
  });
});
