import { describe, expect, it } from 'vitest';
import { addrRange, ipv4ToU32, u32ToIpv4 } from './addr';
import type { ChildSaInfo } from './ike/engine-types';
import { hostTs, idIpv4 } from './ike/identity';
import { comparePoliciesForDvipa } from './policy-equivalence';
import { emptySad, sadInbound, sadInstallChild, sadNextSeq, sadOutbound, sadRemoveChild } from './sad';
import { type PacketKey, type Spd, type SpdRule, selector, spdLookup } from './spd';

const DVA1 = '203.0.113.11';
const PEER = '198.51.100.7';
const ip = (a: string) => ipv4ToU32(a)!;
const pkt = (local: string, remote: string, protocol = 6, localPort = 60, remotePort = 40000): PacketKey => ({
  local: ip(local),
  remote: ip(remote),
  protocol,
  localPort,
  remotePort,
});
const protect = (name: string, cipher: 'aes-gcm-16-128' | 'aes-gcm-16-256' = 'aes-gcm-16-128'): SpdRule => ({
  name,
  selector: selector({ local: DVA1, remote: '198.51.100.0/24', protocol: 6, localPorts: [60, 60] }),
  action: { kind: 'protect', cipher, peer: PEER, localId: idIpv4(DVA1), remoteId: idIpv4(PEER) },
});
const spd = (outbound: SpdRule[]): Spd => ({
  outbound,
  inbound: outbound,
});

describe('addresses', () => {
  it('parses single addresses, CIDR and ranges', () => {
    expect(addrRange('203.0.113.0/24')).toEqual({ first: ip('203.0.113.0'), last: ip('203.0.113.255') });
    expect(addrRange('10.255.0.1-10.255.0.5')).toEqual({ first: ip('10.255.0.1'), last: ip('10.255.0.5') });
    expect(addrRange('0.0.0.0/0')).toEqual({ first: 0, last: 0xffffffff });
    expect(addrRange('1.2.3')).toBeUndefined();
    expect(u32ToIpv4(ip('203.0.113.11'))).toBe('203.0.113.11');
  });
});

describe('SPD (RFC 4301 §4.4.1)', () => {
  const rules: SpdRule[] = [
    {
      name: 'xcf-bypass',
      selector: selector({ local: '10.255.0.0/24', remote: '10.255.0.0/24' }),
      action: { kind: 'bypass' },
    },
    protect('dva1-app'),
    { name: 'dva1-other', selector: selector({ local: DVA1 }), action: { kind: 'discard' } },
  ];
  it('returns the first matching rule and its index (policy filter rule binding)', () => {
    const s = spd(rules);
    expect(spdLookup(s, 'outbound', pkt(DVA1, PEER))).toMatchObject({ index: 1, rule: { name: 'dva1-app' } });
    expect(spdLookup(s, 'outbound', pkt(DVA1, PEER, 6, 61))).toMatchObject({
      index: 2,
      rule: { action: { kind: 'discard' } },
    });
    expect(spdLookup(s, 'inbound', pkt('10.255.0.1', '10.255.0.2', 47, 0, 0))).toMatchObject({ index: 0 });
    expect(spdLookup(s, 'outbound', pkt('203.0.113.99', PEER))).toBeUndefined();
  });
});

function child(spiIn: number, spiOut: number, installedAt: number, remotePort?: number): ChildSaInfo {
  const k = (n: number) => ({ key: new Uint8Array(16).fill(n), salt: new Uint8Array(4).fill(n) });
  return {
    ikeSaId: 'ike1',
    protocol: 'esp',
    spiIn,
    spiOut,
    cipher: 'aes-gcm-16-128',
    inbound: k(1),
    outbound: k(2),
    tsLocal: [hostTs(DVA1, 6, 60, 60)],
    tsRemote: [remotePort === undefined ? hostTs(PEER) : hostTs(PEER, 6, remotePort, remotePort)],
    installedAt,
    localAddr: DVA1,
    remoteAddr: PEER,
    localId: idIpv4(DVA1),
    remoteId: idIpv4(PEER),
  };
}

describe('SAD (RFC 4301 §4.4.2)', () => {
  it('finds inbound SAs by SPI and outbound SAs by selector, newest first', () => {
    let sad = sadInstallChild(emptySad(), child(0x1000, 0x2000, 1));
    expect(sadInbound(sad, 0x1000)).toMatchObject({ direction: 'in', pairSpi: 0x2000 });
    expect(sadInbound(sad, 0x2000)).toBeUndefined();
    expect(sadOutbound(sad, pkt(DVA1, PEER))).toMatchObject({ spi: 0x2000, seq: 1 });
    expect(sadOutbound(sad, pkt(DVA1, PEER, 6, 61))).toBeUndefined();
    expect(sadOutbound(sad, pkt(DVA1, PEER), '198.51.100.8')).toBeUndefined();
    sad = sadInstallChild(sad, child(0x1001, 0x2001, 2)); // the rekeyed SA
    expect(sadOutbound(sad, pkt(DVA1, PEER))!.spi).toBe(0x2001);
    const next = sadNextSeq(sad, 0x2001)!;
    expect(next.seq).toBe(1);
    expect(sadOutbound(next.sad, pkt(DVA1, PEER))!.seq).toBe(2);
    sad = sadRemoveChild(next.sad, 0x1000);
    expect(sadInbound(sad, 0x1000)).toBeUndefined();
    expect(sad.outbound.map((e) => e.spi)).toEqual([0x2001]);
    expect(structuredClone(sad)).toEqual(sad);
  });
});

describe('DVIPA policy equivalence', () => {
  it('is silent when two stacks have the same DVIPA rules (names may differ)', () => {
    const a = spd([
      protect('a'),
      { name: 'other', selector: selector({ local: '203.0.113.12' }), action: { kind: 'bypass' } },
    ]);
    const b = spd([protect('b')]);
    expect(comparePoliciesForDvipa({ stack: 'MVS1', spd: a }, { stack: 'MVS5', spd: b }, DVA1)).toEqual([]);
  });

  it('reports a different cipher, a missing rule and a different order', () => {
    const discard: SpdRule = {
      name: 'deny',
      selector: selector({ local: DVA1 }),
      action: { kind: 'discard' },
    };
    const a = spd([protect('a'), discard]);
    const b = spd([protect('b', 'aes-gcm-16-256')]);
    const d = comparePoliciesForDvipa({ stack: 'MVS1', spd: a }, { stack: 'MVS5', spd: b }, DVA1);
    expect(d.map((x) => [x.direction, x.position])).toEqual([
      ['inbound', 0],
      ['inbound', 1],
      ['outbound', 0],
      ['outbound', 1],
    ]);
    expect(d[0]!.message).toContain('aes-gcm-16-128');
    expect(d[0]!.message).toContain('aes-gcm-16-256');
    expect(d[1]!.message).toContain('MVS5 has no such rule');
    const swapped = comparePoliciesForDvipa(
      { stack: 'MVS1', spd: a },
      { stack: 'MVS5', spd: spd([discard, protect('b')]) },
      DVA1,
    );
    expect(swapped.length).toBeGreaterThan(0);
  });
});
