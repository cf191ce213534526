import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleAead } from './aead-noble';
import { fromHex } from './bytes';
import { type Dissection, type DissectLayer, dissect, type UdpPortDissector } from './dissect';
import { createEspSa } from './esp';
import { sealEspIpv4, sealEspTcp } from './esp-ipv4';
import { encodeGre, GRE_PROTO_IPV4, greKeyFromIpv4 } from './gre';
import { IPPROTO } from './ipproto';
import { encodeIpv4 } from './ipv4';
import { encodeTcp, TCP_FLAGS } from './tcp';
import { encodeUdp } from './udp';

const KM = fromHex('00112233445566778899aabbccddeeff' + '01020304')!;
const SPI = 0x1000abcd;
const hdr = {
  dscp: 0,
  ecn: 0,
  id: 1,
  dontFragment: false,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  src: '198.51.100.7',
  dst: '203.0.113.11',
};
const seg = {
  srcPort: 40001,
  dstPort: 60,
  seq: 1000,
  ack: 2000,
  flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
  window: 8192,
  urgent: 0,
  payload: new TextEncoder().encode('hello sysplex'),
};

function espPacket(): Uint8Array {
  const sa = createEspSa(nobleAead, { spi: SPI, keyMaterial: KM });
  const r = sealEspTcp(sa, hdr, seg);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const protocols = (d: Dissection) =>
  d.layers.map((l) => `${l.protocol}${l.source === 'decrypted' ? '*' : ''}`);
const field = (l: DissectLayer | undefined, name: string) => l?.fields.find((x) => x.name === name);

function rangesInside(d: Dissection, len: number): void {
  const check = (r: readonly [number, number]) => {
    expect(r[0]).toBeGreaterThanOrEqual(0);
    expect(r[1]).toBeGreaterThanOrEqual(r[0]);
    expect(r[1]).toBeLessThanOrEqual(len);
  };
  for (const l of d.layers) {
    check(l.range);
    for (const x of l.fields) {
      check(x.range);
      for (const c of x.children ?? []) check(c.range);
    }
  }
}

describe('dissector', () => {
  it('descends IPv4 → ESP → (decrypted) TCP → data with byte ranges in the outer packet', () => {
    const p = espPacket();
    const d = dissect(p, { lookupSa: (spi) => (spi === SPI ? { keyMaterial: KM } : undefined) });
    expect(protocols(d)).toEqual(['IPv4', 'ESP', 'TCP*', 'Data*']);
    const [ip, esp, tcp, data] = d.layers;
    expect(field(ip, 'Source')).toMatchObject({ value: '198.51.100.7', range: [12, 16] });
    expect(field(ip, 'Header checksum')?.value).toMatch(/correct/);
    expect(field(esp, 'SPI')).toMatchObject({ value: '0x1000abcd', range: [20, 24] });
    expect(field(esp, 'ICV')?.value).toMatch(/verified/);
    expect(field(esp, 'Next header')?.value).toBe('TCP (6)');
    expect(tcp!.range).toEqual([36, 36 + 20 + seg.payload.length]);
    expect(field(tcp, 'Destination port')).toMatchObject({ value: '60', range: [38, 40] });
    expect(field(tcp, 'Checksum')?.value).toMatch(/\[correct\]/);
    expect(data!.range).toEqual([56, 56 + seg.payload.length]);
    expect(d.decrypted).toHaveLength(1);
    expect(d.decrypted[0]!.range[0]).toBe(36);
    rangesInside(d, p.length);
  });

  it('says why it cannot look inside ESP: no SA, ICV failed, truncated', () => {
    const p = espPacket();
    const noSa = dissect(p);
    expect(noSa.layers[1]!.problem).toMatchObject({ kind: 'no-sa', offset: 20 });
    expect(noSa.layers[1]!.problem!.message).toContain('no SA for SPI 0x1000abcd');
    const wrong = dissect(p, { lookupSa: () => ({ keyMaterial: fromHex('ff'.repeat(20))! }) });
    expect(wrong.layers[1]!.problem).toMatchObject({ kind: 'icv-failed', offset: p.length - 16 });
    expect(protocols(wrong)).toEqual(['IPv4', 'ESP']);
    const cut = dissect(p.subarray(0, 30));
    expect(cut.layers[0]!.problem).toMatchObject({ kind: 'truncated', offset: 30 });
    expect(cut.layers[0]!.problem!.message).toContain('truncated at byte 30');
  });

  it('dissects GRE with the XCF key and the inner IPv4 packet', () => {
    const inner = encodeIpv4({ ...hdr, protocol: IPPROTO.TCP, payload: encodeTcp(seg, hdr.src, hdr.dst) });
    const gre = encodeGre({
      protocolType: GRE_PROTO_IPV4,
      key: greKeyFromIpv4('10.255.0.2'),
      payload: inner,
    });
    const p = encodeIpv4({
      ...hdr,
      protocol: IPPROTO.GRE,
      src: '10.255.0.2',
      dst: '10.255.0.1',
      payload: gre,
    });
    const d = dissect(p);
    expect(protocols(d)).toEqual(['IPv4', 'GRE', 'IPv4', 'TCP', 'Data']);
    expect(field(d.layers[1], 'Key')).toMatchObject({
      value: '0x0aff0002 (sender XCF 10.255.0.2)',
      range: [24, 28],
    });
    expect(d.layers[2]!.range[0]).toBe(28);
    rangesInside(d, p.length);
  });

  it('lets a UDP port dissector plug in (the IKEv2 hook), shifting its ranges', () => {
    const ike: UdpPortDissector = (payload) => [
      {
        protocol: 'IKEv2',
        summary: `${payload.length} bytes`,
        range: [0, payload.length],
        source: 'wire',
        fields: [{ name: 'Initiator SPI', value: 'x', range: [0, 8] }],
      },
    ];
    const udp = encodeUdp({ srcPort: 500, dstPort: 500, payload: new Uint8Array(28) }, hdr.src, hdr.dst);
    const p = encodeIpv4({ ...hdr, protocol: IPPROTO.UDP, payload: udp });
    const d = dissect(p, { udpPorts: new Map([[500, ike]]) });
    expect(protocols(d)).toEqual(['IPv4', 'UDP', 'IKEv2']);
    expect(d.layers[2]!.range).toEqual([28, 56]);
    expect(d.layers[2]!.fields[0]!.range).toEqual([28, 36]);
    const throwing = dissect(p, {
      udpPorts: new Map([
        [
          500,
          () => {
            throw new Error('boom');
          },
        ],
      ]),
    });
    expect(throwing.layers[1]!.problem?.kind).toBe('dissector-error');
    expect(protocols(throwing)).toEqual(['IPv4', 'UDP', 'Data']);
  });

  it('dissects tunnel mode and dummy packets inside ESP', () => {
    const sa = createEspSa(nobleAead, { spi: SPI, keyMaterial: KM });
    const inner = encodeIpv4({
      ...hdr,
      protocol: IPPROTO.UDP,
      payload: encodeUdp({ srcPort: 1, dstPort: 2, payload: new Uint8Array(3) }, hdr.src, hdr.dst),
    });
    const t = sealEspIpv4(sa, hdr, inner, IPPROTO.IPV4);
    const dummy = sealEspIpv4(sa, hdr, new Uint8Array(4), IPPROTO.NONE);
    if (!t.ok || !dummy.ok) throw new Error('seal');
    const lookupSa = () => ({ keyMaterial: KM });
    expect(protocols(dissect(t.value, { lookupSa }))).toEqual(['IPv4', 'ESP', 'IPv4*', 'UDP*', 'Data*']);
    expect(protocols(dissect(dummy.value, { lookupSa }))).toEqual(['IPv4', 'ESP']);
  });

  it('never throws on random bytes or mutated packets, and ranges stay inside the packet', () => {
    const p = espPacket();
    const lookupSa = () => ({ keyMaterial: KM });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        const d = dissect(b, { lookupSa });
        expect(d.layers.some((l) => l.problem?.kind === 'internal-error')).toBe(false);
        rangesInside(d, b.length);
      }),
    );
    fc.assert(
      fc.property(fc.nat(p.length - 1), fc.nat(255), fc.nat(p.length), (at, v, cut) => {
        const m = p.slice(0, Math.max(cut, 1));
        if (at < m.length) m[at] = v;
        const d = dissect(m, { lookupSa });
        expect(d.layers.some((l) => l.problem?.kind === 'internal-error')).toBe(false);
        rangesInside(d, m.length);
      }),
    );
  });
});
