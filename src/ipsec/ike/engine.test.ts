import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../wire/ikev2-message';
import { createIkeEngine, findChildBySpiIn, purgeLocalAddress, setNegotiationAllowed } from './engine';
import type { ChildSaInfo, IkeEngineState, IkeEvent, IkePeerConfig } from './engine-types';
import { type Harness, type HarnessNode, newHarness, newNode, request, run } from './harness';
import { idIpv4 } from './identity';

const PEER = '198.51.100.7';
const DVIPA = '203.0.113.11';
const psk = (s: string) => new TextEncoder().encode(s);

function peerCfg(local: string, remote: string, secret = 'sysplex-secret'): IkePeerConfig {
  return {
    localAddr: local,
    remoteAddr: remote,
    localId: idIpv4(local),
    remoteId: idIpv4(remote),
    psk: psk(secret),
    ikeCiphers: ['aes-gcm-16-256', 'aes-gcm-16-128'],
    espCiphers: ['aes-gcm-16-128', 'aes-gcm-16-256'],
  };
}
const engine = (local: string, remote: string, secret?: string): IkeEngineState =>
  createIkeEngine({ peers: [peerCfg(local, remote, secret)] });

function setup(seedA = 1, seedB = 2, secretB?: string) {
  const peer = newNode('peer', [PEER], engine(PEER, DVIPA), seedA);
  const stack = newNode('mvs1', [DVIPA], engine(DVIPA, PEER, secretB), seedB);
  return { h: newHarness([peer, stack]), peer, stack };
}

const ofKind = <K extends IkeEvent['kind']>(n: HarnessNode, kind: K) =>
  n.events.filter((e): e is Extract<IkeEvent, { kind: K }> => e.kind === kind);
const installed = (n: HarnessNode): ChildSaInfo[] => ofKind(n, 'child-sa-installed').map((e) => e.child);
const children = (n: HarnessNode) => n.state.sas.flatMap((sa) => sa.children);

function expectPaired(a: ChildSaInfo, b: ChildSaInfo) {
  expect(a.spiOut).toBe(b.spiIn);
  expect(a.spiIn).toBe(b.spiOut);
  expect(a.outbound).toEqual(b.inbound);
  expect(a.inbound).toEqual(b.outbound);
  expect(a.cipher).toBe(b.cipher);
  expect(a.tsLocal).toEqual(b.tsRemote);
  expect(a.tsRemote).toEqual(b.tsLocal);
  expect(a.outbound.key).not.toEqual(a.inbound.key);
}

function connect(h: Harness, n: HarnessNode, local: string, remote: string, extra = {}) {
  request(h, n, { kind: 'connect', localAddr: local, remoteAddr: remote, ...extra });
  run(h);
}

describe('IKE engine: IKE_SA_INIT + IKE_AUTH (RFC 7296 §1.2)', () => {
  it('establishes an IKE SA and a matching pair of Child SAs in four messages', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    expect(h.wire.map((w) => decodeMessage(w.d.bytes).ok && decodeMessage(w.d.bytes))).toHaveLength(4);
    const exch = h.wire.map((w) => {
      const m = decodeMessage(w.d.bytes);
      return m.ok ? m.value.header.exchangeType : -1;
    });
    expect(exch).toEqual([34, 34, 35, 35]);
    expect(ofKind(peer, 'ike-sa-established')).toHaveLength(1);
    expect(ofKind(stack, 'ike-sa-established')).toHaveLength(1);
    const [a] = installed(peer);
    const [b] = installed(stack);
    expect(a && b).toBeTruthy();
    expectPaired(a!, b!);
    expect(a!.cipher).toBe('aes-gcm-16-128');
    expect(a!.inbound.key).toHaveLength(16);
    expect(a!.inbound.salt).toHaveLength(4);
    expect(b!.localAddr).toBe(DVIPA);
    expect(b!.remoteId).toEqual(idIpv4(PEER));
    expect(b!.tsLocal).toEqual([
      { tsType: 7, ipProtocol: 0, startPort: 0, endPort: 65535, startAddr: DVIPA, endAddr: DVIPA },
    ]);
    // both ends agree on the IKE SA keys and the IKE cipher follows the responder's preference
    const ea = ofKind(peer, 'ike-sa-established')[0]!;
    const eb = ofKind(stack, 'ike-sa-established')[0]!;
    expect(ea.keys).toEqual(eb.keys);
    expect(ea.cipher).toBe('aes-gcm-16-256');
    expect(ea.spiI).toEqual(eb.spiI);
    expect(ea.spiR).toEqual(eb.spiR);
    expect(Object.keys(peer.timers)).toEqual([]);
  });

  it('keeps state as plain, structuredClone-able data and never mutates its input', () => {
    const { h, peer } = setup();
    const before = structuredClone(peer.state);
    const frozen = peer.state;
    connect(h, peer, PEER, DVIPA);
    expect(frozen).toEqual(before);
    expect(structuredClone(peer.state)).toEqual(peer.state);
  });

  it('is deterministic: the same random bytes give byte-identical messages', () => {
    const a = setup(7, 8);
    connect(a.h, a.peer, PEER, DVIPA);
    const b = setup(7, 8);
    connect(b.h, b.peer, PEER, DVIPA);
    expect(b.h.wire.map((w) => w.d.bytes)).toEqual(a.h.wire.map((w) => w.d.bytes));
    const c = setup(7, 9);
    connect(c.h, c.peer, PEER, DVIPA);
    expect(c.h.wire[1]!.d.bytes).not.toEqual(a.h.wire[1]!.d.bytes);
  });

  it('with a wrong PSK: AUTHENTICATION_FAILED, a clear event on both sides and no SA anywhere', () => {
    const { h, peer, stack } = setup(1, 2, 'not-the-secret');
    connect(h, peer, PEER, DVIPA);
    expect(ofKind(stack, 'auth-failed')).toMatchObject([{ detail: 'peer-auth-invalid' }]);
    expect(ofKind(peer, 'auth-failed')).toMatchObject([{ detail: 'rejected-by-peer' }]);
    expect(ofKind(peer, 'child-sa-installed').length + ofKind(stack, 'child-sa-installed').length).toBe(0);
    expect(peer.state.sas).toEqual([]);
    expect(stack.state.sas).toEqual([]);
    const last = decodeMessage(h.wire[3]!.d.bytes);
    expect(last.ok && last.value.header.exchangeType).toBe(35);
  });

  it('rejects an unexpected identity the same way', () => {
    const { h, peer, stack } = setup();
    stack.state = createIkeEngine({
      peers: [{ ...peerCfg(DVIPA, PEER), remoteId: idIpv4('198.51.100.99') }],
    });
    connect(h, peer, PEER, DVIPA);
    expect(ofKind(stack, 'auth-failed')).toMatchObject([{ detail: 'identity-mismatch' }]);
    expect(peer.state.sas).toEqual([]);
  });

  it('answers NO_PROPOSAL_CHOSEN when no cipher is shared', () => {
    const { h, peer, stack } = setup();
    stack.state = createIkeEngine({ peers: [{ ...peerCfg(DVIPA, PEER), ikeCiphers: ['aes-gcm-16-128'] }] });
    peer.state = createIkeEngine({ peers: [{ ...peerCfg(PEER, DVIPA), ikeCiphers: ['aes-gcm-16-256'] }] });
    connect(h, peer, PEER, DVIPA);
    expect(ofKind(peer, 'negotiation-failed')).toMatchObject([{ reason: 'no-proposal-chosen', notify: 14 }]);
    expect(peer.state.sas).toEqual([]);
    expect(stack.state.sas).toEqual([]);
  });
});

describe('IKE engine: retransmission (RFC 7296 §2.1)', () => {
  it('retransmits a dropped request and completes', () => {
    const { h, peer, stack } = setup();
    h.dropIf = (_d, n) => n === 2; // the first IKE_AUTH request
    connect(h, peer, PEER, DVIPA);
    expect(ofKind(peer, 'retransmit')).toMatchObject([{ messageId: 1, attempt: 2 }]);
    expectPaired(installed(peer)[0]!, installed(stack)[0]!);
    expect(h.wire[3]!.d.bytes).toEqual(h.wire[2]!.d.bytes);
    expect(h.wire[3]!.at - h.wire[2]!.at).toBe(500_000);
  });

  it('answers a retransmitted request with the cached response when the response was lost', () => {
    const { h, peer, stack } = setup();
    h.dropIf = (_d, n) => n === 3; // the IKE_AUTH response
    connect(h, peer, PEER, DVIPA);
    expect(installed(stack)).toHaveLength(1);
    expect(installed(peer)).toHaveLength(1);
    expect(ofKind(stack, 'message').filter((e) => e.dir === 'retransmitted')).toHaveLength(1);
    expect(h.wire[5]!.d.bytes).toEqual(h.wire[3]!.d.bytes);
  });

  it('backs off exponentially and gives up after maxTries', () => {
    const { h, peer } = setup();
    h.dropIf = () => true;
    connect(h, peer, PEER, DVIPA);
    const times = h.wire.map((w) => w.at);
    expect(times).toEqual([0, 500_000, 1_500_000, 3_500_000, 7_500_000]);
    expect(ofKind(peer, 'negotiation-failed')).toMatchObject([{ reason: 'peer-unreachable' }]);
    expect(peer.state.sas).toEqual([]);
  });
});

describe('IKE engine: CREATE_CHILD_SA and INFORMATIONAL', () => {
  it('rekeys a Child SA, then deletes the old one on both sides (§1.3.3, §2.8)', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    const old = installed(peer)[0]!;
    request(h, peer, { kind: 'rekey-child', spiIn: old.spiIn });
    run(h);
    const [, na] = installed(peer);
    const [, nb] = installed(stack);
    expectPaired(na!, nb!);
    expect(na!.rekeyOf).toBe(old.spiIn);
    expect(nb!.rekeyOf).toBe(old.spiOut);
    expect(na!.outbound.key).not.toEqual(old.outbound.key);
    expect(children(peer).map((c) => c.spiIn)).toEqual([na!.spiIn]);
    expect(children(stack).map((c) => c.spiIn)).toEqual([nb!.spiIn]);
    expect(ofKind(stack, 'child-sa-deleted')).toMatchObject([
      { spiIn: old.spiOut, reason: 'deleted-by-peer' },
    ]);
    expect(ofKind(peer, 'child-sa-deleted')).toMatchObject([{ spiIn: old.spiIn, reason: 'deleted-locally' }]);
  });

  it('rekeys with PFS (fresh X25519) and the responder may start a new Child SA too', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    request(h, peer, { kind: 'rekey-child', spiIn: installed(peer)[0]!.spiIn, pfs: true });
    run(h);
    expectPaired(installed(peer)[1]!, installed(stack)[1]!);
    const tcp = {
      tsType: 7 as const,
      ipProtocol: 6,
      startPort: 60,
      endPort: 60,
      startAddr: DVIPA,
      endAddr: DVIPA,
    };
    request(h, stack, { kind: 'connect', localAddr: DVIPA, remoteAddr: PEER, tsLocal: [tcp] });
    run(h);
    const a = installed(stack)[2]!;
    const b = installed(peer)[2]!;
    expectPaired(a, b);
    expect(a.tsLocal).toEqual([tcp]);
    expect(children(peer)).toHaveLength(2);
  });

  it('deletes a Child SA and then the IKE SA (§1.4.1)', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    request(h, stack, { kind: 'delete-child', spiIn: installed(stack)[0]!.spiIn });
    run(h);
    expect(children(peer)).toEqual([]);
    expect(children(stack)).toEqual([]);
    const ikeSaId = peer.state.sas[0]!.id;
    request(h, peer, { kind: 'liveness', ikeSaId });
    run(h);
    expect(ofKind(peer, 'liveness-ok')).toHaveLength(1);
    request(h, peer, { kind: 'delete-ike', ikeSaId });
    run(h);
    expect(peer.state.sas).toEqual([]);
    expect(stack.state.sas).toEqual([]);
    expect(ofKind(stack, 'ike-sa-deleted')).toMatchObject([{ reason: 'deleted-by-peer' }]);
  });
});

describe('IKE engine: INITIAL_CONTACT and DVIPA ownership (RFC 7296 §3.10.1)', () => {
  it('a backup stack taking over the DVIPA replaces the old SAs at the remote peer', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    const oldSpi = installed(peer)[0]!.spiIn;
    const oldIkeSa = peer.state.sas[0]!.id;
    // MVS1 dies; MVS5 (a fresh engine presenting the same DVIPA identity) takes the DVIPA over
    h.nodes = [peer];
    const backup = newNode('mvs5', [DVIPA], engine(DVIPA, PEER), 99);
    h.nodes.push(backup);
    connect(h, backup, DVIPA, PEER);
    const auth = h.wire.at(-2)!;
    expect(decodeMessage(auth.d.bytes).ok).toBe(true);
    expect(ofKind(peer, 'initial-contact').at(-1)!.replacedIkeSaIds).toEqual([oldIkeSa]);
    expect(ofKind(peer, 'child-sa-deleted')).toMatchObject([{ spiIn: oldSpi, reason: 'initial-contact' }]);
    expect(peer.state.sas).toHaveLength(1);
    expectPaired(installed(peer)[1]!, installed(backup)[0]!);
    expect(stack.state.sas).toHaveLength(1); // the dead stack is not told
  });

  it('a restarted initiator makes the responder drop the SAs of that identity', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    const fresh = newNode('peer-restarted', [PEER], engine(PEER, DVIPA), 5);
    h.nodes = [fresh, stack];
    connect(h, fresh, PEER, DVIPA);
    expect(ofKind(stack, 'initial-contact').at(-1)!.replacedIkeSaIds).toEqual([installed(stack)[0]!.ikeSaId]);
    expect(stack.state.sas).toHaveLength(1);
    expect(children(stack)).toHaveLength(1);
  });

  it('a new responder instance sends INITIAL_CONTACT in its IKE_AUTH response', () => {
    const { h, peer } = setup();
    connect(h, peer, PEER, DVIPA);
    const oldIkeSa = peer.state.sas[0]!.id;
    // a new stack now answers for the DVIPA; the peer (which knows the identity) starts a new IKE SA
    const backup = newNode('mvs5', [DVIPA], engine(DVIPA, PEER), 42);
    h.nodes = [peer, backup];
    connect(h, peer, PEER, DVIPA, { newIkeSa: true });
    const payloads = ofKind(peer, 'message').filter((e) => e.exchange === 'IKE_AUTH');
    expect(payloads[2]!.payloads).not.toContain('N(INITIAL_CONTACT)'); // the peer's request
    expect(payloads[3]!.payloads).toContain('N(INITIAL_CONTACT)'); // the new responder's answer
    expect(ofKind(peer, 'initial-contact').at(-1)!.replacedIkeSaIds).toEqual([oldIkeSa]);
    expect(peer.state.sas.map((sa) => sa.id)).not.toContain(oldIkeSa);
    expectPaired(installed(peer).at(-1)!, installed(backup)[0]!);
  });

  it('refuses negotiations for a DVIPA it was told is deleted, and purges its tunnels', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    stack.state = setNegotiationAllowed(stack.state, DVIPA, false);
    request(h, stack, { kind: 'connect', localAddr: DVIPA, remoteAddr: PEER });
    expect(ofKind(stack, 'negotiation-failed')).toMatchObject([{ reason: 'refused-local-address' }]);
    request(h, peer, { kind: 'connect', localAddr: PEER, remoteAddr: DVIPA }); // CREATE_CHILD_SA
    run(h);
    expect(ofKind(peer, 'negotiation-failed')).toMatchObject([{ reason: 'no-additional-sas', notify: 35 }]);
    const res = purgeLocalAddress(stack.state, DVIPA);
    expect(res.state.sas).toEqual([]);
    expect(res.events.map((e) => e.kind)).toEqual(['child-sa-deleted', 'ike-sa-deleted']);
    expect(res.out).toEqual([]);
  });

  it('deletes, on behalf of the previous owner, Child SAs whose SPIs came from the CF', () => {
    const { h, peer, stack } = setup();
    connect(h, peer, PEER, DVIPA);
    const backupSpis = children(stack).map((c) => c.spiIn); // what the CF would hold
    const primary = newNode('mvs1-recovered', [DVIPA], engine(DVIPA, PEER), 77);
    h.nodes = [peer, primary];
    connect(h, primary, DVIPA, PEER, { initialContact: false }); // takeback: keep the old SAs until deleted
    expect(peer.state.sas).toHaveLength(2);
    request(h, primary, { kind: 'delete-child', ikeSaId: primary.state.sas[0]!.id, spis: backupSpis });
    run(h);
    expect(ofKind(peer, 'child-sa-deleted')).toMatchObject([
      { spiOut: backupSpis[0], reason: 'deleted-by-peer' },
    ]);
    expect(findChildBySpiIn(peer.state, installed(peer)[1]!.spiIn)).toBeTruthy();
  });
});
