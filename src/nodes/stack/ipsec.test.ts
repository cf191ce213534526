import { describe, expect, it } from 'vitest';
import { figure9 } from '../../scenario/presets/figure9';
import { buildWorld } from '../../scenario/world';
import type { ActorRandom, Output } from '../../sim/types';
import { nobleAead } from '../../wire/aead-noble';
import { createEspSa } from '../../wire/esp';
import { sealEspIpv4 } from '../../wire/esp-ipv4';
import { encodeGre, GRE_PROTO_IPV4 } from '../../wire/gre';
import { IPPROTO } from '../../wire/ipproto';
import { decodeIpv4Full, encodeIpv4 } from '../../wire/ipv4';
import { encodeTcp, TCP_FLAGS } from '../../wire/tcp';
import { testIpHeader } from '../../wire/testing/ip-header';
import { espInstall } from '../ipsec-host/esp-db';
import { sampleChildSa, sampleKeyMaterial } from '../ipsec-host/sample-sa';
import type { StackActorConfig } from './config';
import type { Ev } from './event';
import { openGre, openInboundEsp } from './ipsec';
import { initStackState } from './state';

// The routing stack's discards, each counted by reason (Fig. 12 and Fig. 11): unknown SPI, ICV
// failure (tampering), replay, and a GRE packet that arrives on the link of a stack other than the
// one its key names (a spoof).

const mvs1 = buildWorld(figure9).actors.find((a) => a.id === 'MVS1')!.config as StackActorConfig;
const random: ActorRandom = { int: () => 0, float: () => 0, bytes: (n) => new Uint8Array(n) };
const ev = (): Ev => ({ s: initStackState(mvs1, 1), now: 0, random, out: [] as Output[] });
const child = sampleChildSa();
const header = testIpHeader(1);
const tcp = encodeTcp(
  {
    srcPort: 20000,
    dstPort: 60,
    seq: 1,
    ack: 0,
    flags: TCP_FLAGS.SYN,
    window: 65535,
    urgent: 0,
    payload: new Uint8Array(),
  },
  '198.51.100.7',
  '203.0.113.11',
);
const clientSa = createEspSa(nobleAead, {
  spi: 0x1000abcd,
  keyMaterial: sampleKeyMaterial(),
});
const espPacket = () => {
  const r = sealEspIpv4(clientSa, header, tcp, IPPROTO.TCP);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const decoded = (b: Uint8Array) => {
  const r = decodeIpv4Full(b);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('routing stack ESP discards', () => {
  it('opens a good packet once; the replay of it is dropped as a duplicate', () => {
    const e = ev();
    espInstall(e.s.esp, child);
    const pkt = espPacket();
    expect(openInboundEsp(e, decoded(pkt), pkt)).not.toBeNull();
    expect(openInboundEsp(e, decoded(pkt), pkt)).toBeNull();
    expect(e.s.drops).toEqual({ 'esp-replay-duplicate': 1 });
  });

  it('drops a tampered packet (ICV) and one for an SPI nobody installed', () => {
    const e = ev();
    espInstall(e.s.esp, child);
    const pkt = espPacket();
    const tampered = pkt.slice();
    tampered[tampered.length - 20]! ^= 1;
    expect(openInboundEsp(e, decoded(tampered), tampered)).toBeNull();
    const other = ev();
    expect(openInboundEsp(other, decoded(pkt), pkt)).toBeNull();
    expect(e.s.drops).toEqual({ 'esp-icv-failed': 1 });
    expect(other.s.drops).toEqual({ 'esp-unknown-spi': 1 });
  });
});

describe('GRE anti-spoof (Fig. 11, block 222)', () => {
  const inner = encodeIpv4({ ...header, protocol: IPPROTO.TCP, payload: tcp });
  const greFrom = (claimed: string) => {
    const g = encodeGre({
      protocolType: GRE_PROTO_IPV4,
      key: claimed.split('.').reduce((a, b) => a * 256 + Number(b), 0) >>> 0,
      payload: inner,
    });
    return encodeIpv4({ ...header, src: '10.255.0.2', dst: '10.255.0.1', protocol: IPPROTO.GRE, payload: g });
  };

  it('accepts GRE on the link of the stack its key names, and drops it on any other link', () => {
    const e = ev();
    const frame = greFrom('10.255.0.2');
    expect(openGre(e, 'xcf:MVS2', decoded(frame), frame)?.from).toBe(0x0aff0002);
    expect(openGre(e, 'xcf:MVS3', decoded(frame), frame)).toBeNull();
    const forged = greFrom('10.255.0.4');
    expect(openGre(e, 'xcf:MVS2', decoded(forged), forged)).toBeNull();
    expect(e.s.drops).toEqual({ 'gre-spoof': 2 });
  });
});
