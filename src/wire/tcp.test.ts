import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes';
import { decodeTcp, decodeTcpFull, encodeTcp, TCP_FLAGS, tcpFlagsText } from './tcp';
import { ipv4Addr, tcpSegment } from './test-arbitraries';

describe('TCP (RFC 9293)', () => {
  it('reads a known SYN with MSS and refuses its SACK-permitted option (draft-mcgrew-gcm-test-01 case 3)', () => {
    const seg = fromHex('0a9e008b2dc57ee0000000007002400020bf0000020405b401010402')!;
    const r = decodeTcpFull(seg, '192.168.1.2', '147.137.21.94', false);
    // MSS (kind 2), NOP, NOP, then SACK-permitted (kind 4) at byte 26: not supported, and said so.
    expect(!r.ok && r.error).toMatchObject({ kind: 'unsupported-option', offset: 26 });
    const mssOnly = fromHex('0a9e008b2dc57ee0000000006002400020bf0000020405b4')!;
    const r2 = decodeTcpFull(mssOnly, '192.168.1.2', '147.137.21.94', false);
    expect(r2.ok && r2.value).toMatchObject({
      srcPort: 2718,
      dstPort: 139,
      flags: TCP_FLAGS.SYN,
      window: 0x4000,
      mss: 1460,
    });
  });

  it('round-trips with the pseudo-header checksum: decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(tcpSegment, ipv4Addr, ipv4Addr, (s, src, dst) => {
        expect(decodeTcp(encodeTcp(s, src, dst), src, dst)).toEqual({ ok: true, value: s });
      }),
    );
  });

  it('rejects a wrong pseudo-header, a flipped bit and truncation', () => {
    const s = {
      srcPort: 1,
      dstPort: 60,
      seq: 7,
      ack: 0,
      flags: TCP_FLAGS.SYN,
      window: 1000,
      urgent: 0,
      mss: 1400,
    };
    const b = encodeTcp({ ...s, payload: new Uint8Array([1, 2, 3]) }, '198.51.100.7', '203.0.113.11');
    expect(decodeTcp(b, '198.51.100.7', '203.0.113.11').ok).toBe(true);
    const r1 = decodeTcp(b, '198.51.100.8', '203.0.113.11');
    expect(!r1.ok && r1.error).toMatchObject({ kind: 'bad-checksum', offset: 16 });
    const flipped = b.slice();
    flipped[25]! ^= 0x10;
    expect(decodeTcp(flipped, '198.51.100.7', '203.0.113.11').ok).toBe(false);
    const r2 = decodeTcp(b.subarray(0, 22), '198.51.100.7', '203.0.113.11');
    expect(!r2.ok && r2.error).toMatchObject({ kind: 'truncated', offset: 22 });
    expect(tcpFlagsText(TCP_FLAGS.SYN | TCP_FLAGS.ACK)).toBe('SYN,ACK');
  });

  it('never throws on any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        expect(typeof decodeTcp(b, '1.2.3.4', '5.6.7.8').ok).toBe('boolean');
        expect(typeof decodeTcpFull(b, 'x', 'y').ok).toBe('boolean');
      }),
    );
  });
});
