import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  ExchangeType,
  encodeMessage,
  HeaderFlag,
  IdType,
  type IkeMessage,
  type IkePayload,
  NotifyType,
  openMessage,
  type Proposal,
  sealMessage,
  type TrafficSelector,
} from './ikev2';

const spi = (n: number) => Uint8Array.from({ length: 8 }, (_, i) => (n * 31 + i) & 0xff);
const header = (over: Partial<IkeMessage['header']> = {}): IkeMessage['header'] => ({
  spiI: spi(1),
  spiR: spi(2),
  majorVersion: 2,
  minorVersion: 0,
  exchangeType: ExchangeType.IKE_AUTH,
  flags: HeaderFlag.INITIATOR,
  messageId: 1,
  ...over,
});

const ikeProposal: Proposal = {
  proposalNum: 1,
  protocolId: 1,
  spi: new Uint8Array(0),
  transforms: [
    { transformType: 1, transformId: 20, attributes: [{ type: 14, value: 256 }] },
    { transformType: 2, transformId: 5, attributes: [] },
    { transformType: 4, transformId: 31, attributes: [] },
  ],
};
const espProposal: Proposal = {
  proposalNum: 1,
  protocolId: 3,
  spi: Uint8Array.of(0x10, 0, 0xab, 0xcd),
  transforms: [
    {
      transformType: 1,
      transformId: 20,
      attributes: [
        { type: 14, value: 128 },
        { type: 99, data: Uint8Array.of(1, 2) },
      ],
    },
    { transformType: 5, transformId: 0, attributes: [] },
  ],
};
const ts: TrafficSelector = {
  tsType: 7,
  ipProtocol: 6,
  startPort: 0,
  endPort: 65535,
  startAddr: '203.0.113.11',
  endAddr: '203.0.113.11',
};

/** One of every payload type the codec knows, plus an unknown one. */
const everyPayload: IkePayload[] = [
  { kind: 'SA', proposals: [ikeProposal, espProposal] },
  { kind: 'KE', group: 31, data: new Uint8Array(32).fill(7) },
  { kind: 'NONCE', data: new Uint8Array(32).fill(9) },
  { kind: 'IDi', idType: IdType.ID_IPV4_ADDR, data: Uint8Array.of(198, 51, 100, 7) },
  { kind: 'IDr', idType: IdType.ID_FQDN, data: new TextEncoder().encode('dva1.example') },
  { kind: 'IDr', idType: IdType.ID_KEY_ID, data: Uint8Array.of(1, 2, 3) },
  { kind: 'AUTH', method: 2, data: new Uint8Array(32).fill(3) },
  {
    kind: 'N',
    protocolId: 0,
    spi: new Uint8Array(0),
    notifyType: NotifyType.INITIAL_CONTACT,
    data: new Uint8Array(0),
  },
  {
    kind: 'N',
    protocolId: 3,
    spi: Uint8Array.of(0, 0, 1, 0),
    notifyType: NotifyType.REKEY_SA,
    data: new Uint8Array(0),
  },
  {
    kind: 'N',
    protocolId: 0,
    spi: new Uint8Array(0),
    notifyType: NotifyType.AUTHENTICATION_FAILED,
    data: new Uint8Array(0),
  },
  { kind: 'D', protocolId: 1, spiSize: 0, spis: [] },
  { kind: 'D', protocolId: 3, spiSize: 4, spis: [Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)] },
  {
    kind: 'TSi',
    selectors: [ts, { ...ts, ipProtocol: 0, startAddr: '198.51.100.0', endAddr: '198.51.100.255' }],
  },
  { kind: 'TSr', selectors: [{ tsType: 8, octet1: 17, body: new Uint8Array(36), raw: true }] },
  { kind: 'UNKNOWN', payloadType: 43, body: new TextEncoder().encode('vendor'), critical: true },
];

describe('IKEv2 codec (RFC 7296 §3)', () => {
  it('round-trips every payload type, one per message and all in one', () => {
    for (const p of everyPayload) {
      const m: IkeMessage = { header: header(), payloads: [p] };
      const bytes = encodeMessage(m);
      const d = decodeMessage(bytes);
      expect(d.ok, JSON.stringify(d)).toBe(true);
      if (d.ok) expect(d.value).toEqual(m);
    }
    const all: IkeMessage = { header: header(), payloads: everyPayload };
    const bytes = encodeMessage(all);
    const d = decodeMessage(bytes);
    expect(d.ok && d.value).toEqual(all);
    if (d.ok) expect(encodeMessage(d.value)).toEqual(bytes);
  });

  it('writes the header exactly as §3.1 lays it out', () => {
    const bytes = encodeMessage({ header: header({ exchangeType: 34, messageId: 0 }), payloads: [] });
    expect(bytes.length).toBe(28);
    expect([...bytes.subarray(16, 28)]).toEqual([0, 0x20, 34, 0x08, 0, 0, 0, 0, 0, 0, 0, 28]);
  });

  it('encodes the key length attribute in TV format (§3.3.5) and transform layout (§3.3.2)', () => {
    const bytes = encodeMessage({ header: header(), payloads: [{ kind: 'SA', proposals: [ikeProposal] }] });
    // generic header (4) + proposal header (8) → first transform at 28+12
    const t = bytes.subarray(40, 52);
    expect([...t]).toEqual([3, 0, 0, 12, 1, 0, 0, 20, 0x80, 14, 1, 0]);
  });

  it('returns typed errors with offsets, never throws', () => {
    expect(decodeMessage(new Uint8Array(5))).toMatchObject({ ok: false, error: { kind: 'truncated' } });
    const good = encodeMessage({ header: header(), payloads: everyPayload });
    const v1 = good.slice();
    v1[17] = 0x10;
    expect(decodeMessage(v1)).toMatchObject({
      ok: false,
      error: { kind: 'unsupported-version', offset: 17 },
    });
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    expect(decodeMessage(longer)).toMatchObject({
      ok: false,
      error: { kind: 'trailing-bytes', offset: good.length },
    });
    const badLen = good.slice();
    badLen[30] = 0xff; // first payload length high octet
    expect(decodeMessage(badLen)).toMatchObject({ ok: false, error: { kind: 'bad-length', offset: 30 } });
  });

  it('seals and opens the Encrypted payload (RFC 5282), rejecting a wrong key and any bit flip', () => {
    const km = Uint8Array.from({ length: 20 }, (_, i) => i);
    const iv = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1);
    const inner = everyPayload.slice(3, 8);
    const bytes = sealMessage(header(), inner, km, iv, { padLength: 3 });
    const outer = decodeMessage(bytes);
    expect(outer.ok).toBe(true);
    if (!outer.ok) return;
    expect(outer.value.payloads).toHaveLength(1);
    expect(encodeMessage(outer.value)).toEqual(bytes);
    const opened = openMessage(bytes, outer.value, km);
    expect(opened.ok && opened.value.payloads).toEqual(inner);
    const wrong = km.slice();
    wrong[0]! ^= 1;
    expect(openMessage(bytes, outer.value, wrong)).toMatchObject({
      ok: false,
      error: { kind: 'icv-mismatch' },
    });
    for (let bit = 0; bit < bytes.length * 8; bit += 7) {
      const x = bytes.slice();
      x[bit >> 3]! ^= 1 << (bit & 7);
      const d = decodeMessage(x);
      if (d.ok) expect(openMessage(x, d.value, km).ok).toBe(false);
    }
  });
});

// ---- property tests -------------------------------------------------------------------------

const bytesArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const ipArb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join('.'));
const transformArb = fc.record({
  transformType: fc.nat(255),
  transformId: fc.nat(0xffff),
  attributes: fc.array(
    fc.oneof(
      fc.record({ type: fc.nat(0x7fff), value: fc.nat(0xffff) }),
      fc.record({ type: fc.nat(0x7fff), data: bytesArb(0, 6) }),
    ),
    { maxLength: 3 },
  ),
});
const proposalArb = fc.record({
  proposalNum: fc.nat(255),
  protocolId: fc.nat(255),
  spi: bytesArb(0, 8),
  transforms: fc.array(transformArb, { maxLength: 4 }),
});
const selectorArb: fc.Arbitrary<TrafficSelector> = fc.oneof(
  fc.record({
    tsType: fc.constant(7 as const),
    ipProtocol: fc.nat(255),
    startPort: fc.nat(0xffff),
    endPort: fc.nat(0xffff),
    startAddr: ipArb,
    endAddr: ipArb,
  }),
  fc.record({
    tsType: fc.constant(8),
    octet1: fc.nat(255),
    body: bytesArb(0, 36),
    raw: fc.constant(true as const),
  }),
);
const payloadArb: fc.Arbitrary<IkePayload> = fc.oneof(
  fc.record({ kind: fc.constant('SA' as const), proposals: fc.array(proposalArb, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('KE' as const), group: fc.nat(0xffff), data: bytesArb(0, 40) }),
  fc.record({
    kind: fc.constantFrom('IDi' as const, 'IDr' as const),
    idType: fc.nat(255),
    data: bytesArb(0, 20),
  }),
  fc.record({ kind: fc.constant('AUTH' as const), method: fc.nat(255), data: bytesArb(0, 40) }),
  fc.record({ kind: fc.constant('NONCE' as const), data: bytesArb(0, 40) }),
  fc.record({
    kind: fc.constant('N' as const),
    protocolId: fc.nat(255),
    spi: bytesArb(0, 8),
    notifyType: fc.nat(0xffff),
    data: bytesArb(0, 10),
  }),
  fc
    .tuple(fc.nat(255), fc.integer({ min: 1, max: 8 }), fc.nat(4))
    .chain(([protocolId, spiSize, n]) =>
      fc
        .array(bytesArb(spiSize, spiSize), { minLength: n, maxLength: n })
        .map((spis) => ({ kind: 'D' as const, protocolId, spiSize, spis })),
    ),
  fc.record({
    kind: fc.constantFrom('TSi' as const, 'TSr' as const),
    selectors: fc.array(selectorArb, { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('UNKNOWN' as const),
    payloadType: fc.constantFrom(37, 38, 43, 47, 48, 200),
    body: bytesArb(0, 12),
  }),
);
const headerArb = fc.record({
  spiI: bytesArb(8, 8),
  spiR: bytesArb(8, 8),
  majorVersion: fc.constant(2),
  minorVersion: fc.nat(15),
  exchangeType: fc.nat(255),
  flags: fc.nat(255),
  messageId: fc.nat(0xffffffff),
});
const messageArb = fc.record({ header: headerArb, payloads: fc.array(payloadArb, { maxLength: 6 }) });

describe('IKEv2 codec properties', () => {
  it('decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const d = decodeMessage(encodeMessage(m));
        expect(d.ok).toBe(true);
        if (d.ok) expect(d.value).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('decode never throws on random bytes, and whatever decodes re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(bytesArb(0, 200), (b) => {
        const d = decodeMessage(b);
        if (d.ok) expect(encodeMessage(d.value)).toEqual(b);
      }),
      { numRuns: 1000 },
    );
  });

  it('decode never throws on bit-flipped valid messages; encode(decode(y)) = y whenever it decodes', () => {
    fc.assert(
      fc.property(messageArb, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (m, flips) => {
        const b = encodeMessage(m);
        for (const f of flips) b[f % b.length]! ^= 1 << (f % 8);
        const d = decodeMessage(b);
        if (d.ok) expect(encodeMessage(d.value)).toEqual(b);
        else expect(d.error.offset).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('openMessage never throws on bit-flipped sealed messages', () => {
    const km = new Uint8Array(36).fill(5);
    fc.assert(
      fc.property(fc.array(payloadArb, { maxLength: 4 }), fc.nat(), (inner, f) => {
        const b = sealMessage(header(), inner, km, new Uint8Array(8));
        b[f % b.length]! ^= 1 << (f % 8);
        const d = decodeMessage(b);
        if (d.ok) {
          const o = openMessage(b, d.value, km);
          expect(o.ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
