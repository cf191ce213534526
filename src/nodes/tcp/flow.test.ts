import { describe, expect, it } from 'vitest';
import { bulkTransfer, concat, firstDifference, pattern } from './testing/bulk';
import { ip, Net } from './testing/channel';
import { tcpRead } from './user';
import { tcpView } from './view';

// Flow control (RFC 9293 §3.8.6): the sender keeps within the advertised window, probes a zero
// window (§3.8.6.1) without giving up on a live peer, and resumes on the window update.

const A = ip(198, 51, 100, 7);
const B = ip(203, 0, 113, 11);

describe('flow control', () => {
  it('stops at a zero window, probes it, resumes when the application reads', () => {
    const net = new Net({ seed: 1, latencyUs: 1000 });
    const cfg = { minRtoUs: 20_000, initialRtoUs: 20_000, maxRtoUs: 200_000, maxRetransmits: 4 };
    const a = net.host('client', A, { ...cfg, mss: 500 });
    const b = net.host('server', B, { ...cfg, autoRead: false, rcvBuffer: 3000 });
    const t = bulkTransfer(net, a, b, pattern(20_000));
    const READ_AT = 2_000_000; // far longer than 4 backed-off timeouts
    let unread = 0;
    let maxUnread = 0;
    let key = '';
    const app = b.onEvent!;
    b.onEvent = (ev, now) => {
      app(ev, now);
      if (ev.type !== 'data') return;
      key = ev.conn;
      unread += ev.bytes.length;
      maxUnread = Math.max(maxUnread, unread);
      if (now >= READ_AT) {
        net.apply(b, tcpRead(b.table, key, unread, now));
        unread = 0;
      }
    };
    net.at(READ_AT, () => {
      const r = net.apply(b, tcpRead(b.table, key, unread, net.now));
      expect(r.read).toBe(3000);
      expect(r.segments).toHaveLength(1); // the window update
      unread = 0;
    });
    net.run(READ_AT - 1);
    expect(maxUnread).toBe(3000);
    expect(concat(t.server.received)).toHaveLength(3000);
    const probes = net.wire.filter((w) => w.from === 'client' && / len=1$/.test(w.summary));
    expect(probes.length).toBeGreaterThan(4);
    expect(net.wire.filter((w) => w.from === 'server' && / win=0 /.test(w.summary)).length).toBeGreaterThan(
      4,
    );
    expect(tcpView(a.table).conns.rows[0]).toMatchObject({ state: 'FIN_WAIT_1', sndWnd: 0 });
    net.run();
    expect(firstDifference(concat(t.server.received), pattern(20_000))).toBe(-1);
    expect([t.client.end, t.server.end]).toEqual(['closed', 'closed']);
  });

  it('never has more unacknowledged data out than the peer advertised', () => {
    const net = new Net({ seed: 2, latencyUs: 3000 });
    const a = net.host('client', A, { mss: 400 });
    const b = net.host('server', B, { rcvBuffer: 1500 });
    const t = bulkTransfer(net, a, b, pattern(30_000));
    net.run();
    // Every data segment of the client ends within a right edge (ACK + window) the server had
    // advertised before it was sent (no wrap: the ISS values are small).
    let edge = 0;
    let tight = 0;
    for (const s of net.sent) {
      if (s.srcAddr === B && s.flags.ack) edge = Math.max(edge, s.ack + s.window);
      if (s.srcAddr === A && s.payload.length > 0) {
        expect(s.seq + s.payload.length).toBeLessThanOrEqual(edge);
        if (s.seq + s.payload.length === edge) tight++;
      }
    }
    expect(tight).toBeGreaterThan(5); // the window, not the data, was the limit
    expect(firstDifference(concat(t.server.received), pattern(30_000))).toBe(-1);
    const sizes = net.sent.filter((s) => s.srcAddr === A).map((s) => s.payload.length);
    expect(Math.max(...sizes)).toBe(400);
  });
});
