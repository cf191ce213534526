import { describe, expect, it } from 'vitest';
import { nobleAead } from './aead-noble';
import { fromHex } from './bytes';
import { createEspSa } from './esp';
import { openEspIpv4, sealEspIpv4, sealEspTcp, sealEspTunnel } from './esp-ipv4';
import { IPPROTO } from './ipproto';
import { decodeIpv4, encodeIpv4 } from './ipv4';
import { decodeTcp, TCP_FLAGS } from './tcp';
import { testIpHeader } from './testing/ip-header';

const KM = fromHex('0123456789abcdef0123456789abcdef01020304')!;
const ip = testIpHeader(7);

describe('IPv4 ‖ ESP packets (transport and tunnel mode)', () => {
  it('seals a TCP segment in transport mode and opens it back, checksums good', () => {
    const out = createEspSa(nobleAead, { spi: 0x1000abcd, keyMaterial: KM });
    const inb = createEspSa(nobleAead, { spi: 0x1000abcd, keyMaterial: KM });
    const seg = {
      srcPort: 40000,
      dstPort: 60,
      seq: 1,
      ack: 0,
      flags: TCP_FLAGS.SYN,
      window: 65535,
      urgent: 0,
      mss: 1400,
      payload: new Uint8Array(0),
    };
    const p = sealEspTcp(out, ip, seg);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    const outer = decodeIpv4(p.value);
    expect(outer.ok && outer.value.protocol).toBe(IPPROTO.ESP);
    const r = openEspIpv4((spi) => (spi === inb.spi ? inb : undefined), p.value);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.esp.nextHeader).toBe(IPPROTO.TCP);
    expect(decodeTcp(r.value.esp.payload, ip.src, ip.dst)).toEqual({ ok: true, value: seg });
    const again = openEspIpv4(() => inb, p.value);
    expect(!again.ok && again.error).toMatchObject({ kind: 'replay-duplicate', offset: 24 });
    const none = openEspIpv4(() => undefined, p.value);
    expect(!none.ok && none.error).toMatchObject({ kind: 'unknown-spi', offset: 20 });
  });

  it('carries an inner IPv4 packet in tunnel mode (next header 4)', () => {
    const out = createEspSa(nobleAead, { spi: 9, keyMaterial: KM });
    const inb = createEspSa(nobleAead, { spi: 9, keyMaterial: KM });
    const inner = encodeIpv4({
      ...ip,
      protocol: IPPROTO.UDP,
      src: '10.0.0.1',
      dst: '10.0.0.2',
      payload: new Uint8Array(12),
    });
    const p = sealEspTunnel(out, ip, inner);
    if (!p.ok) throw new Error(p.error.message);
    const r = openEspIpv4(() => inb, p.value);
    expect(r.ok && r.value.esp.nextHeader).toBe(IPPROTO.IPV4);
    expect(r.ok && [...r.value.esp.payload]).toEqual([...inner]);
    const notEsp = openEspIpv4(() => inb, inner);
    expect(!notEsp.ok && notEsp.error.kind).toBe('not-esp');
    expect(sealEspIpv4(out, ip, new Uint8Array(3), IPPROTO.NONE).ok).toBe(true);
  });
});
