import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bulkTransfer, concat, firstDifference, pattern } from './testing/bulk';
import { type ChannelFaults, ip, Net } from './testing/channel';
import type { TcpConfig, TcpSegment } from './types';

// Properties over seeded faulty channels: every byte delivered in order exactly once, clean FIN
// close both ways, outages survived or ended with a clear event.

const A = ip(198, 51, 100, 7);
const B = ip(203, 0, 113, 11);

const LOSSY: Partial<TcpConfig> = {
  initialRtoUs: 100_000,
  minRtoUs: 20_000,
  maxRtoUs: 2_000_000,
  maxRetransmits: 15,
  timeWaitUs: 50_000,
};

function run(seed: number, faults: ChannelFaults, up: number, down: number, cfg: Partial<TcpConfig> = LOSSY) {
  const net = new Net({ seed, latencyUs: 2000, faults });
  const a = net.host('client', A, { ...cfg, mss: 700 });
  const b = net.host('server', B, { ...cfg, mss: 1000 });
  const t = bulkTransfer(net, a, b, pattern(up, seed), { down: pattern(down, seed + 1), iss: seed >>> 0 });
  net.run();
  return { net, a, b, t };
}

const faultsArb = fc.record({
  loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
  dup: fc.double({ min: 0, max: 0.2, noNaN: true }),
  reorder: fc.double({ min: 0, max: 0.3, noNaN: true }),
  reorderUs: fc.integer({ min: 0, max: 10_000 }),
  jitterUs: fc.integer({ min: 0, max: 2_000 }),
});

describe('over a faulty channel', () => {
  it('delivers every byte in order exactly once and closes with FIN both ways', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        faultsArb,
        fc.integer({ min: 0, max: 12_000 }),
        fc.integer({ min: 0, max: 6_000 }),
        (seed, faults, up, down) => {
          const { a, b, t } = run(seed, faults, up, down);
          expect(firstDifference(concat(t.server.received), pattern(up, seed))).toBe(-1);
          expect(firstDifference(concat(t.client.received), pattern(down, seed + 1))).toBe(-1);
          expect(t.client.end).toBe('closed');
          expect(t.server.end).toBe('closed');
          expect(a.table.conns).toEqual({});
          expect(b.table.conns).toEqual({});
        },
      ),
      { numRuns: 100 },
    );
  });

  it('survives an outage shorter than the give-up time with no byte lost', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (seed, from, len, loss) => {
          const outages = [{ from, to: from + len }];
          // A 4000-byte window makes the transfer span the outage.
          const { t } = run(seed, { loss, outages }, 40_000, 10_000, { ...LOSSY, rcvBuffer: 4000 });
          expect(firstDifference(concat(t.server.received), pattern(40_000, seed))).toBe(-1);
          expect(firstDifference(concat(t.client.received), pattern(10_000, seed + 1))).toBe(-1);
          expect(t.client.end).toBe('closed');
          expect(t.server.end).toBe('closed');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('carries a transfer across a 3 s outage by retransmission (a failover)', () => {
    const outages = [{ from: 20_000, to: 3_020_000 }];
    const { net, b, t } = run(9, { outages }, 40_000, 10_000, { ...LOSSY, rcvBuffer: 4000 });
    expect(net.wire.filter((w) => w.fate === 'lost').length).toBeGreaterThan(5);
    expect(firstDifference(concat(t.server.received), pattern(40_000, 9))).toBe(-1);
    expect(firstDifference(concat(t.client.received), pattern(10_000, 10))).toBe(-1);
    expect([t.client.end, t.server.end]).toEqual(['closed', 'closed']);
    const lastData = b.events.filter((e) => e.ev.type === 'data').at(-1)!;
    expect(lastData.t).toBeGreaterThan(3_020_000);
  });

  it('aborts with a clear event when an outage outlasts the retransmissions', () => {
    const cfg = { ...LOSSY, maxRetransmits: 6 };
    const { net, a, t } = run(7, { outages: [{ from: 10_000, to: 600_000_000 }] }, 200_000, 0, cfg);
    expect(t.client.end).toBe('aborted');
    const ev = a.events.at(-1)!.ev;
    expect(ev).toMatchObject({ type: 'aborted', reason: 'retransmit-limit' });
    // Six timeouts, backed off from the measured RTO: well under the outage.
    expect(a.events.at(-1)!.t).toBeLessThan(20_000_000);
    expect(a.table.conns).toEqual({});
    // The server got a prefix of the data, in order, and nothing after the outage began.
    const got = concat(t.server.received);
    expect(firstDifference(got, pattern(200_000, 7).subarray(0, got.length))).toBe(-1);
    expect(got.length).toBeLessThan(200_000);
    void net;
  });

  it('fast-retransmits a single lost segment on three duplicate ACKs, without a timeout', () => {
    let dropped = 0;
    const drop = (s: TcpSegment) => s.srcAddr === A && s.seq === 1001 + 5 * 700 && dropped++ === 0;
    const net = new Net({ seed: 1, latencyUs: 1000, faults: { drop } });
    const a = net.host('client', A, { ...LOSSY, mss: 700, initialRtoUs: 1_000_000, minRtoUs: 1_000_000 });
    const b = net.host('server', B, LOSSY);
    const t = bulkTransfer(net, a, b, pattern(20_000), { iss: 1000 });
    let fast = 0;
    const prev = a.onEvent;
    a.onEvent = (ev, now) => {
      const c = Object.values(a.table.conns)[0];
      if (c) fast = Math.max(fast, c.stats.fastRetransmits);
      prev?.(ev, now);
    };
    net.run();
    expect(firstDifference(concat(t.server.received), pattern(20_000))).toBe(-1);
    expect(fast).toBe(1);
    expect(net.wire.filter((w) => w.fate === 'lost')).toHaveLength(1);
  });

  it('is deterministic: the same seed gives the same segments, another seed others', () => {
    const f = { loss: 0.2, dup: 0.1, reorder: 0.2, reorderUs: 5000, jitterUs: 500 };
    const w1 = run(42, f, 8000, 3000).net.wire;
    const w2 = run(42, f, 8000, 3000).net.wire;
    const w3 = run(43, f, 8000, 3000).net.wire;
    expect(w1).toEqual(w2);
    expect(w1.length).toBeGreaterThan(20);
    expect(w3).not.toEqual(w1);
  });
});
