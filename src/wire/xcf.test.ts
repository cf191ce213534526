import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistMethod, type DistMethodName, decodeXcf, encodeXcf, peekXcfRoute, type XcfMessage } from './xcf';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u8 = fc.integer({ min: 0, max: 255 });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 12 });
const connId = fc.record({ srcAddr: u32, srcPort: u16, dvipa: u32, dstPort: u16 });

const message: fc.Arbitrary<XcfMessage> = fc.oneof(
  fc.record({
    type: fc.constant('VIPA_LIST' as const),
    sender: u32,
    entries: list(
      fc.record({
        dvipa: u32,
        mask: u32,
        owner: u32,
        distMethod: fc.constantFrom(...(Object.keys(DistMethod) as DistMethodName[])),
        ports: list(u16),
        destAll: fc.boolean(),
        dests: list(fc.record({ xcf: u32, weight: u16, standbyRank: u8 })),
        backups: list(fc.record({ xcf: u32, rank: u8 })),
        ipsec: fc.boolean(),
      }),
    ),
  }),
  fc.record({
    type: fc.constant('SRVSTAT' as const),
    sender: u32,
    dvipa: u32,
    port: u16,
    ready: fc.boolean(),
    app: fc.string({ maxLength: 40 }),
  }),
  fc.record({
    type: fc.constant('NEWCONN' as const),
    sender: u32,
    conns: list(
      fc.record({ srcAddr: u32, srcPort: u16, dvipa: u32, dstPort: u16, target: u32, ipsec: fc.boolean() }),
    ),
  }),
  fc.record({ type: fc.constant('CONNEND' as const), sender: u32, conns: list(connId) }),
  fc.record({ type: fc.constant('DVIPA_TAKEOVER' as const), sender: u32, dvipa: u32, rank: u8 }),
  fc.record({ type: fc.constant('DVIPA_TAKEBACK' as const), sender: u32, dvipa: u32 }),
  fc.record({ type: fc.constant('DVIPA_DELETED' as const), sender: u32, dvipa: u32 }),
);

describe('XCF message codec', () => {
  it('carries the target in the header for the CF relay, 0 for the whole group', () => {
    const m = { type: 'DVIPA_TAKEBACK' as const, sender: 0x0aff0001, dvipa: 0xcb00710b };
    expect(peekXcfRoute(encodeXcf(m, 0x0aff0005))).toEqual({ sender: 0x0aff0001, target: 0x0aff0005 });
    expect(peekXcfRoute(encodeXcf(m))).toEqual({ sender: 0x0aff0001, target: 0 });
    expect(decodeXcf(encodeXcf(m, 0x0aff0005))).toEqual({ ok: true, value: m });
    expect(peekXcfRoute(new Uint8Array(10))).toBeNull();
  });

  it('decode(encode(m)) = m for every message type', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeXcf(encodeXcf(m))).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = decodeXcf(bytes);
        if (!r.ok) expect(r.error.offset).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never throws on a corrupted valid message, and keeps the length honest', () => {
    fc.assert(
      fc.property(message, fc.nat(), u8, (m, at, v) => {
        const bytes = encodeXcf(m);
        bytes[at % bytes.length] = v;
        decodeXcf(bytes);
        decodeXcf(bytes.subarray(0, at % bytes.length));
      }),
    );
  });

  it('reports where a message is truncated', () => {
    const bytes = encodeXcf({ type: 'DVIPA_TAKEOVER', sender: 0x0aff0005, dvipa: 0xcb00710b, rank: 10 });
    expect(bytes.length).toBe(21);
    const cut = bytes.slice(0, 18);
    new DataView(cut.buffer).setUint16(4, 18);
    expect(decodeXcf(cut)).toEqual({
      ok: false,
      error: { kind: 'truncated', offset: 16, message: 'truncated at byte 16: DVIPA needs 4 bytes' },
    });
    expect(decodeXcf(bytes.slice(0, 5))).toMatchObject({
      ok: false,
      error: { kind: 'truncated', offset: 5 },
    });
  });

  it('rejects a wrong magic, version, type and length with their offsets', () => {
    const good = encodeXcf({ type: 'DVIPA_TAKEBACK', sender: 1, dvipa: 2 });
    const with_ = (i: number, v: number) => {
      const b = good.slice();
      b[i] = v;
      return decodeXcf(b);
    };
    expect(with_(0, 0)).toMatchObject({ ok: false, error: { kind: 'bad-magic', offset: 0 } });
    expect(with_(2, 9)).toMatchObject({ ok: false, error: { kind: 'bad-version', offset: 2 } });
    expect(with_(3, 99)).toMatchObject({ ok: false, error: { kind: 'bad-type', offset: 3 } });
    expect(with_(5, 40)).toMatchObject({ ok: false, error: { kind: 'bad-length', offset: 4 } });
  });

  it('refuses a count that cannot fit in the bytes left instead of allocating for it', () => {
    const b = encodeXcf({ type: 'NEWCONN', sender: 1, conns: [] });
    b[16] = 200; // 200 connections claimed, 0 bytes of them present
    expect(decodeXcf(b)).toMatchObject({ ok: false, error: { kind: 'bad-length', offset: 16 } });
  });
});
