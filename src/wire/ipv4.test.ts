import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes';
import { decodeIpv4, decodeIpv4Full, encodeIpv4 } from './ipv4';
import { ipv4Packet } from './test-arbitraries';

describe('IPv4 (RFC 791)', () => {
  it('decodes a known header and verifies its checksum (RFC 1071 example packet)', () => {
    // The header of draft-mcgrew-gcm-test-01 case 3's inner packet (checksum 0x2690).
    const b = fromHex('4500003069a6400080062690c0a801029389155e')!;
    const p = new Uint8Array(0x30);
    p.set(b);
    const r = decodeIpv4Full(p);
    expect(r.ok && r.value).toMatchObject({
      src: '192.168.1.2',
      dst: '147.137.21.94',
      protocol: 6,
      ttl: 128,
      dontFragment: true,
      checksum: 0x2690,
      totalLength: 48,
    });
  });

  it('round-trips: decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(ipv4Packet, (p) => {
        expect(decodeIpv4(encodeIpv4(p))).toEqual({ ok: true, value: p });
      }),
    );
  });

  it('reports bad input with kind and offset', () => {
    const good = encodeIpv4({
      dscp: 0,
      ecn: 0,
      id: 1,
      dontFragment: false,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: 17,
      src: '10.0.0.1',
      dst: '10.0.0.2',
      payload: new Uint8Array(8),
    });
    const err = (b: Uint8Array) => {
      const r = decodeIpv4(b);
      return r.ok ? undefined : { kind: r.error.kind, offset: r.error.offset };
    };
    expect(err(good.subarray(0, 10))).toEqual({ kind: 'truncated', offset: 10 });
    expect(err(good.subarray(0, 24))).toEqual({ kind: 'truncated', offset: 24 });
    const v6 = good.slice();
    v6[0] = 0x65;
    expect(err(v6)).toEqual({ kind: 'bad-version', offset: 0 });
    const opts = good.slice();
    opts[0] = 0x46;
    expect(err(opts)).toEqual({ kind: 'unsupported-option', offset: 20 });
    const sum = good.slice();
    sum[15] = (sum[15]! + 1) & 0xff;
    expect(err(sum)).toEqual({ kind: 'bad-checksum', offset: 10 });
    const long = new Uint8Array(good.length + 3);
    long.set(good);
    expect(err(long)).toEqual({ kind: 'bad-length', offset: good.length });
  });

  it('never throws on any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const r = decodeIpv4(b);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
