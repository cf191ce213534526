import { describe, expect, it } from 'vitest';
import { tcpInput } from './input';
import { flags } from './segment';
import { createTcpTable, tcpListen } from './table';
import { bulkTransfer, concat, firstDifference, pattern } from './testing/bulk';
import { ip, Net } from './testing/channel';
import type { TcpSegment } from './types';
import { tcpAdjustMss, tcpConnect } from './user';
import { tcpView } from './view';

const A = ip(198, 51, 100, 7);
const B = ip(203, 0, 113, 11);

function twoHosts(seed = 1, cfgA = {}, cfgB = {}) {
  const net = new Net({ seed, latencyUs: 1000 });
  return { net, a: net.host('client', A, cfgA), b: net.host('server', B, cfgB) };
}

describe('handshake (RFC 9293 §3.5)', () => {
  it('SYN, SYN-ACK, ACK with the MSS option, both sides connected', () => {
    const { net, a, b } = twoHosts();
    const t = bulkTransfer(net, a, b, new Uint8Array(0), { iss: 5000 });
    net.run(3500);
    const w = net.wire.map((r) => `${r.from}: ${r.summary}`);
    expect(w[0]).toMatch(/^client: 49152>60 \[S\] seq=5000 ack=0 win=65535 len=0 mss=1460$/);
    expect(w[1]).toMatch(/^server: 60>49152 \[SA\] seq=\d+ ack=5001 win=65535 len=0 mss=1460$/);
    expect(w[2]).toMatch(/^client: 49152>60 \[A.*\] seq=5001 ack=\d+/);
    expect(t.client.connected && t.server.connected).toBe(true);
    expect(a.events[0]!.ev).toMatchObject({ type: 'connected', open: 'active' });
    expect(b.events[0]!.ev).toMatchObject({ type: 'connected', open: 'passive' });
  });

  it('answers a segment to a closed port with RST (§3.10.7.1)', () => {
    const { net, a, b } = twoHosts();
    net.apply(a, tcpConnect(a.table, { addr: A, port: 40000 }, { addr: B, port: 99 }, 77, 0));
    net.run();
    expect(net.wire[1]!.summary).toBe('99>40000 [AR] seq=0 ack=78 win=0 len=0');
    expect(a.events.map((e) => e.ev)).toEqual([
      { type: 'reset', conn: expect.any(String), state: 'SYN_SENT' },
    ]);
    expect(Object.keys(a.table.conns)).toEqual([]);
    expect(Object.keys(b.table.conns)).toEqual([]);
  });

  it('replies RST <SEQ=SEG.ACK> to a stray ACK and nothing to a stray RST', () => {
    const t = createTcpTable();
    const seg: TcpSegment = {
      srcAddr: A,
      dstAddr: B,
      srcPort: 1,
      dstPort: 2,
      seq: 10,
      ack: 12345,
      flags: flags({ ack: true }),
      window: 100,
      payload: new Uint8Array(3),
    };
    expect(tcpInput(t, seg, 0).segments).toEqual([
      expect.objectContaining({ seq: 12345, flags: flags({ rst: true }), srcPort: 2, dstPort: 1 }),
    ]);
    expect(tcpInput(t, { ...seg, flags: flags({ rst: true }) }, 0).segments).toEqual([]);
    tcpListen(t, 0, 2);
    expect(tcpInput(t, seg, 0).segments[0]!.flags.rst).toBe(true);
  });
});

describe('MSS (RFC 9293 §3.7.1)', () => {
  it('sends no segment larger than the smaller MSS, less mssReduction', () => {
    const { net, a, b } = twoHosts(2, { mss: 1460 }, { mss: 1000, mssReduction: 73 });
    const t = bulkTransfer(net, a, b, pattern(20_000), { down: pattern(20_000, 3) });
    net.run();
    const syns = net.sent.filter((s) => s.flags.syn);
    expect(syns.map((s) => s.mss)).toEqual([1460, 927]);
    const fromA = net.sent.filter((s) => s.srcAddr === A).map((s) => s.payload.length);
    const fromB = net.sent.filter((s) => s.srcAddr === B).map((s) => s.payload.length);
    expect(Math.max(...fromA)).toBe(927);
    expect(Math.max(...fromB)).toBe(927);
    expect(firstDifference(concat(t.server.received), pattern(20_000))).toBe(-1);
    expect(firstDifference(concat(t.client.received), pattern(20_000, 3))).toBe(-1);
  });

  it('assumes 536 without the option and lets a connection lower its own MSS', () => {
    const { net, a, b } = twoHosts(3);
    net.apply(b, tcpListen(b.table, B, 60));
    const syn: TcpSegment = {
      srcAddr: A,
      dstAddr: B,
      srcPort: 5,
      dstPort: 60,
      seq: 1,
      ack: 0,
      flags: flags({ syn: true }),
      window: 65535,
      payload: new Uint8Array(0),
    };
    tcpInput(b.table, syn, 0);
    expect(tcpView(b.table).conns.rows[0]!.sndMss).toBe(536);
    void a;
  });
});

describe('per-connection MSS adjustment (the source: MTU in the TCB reduced for IPsec)', () => {
  it('tcpAdjustMss lowers the segment size of that connection only from then on', () => {
    const { net, a, b } = twoHosts(6);
    const t = bulkTransfer(net, a, b, new Uint8Array(0), { down: pattern(30_000, 4) });
    b.onEvent = ((app) => (ev, now) => {
      if (ev.type === 'connected') net.apply(b, tcpAdjustMss(b.table, ev.conn, 100));
      app?.(ev, now);
    })(b.onEvent);
    net.run();
    const sizes = net.sent.filter((s) => s.srcAddr === B).map((s) => s.payload.length);
    expect(Math.max(...sizes)).toBe(1360);
    expect(firstDifference(concat(t.client.received), pattern(30_000, 4))).toBe(-1);
    expect(tcpAdjustMss(b.table, 'nope', 1).error).toBe('no-connection');
  });
});

describe('transfer and close', () => {
  it('delivers both directions in order and closes with FIN both ways, tables empty', () => {
    const { net, a, b } = twoHosts(4);
    const t = bulkTransfer(net, a, b, pattern(100_000), { down: pattern(30_000, 9) });
    net.run();
    expect(firstDifference(concat(t.server.received), pattern(100_000))).toBe(-1);
    expect(firstDifference(concat(t.client.received), pattern(30_000, 9))).toBe(-1);
    expect(t.client.end).toBe('closed');
    expect(t.server.end).toBe('closed');
    expect(a.table.conns).toEqual({});
    expect(b.table.conns).toEqual({});
    expect(net.sent.filter((s) => s.flags.fin)).toHaveLength(2);
    expect(net.sent.some((s) => s.flags.rst)).toBe(false);
  });

  it('works across sequence-number wrap-around (ISS near 2^32 on both sides)', () => {
    const { net, a, b } = twoHosts(5);
    const t = bulkTransfer(net, a, b, pattern(50_000), { iss: 0xffff_ff00, down: pattern(50_000, 1) });
    b.iss = 0xffff_fff0; // the server's ISS, through tcpInput's iss parameter
    net.run();
    expect(firstDifference(concat(t.server.received), pattern(50_000))).toBe(-1);
    expect(firstDifference(concat(t.client.received), pattern(50_000, 1))).toBe(-1);
    expect(t.client.end).toBe('closed');
    expect(t.server.end).toBe('closed');
    const seqs = (addr: number) => net.sent.filter((s) => s.srcAddr === addr).map((s) => s.seq);
    expect(seqs(A)[0]).toBe(0xffff_ff00);
    expect(seqs(B)[0]).toBe(0xffff_fff0);
    expect(seqs(A).some((s) => s < 60_000)).toBe(true);
    expect(seqs(B).some((s) => s < 60_000)).toBe(true);
  });
});
