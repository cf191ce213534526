import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import { decodeGre, encodeGre, GRE_PROTO_IPV4, greKeyFromIpv4, ipv4FromGreKey } from './gre';
import { grePacket } from './test-arbitraries';

describe('GRE (RFC 2784, RFC 2890 key)', () => {
  it('carries the sending stack XCF address as the key', () => {
    const b = encodeGre({
      protocolType: GRE_PROTO_IPV4,
      key: greKeyFromIpv4('10.255.0.2'),
      payload: Uint8Array.of(0x45),
    });
    expect(toHex(b)).toBe('200008000aff000245');
    const r = decodeGre(b);
    expect(r.ok && ipv4FromGreKey(r.value.key!)).toBe('10.255.0.2');
  });

  it('round-trips every combination of checksum, key and sequence', () => {
    fc.assert(
      fc.property(grePacket, (p) => {
        expect(decodeGre(encodeGre(p))).toEqual({ ok: true, value: p });
      }),
    );
  });

  it('rejects version ≠ 0, reserved bits, a bad checksum and truncation', () => {
    const b = encodeGre({ protocolType: GRE_PROTO_IPV4, checksum: true, key: 1, payload: new Uint8Array(4) });
    const v = b.slice();
    v[1] = 1;
    expect(decodeGre(v)).toMatchObject({ ok: false, error: { kind: 'bad-version' } });
    const res = b.slice();
    res[0]! |= 0x40; // the RFC 1701 routing bit
    expect(decodeGre(res)).toMatchObject({ ok: false, error: { kind: 'bad-header', offset: 0 } });
    const c = b.slice();
    c[c.length - 1]! ^= 1;
    expect(decodeGre(c)).toMatchObject({ ok: false, error: { kind: 'bad-checksum' } });
    expect(decodeGre(b.subarray(0, 6))).toMatchObject({ ok: false, error: { kind: 'truncated', offset: 6 } });
  });

  it('never throws on any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        expect(typeof decodeGre(b).ok).toBe('boolean');
      }),
    );
  });
});
