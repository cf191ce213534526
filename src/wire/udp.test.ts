import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4Addr, udpDatagram } from './test-arbitraries';
import { decodeUdp, encodeUdp } from './udp';

describe('UDP (RFC 768)', () => {
  it('round-trips with the pseudo-header checksum', () => {
    fc.assert(
      fc.property(udpDatagram, ipv4Addr, ipv4Addr, (d, src, dst) => {
        const b = encodeUdp(d, src, dst);
        expect(b[6]! | b[7]!).not.toBe(0); // a computed zero is sent as 0xffff
        expect(decodeUdp(b, src, dst)).toEqual({ ok: true, value: d });
      }),
    );
  });

  it('accepts a zero checksum, rejects a wrong one and wrong lengths', () => {
    const b = encodeUdp(
      { srcPort: 500, dstPort: 500, payload: new Uint8Array([9, 9, 9]) },
      '10.0.0.1',
      '10.0.0.2',
    );
    const z = b.slice();
    z[6] = 0;
    z[7] = 0;
    expect(decodeUdp(z, '10.0.0.1', '10.0.0.2').ok).toBe(true);
    const r = decodeUdp(b, '10.0.0.1', '10.0.0.3');
    expect(!r.ok && r.error).toMatchObject({ kind: 'bad-checksum', offset: 6 });
    const r2 = decodeUdp(b.subarray(0, 9), '10.0.0.1', '10.0.0.2');
    expect(!r2.ok && r2.error).toMatchObject({ kind: 'truncated', offset: 9 });
  });

  it('never throws on any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        expect(typeof decodeUdp(b, '1.1.1.1', '2.2.2.2').ok).toBe('boolean');
      }),
    );
  });
});
