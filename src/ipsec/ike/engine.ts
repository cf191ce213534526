// The IKEv2 engine (RFC 7296) as a pure state machine: every entry point takes the state, an input
// and the context (time, randomness, policy hook) and returns the next state with the datagrams to
// send, the timers to set or cancel and the events for the trace and the owner. It never reads a
// clock, never draws randomness of its own and never mutates its input.
//
// Exchanges: IKE_SA_INIT (§1.2), IKE_AUTH with a PSK (§1.2, §2.15), CREATE_CHILD_SA for new and
// rekeyed Child SAs (§1.3.1, §1.3.3), INFORMATIONAL for Delete and liveness (§1.4, §2.4);
// retransmission (§2.1); INITIAL_CONTACT (§3.10.1); AUTHENTICATION_FAILED (§2.21.2).

import { bytesEqual, u16 } from '../../wire/ikev2-bytes';
import {
  AuthMethod,
  DhGroup,
  ExchangeType,
  HeaderFlag,
  NotifyType,
  ProtocolId,
} from '../../wire/ikev2-constants';
import { decodeMessage, encodeMessage } from '../../wire/ikev2-message';
import { openMessage } from '../../wire/ikev2-sk';
import type { IkeMessage, IkePayload } from '../../wire/ikev2-types';
import { idPayloadBody, pskAuth } from './auth';
import { x25519PublicKey, x25519Shared } from './dh';
import {
  acceptChild,
  answerChild,
  errorNotify,
  find,
  hasNotify,
  installChild,
  notify,
  offerChild,
  type PayloadOf,
} from './engine-child';
import {
  begin,
  clearPending,
  drop,
  dropIkeSa,
  end,
  findSa,
  isRefused,
  newIkeSpi,
  pairKey,
  type Run,
  received,
  removeChild,
  resendLastResponse,
  sendRequest,
  sendResponse,
  sendUnreliable,
  spiBytes,
  spiNumber,
} from './engine-io';
import type {
  ChildWish,
  Endpoint,
  IkeCtx,
  IkeEngineConfig,
  IkeEngineState,
  IkeRequest,
  IkeResult,
  IkeSa,
  QueuedOp,
} from './engine-types';
import { hostTs } from './identity';
import { deriveIkeSaKeys } from './keys';
import { chooseIke, ikeProposal } from './proposals';

export const DEFAULT_RETRANSMIT = { initialUs: 500_000, factor: 2, maxTries: 5 } as const;

export function createIkeEngine(
  config: Partial<IkeEngineConfig> & Pick<IkeEngineConfig, 'peers'>,
): IkeEngineState {
  return {
    config: { port: 500, retransmit: { ...DEFAULT_RETRANSMIT }, ...config },
    sas: [],
    refusedLocalAddrs: [],
    contacted: [],
  };
}

// ---- owner hooks --------------------------------------------------------------------------------

/** Allow or refuse negotiations for a local address ("tell its IKE the DVIPA is deleted"): refused
 *  addresses start no IKE SA, answer no IKE_SA_INIT and refuse CREATE_CHILD_SA (NO_ADDITIONAL_SAS). */
export function setNegotiationAllowed(
  state: IkeEngineState,
  localAddr: string,
  allowed: boolean,
): IkeEngineState {
  const rest = state.refusedLocalAddrs.filter((a) => a !== localAddr);
  return { ...state, refusedLocalAddrs: allowed ? rest : [...rest, localAddr] };
}

/** Silently forget every IKE SA and Child SA of a local address (tunnels deleted on giveback; the
 *  new owner tells the peer). Needs no context: nothing is sent and nothing random is drawn. */
export function purgeLocalAddress(state: IkeEngineState, localAddr: string): IkeResult {
  const r = begin(state, { now: 0, randomBytes: () => new Uint8Array(0) });
  for (const sa of [...r.s.sas]) if (sa.local.addr === localAddr) dropIkeSa(r, sa, 'purged', 'purged');
  return end(r);
}

// ---- requests from the owner --------------------------------------------------------------------

export function initiate(state: IkeEngineState, req: IkeRequest, ctx: IkeCtx): IkeResult {
  const r = begin(state, ctx);
  switch (req.kind) {
    case 'connect':
      connect(r, req);
      break;
    case 'rekey-child': {
      const sa = r.s.sas.find((x) => x.children.some((c) => c.spiIn === req.spiIn));
      const c = sa?.children.find((x) => x.spiIn === req.spiIn);
      if (!sa || !c) return noSuchChild(r, req.spiIn);
      enqueue(r, sa, {
        kind: 'create-child',
        child: { tsLocal: c.tsLocal, tsRemote: c.tsRemote, pfs: !!req.pfs, rekeyOf: c.spiIn },
      });
      break;
    }
    case 'delete-child': {
      const sa = req.ikeSaId
        ? r.s.sas.find((x) => x.id === req.ikeSaId)
        : r.s.sas.find((x) => x.children.some((c) => c.spiIn === req.spiIn));
      const spis = req.spis ?? (req.spiIn === undefined ? [] : [req.spiIn]);
      if (!sa || spis.length === 0) return noSuchChild(r, req.spiIn ?? 0);
      enqueue(r, sa, { kind: 'delete-child', spis });
      break;
    }
    case 'delete-ike':
    case 'liveness': {
      const sa = r.s.sas.find((x) => x.id === req.ikeSaId);
      if (!sa) break;
      if (req.kind === 'delete-ike' && sa.phase !== 'established') dropIkeSa(r, sa, 'deleted-locally');
      else enqueue(r, sa, { kind: req.kind });
      break;
    }
  }
  return end(r);
}

function noSuchChild(r: Run, spiIn: number): IkeResult {
  r.events.push({
    kind: 'negotiation-failed',
    localAddr: '',
    remoteAddr: '',
    reason: 'no-such-child',
    notify: spiIn,
  });
  return end(r);
}

function connect(r: Run, req: Extract<IkeRequest, { kind: 'connect' }>) {
  const fail = (reason: 'refused-local-address' | 'no-peer-config') => {
    r.events.push({
      kind: 'negotiation-failed',
      localAddr: req.localAddr,
      remoteAddr: req.remoteAddr,
      reason,
    });
  };
  if (isRefused(r, req.localAddr)) return fail('refused-local-address');
  const peer = r.s.config.peers.find((p) => p.localAddr === req.localAddr && p.remoteAddr === req.remoteAddr);
  if (!peer) return fail('no-peer-config');
  const wish: ChildWish = {
    tsLocal: req.tsLocal ?? [hostTs(req.localAddr)],
    tsRemote: req.tsRemote ?? [hostTs(req.remoteAddr)],
    pfs: !!req.pfs,
  };
  const existing = req.newIkeSa
    ? undefined
    : (r.s.sas.find(
        (sa) =>
          sa.local.addr === req.localAddr && sa.remote.addr === req.remoteAddr && sa.phase === 'established',
      ) ??
      r.s.sas.find(
        (sa) =>
          sa.local.addr === req.localAddr && sa.remote.addr === req.remoteAddr && sa.role === 'initiator',
      ));
  if (existing) return enqueue(r, existing, { kind: 'create-child', child: wish });

  // IKE_SA_INIT request: HDR, SAi1, KEi, Ni (§1.2)
  const port = r.s.config.port;
  const spiI = newIkeSpi(r);
  const dhPrivate = r.ctx.randomBytes(32).slice(0, 32);
  const ni = r.ctx.randomBytes(32).slice(0, 32);
  const sa: IkeSa = {
    id: hexId(spiI),
    role: 'initiator',
    phase: 'init-sent',
    local: { addr: req.localAddr, port },
    remote: { addr: req.remoteAddr, port },
    peer,
    spiI,
    spiR: new Uint8Array(8),
    cipher: peer.ikeCiphers[0] ?? 'aes-gcm-16-256',
    ni,
    nr: new Uint8Array(0),
    dhPrivate,
    initRequest: new Uint8Array(0),
    initialContact: req.initialContact ?? !r.s.contacted.includes(pairKey(peer.localId, peer.remoteId)),
    nextRequestId: 0,
    peerNextRequestId: 0,
    queue: [],
    ivCounter: 0,
    children: [],
  };
  r.s.sas.push(sa);
  sendRequest(
    r,
    sa,
    ExchangeType.IKE_SA_INIT,
    [
      { kind: 'SA', proposals: [ikeProposal(peer.ikeCiphers)] },
      { kind: 'KE', group: DhGroup.CURVE25519, data: x25519PublicKey(dhPrivate) },
      { kind: 'NONCE', data: ni },
    ],
    { kind: 'init', child: wish },
  );
  sa.initRequest = sa.pending!.bytes;
}

const hexId = (spi: Uint8Array) => Array.from(spi, (b) => b.toString(16).padStart(2, '0')).join('');

function enqueue(r: Run, sa: IkeSa, op: QueuedOp) {
  sa.queue.push(op);
  pump(r, sa);
}

/** Start the next queued request when the SA is up and idle (window size 1, §2.3). */
function pump(r: Run, sa: IkeSa) {
  while (sa.phase === 'established' && !sa.pending && sa.queue.length > 0 && r.s.sas.includes(sa)) {
    const op = sa.queue.shift()!;
    switch (op.kind) {
      case 'create-child': {
        const rekeyOf = op.child.rekeyOf;
        if (rekeyOf !== undefined && !sa.children.some((c) => c.spiIn === rekeyOf)) continue;
        const offer = offerChild(r, sa, op.child, true);
        const pending = { kind: 'create-child' as const, child: op.child, spiIn: offer.spiIn, ni: offer.ni! };
        sendRequest(
          r,
          sa,
          ExchangeType.CREATE_CHILD_SA,
          offer.payloads,
          offer.dhPrivate ? { ...pending, dhPrivate: offer.dhPrivate } : pending,
        );
        break;
      }
      case 'delete-child':
        // Delete payload lists the SPIs we receive on (§3.11)
        sendRequest(
          r,
          sa,
          ExchangeType.INFORMATIONAL,
          [{ kind: 'D', protocolId: ProtocolId.ESP, spiSize: 4, spis: op.spis.map(spiBytes) }],
          op,
        );
        break;
      case 'delete-ike':
        sendRequest(
          r,
          sa,
          ExchangeType.INFORMATIONAL,
          [{ kind: 'D', protocolId: ProtocolId.IKE, spiSize: 0, spis: [] }],
          op,
        );
        break;
      case 'liveness':
        sendRequest(r, sa, ExchangeType.INFORMATIONAL, [], op);
        break;
    }
  }
}

// ---- timers ---------------------------------------------------------------------------------------

/** A retransmission timer fired (§2.1: same bytes again, growing timeout, give up after maxTries).
 *  Timer ids the engine no longer knows are ignored. */
export function timer(state: IkeEngineState, timerId: string, ctx: IkeCtx): IkeResult {
  const r = begin(state, ctx);
  const sa = r.s.sas.find((x) => x.pending?.timerId === timerId);
  const p = sa?.pending;
  if (!sa || !p) return end(r);
  const rt = r.s.config.retransmit;
  if (p.tries >= rt.maxTries) {
    if (p.op.kind === 'delete-ike') {
      dropIkeSa(r, sa, 'deleted-locally');
      return end(r);
    }
    r.events.push({
      kind: 'negotiation-failed',
      ikeSaId: sa.id,
      localAddr: sa.local.addr,
      remoteAddr: sa.remote.addr,
      reason: 'peer-unreachable',
    });
    dropIkeSa(r, sa, 'peer-unreachable', 'peer-unreachable');
    return end(r);
  }
  p.tries++;
  r.out.push({ from: sa.local, to: sa.remote, bytes: p.bytes });
  r.timers.push({ op: 'set', id: p.timerId, at: r.ctx.now + rt.initialUs * rt.factor ** (p.tries - 1) });
  r.events.push({ kind: 'retransmit', ikeSaId: sa.id, messageId: p.messageId, attempt: p.tries });
  return end(r);
}

// ---- datagrams from the network -----------------------------------------------------------------

/** A UDP datagram for the IKE port arrived (`to` is the local address it was sent to). */
export function receive(
  state: IkeEngineState,
  bytes: Uint8Array,
  from: Endpoint,
  to: Endpoint,
  ctx: IkeCtx,
): IkeResult {
  const r = begin(state, ctx);
  const d = decodeMessage(bytes);
  if (!d.ok) {
    drop(r, from, 'malformed', `${d.error.kind} at ${d.error.offset}: ${d.error.message}`);
    return end(r);
  }
  const m = d.value;
  const h = m.header;
  const isResponse = (h.flags & HeaderFlag.RESPONSE) !== 0;
  const fromOriginalInitiator = (h.flags & HeaderFlag.INITIATOR) !== 0;
  if (h.exchangeType === ExchangeType.IKE_SA_INIT) {
    if (isResponse) onInitResponse(r, m, bytes, from);
    else onInitRequest(r, m, bytes, from, to);
    return end(r);
  }
  const sa = findSa(r, h.spiI, h.spiR, fromOriginalInitiator);
  if (!sa?.keys) {
    drop(r, from, 'unknown-ike-sa');
    return end(r);
  }
  const opened = openMessage(bytes, m, fromOriginalInitiator ? sa.keys.skEi : sa.keys.skEr);
  if (!opened.ok) {
    drop(r, from, 'undecryptable', `${opened.error.kind} at ${opened.error.offset}`);
    return end(r);
  }
  const inner = opened.value.payloads;
  if (isResponse) {
    const p = sa.pending;
    if (!p || p.messageId !== h.messageId) {
      drop(r, from, 'unexpected-response', `message ID ${h.messageId}`);
      return end(r);
    }
    received(r, sa, h.exchangeType, h.messageId, true, inner);
    clearPending(r, sa);
    onResponse(r, sa, p.op, inner);
    if (r.s.sas.includes(sa)) pump(r, sa);
    return end(r);
  }
  if (sa.lastResponse && h.messageId === sa.lastResponse.messageId) {
    resendLastResponse(r, sa, h.exchangeType);
    return end(r);
  }
  if (h.messageId !== sa.peerNextRequestId) {
    drop(r, from, 'unexpected-message-id', `got ${h.messageId}, want ${sa.peerNextRequestId}`);
    return end(r);
  }
  received(r, sa, h.exchangeType, h.messageId, false, inner);
  sa.peerNextRequestId++;
  onRequest(r, sa, h.exchangeType, h.messageId, inner);
  if (r.s.sas.includes(sa)) pump(r, sa);
  return end(r);
}

function onInitRequest(r: Run, m: IkeMessage, bytes: Uint8Array, from: Endpoint, to: Endpoint) {
  const h = m.header;
  if (h.messageId !== 0 || !(h.flags & HeaderFlag.INITIATOR) || h.spiR.some((b) => b !== 0))
    return drop(r, from, 'bad-ike-sa-init');
  const dup = r.s.sas.find(
    (sa) =>
      sa.role === 'responder' &&
      bytesEqual(sa.spiI, h.spiI) &&
      sa.remote.addr === from.addr &&
      sa.remote.port === from.port,
  );
  if (dup) {
    if (dup.phase === 'init-done') resendLastResponse(r, dup, ExchangeType.IKE_SA_INIT);
    return;
  }
  const failed = (
    reason: 'refused-local-address' | 'no-peer-config' | 'no-proposal-chosen' | 'invalid-ke',
  ) => {
    r.events.push({ kind: 'negotiation-failed', localAddr: to.addr, remoteAddr: from.addr, reason });
  };
  if (isRefused(r, to.addr)) return failed('refused-local-address');
  const peer = r.s.config.peers.find((p) => p.localAddr === to.addr && p.remoteAddr === from.addr);
  if (!peer) return failed('no-peer-config');
  const saP = find(m.payloads, 'SA');
  const ke = find(m.payloads, 'KE');
  const nonce = find(m.payloads, 'NONCE');
  if (!saP || !ke || !nonce) return drop(r, from, 'bad-ike-sa-init', 'SA, KE and Ni are required');
  // Unencrypted error answer to IKE_SA_INIT (§1.2, §2.7): responder SPI stays zero.
  const refuse = (type: number, data?: Uint8Array) => {
    const payloads: IkePayload[] = [notify(type, data)];
    r.out.push({
      from: to,
      to: from,
      bytes: encodeMessage({ header: { ...h, flags: HeaderFlag.RESPONSE }, payloads }),
    });
  };
  const choice = chooseIke(saP.proposals, peer.ikeCiphers);
  if (!choice) {
    refuse(NotifyType.NO_PROPOSAL_CHOSEN);
    return failed('no-proposal-chosen');
  }
  if (ke.group !== DhGroup.CURVE25519) {
    refuse(NotifyType.INVALID_KE_PAYLOAD, u16(DhGroup.CURVE25519));
    return failed('invalid-ke');
  }
  const spiR = newIkeSpi(r);
  const dhPrivate = r.ctx.randomBytes(32).slice(0, 32);
  const nr = r.ctx.randomBytes(32).slice(0, 32);
  const gir = x25519Shared(dhPrivate, ke.data);
  if (!gir) return drop(r, from, 'bad-ke', 'X25519 public value rejected');
  const sa: IkeSa = {
    id: hexId(spiR),
    role: 'responder',
    phase: 'init-done',
    local: { addr: to.addr, port: to.port },
    remote: { addr: from.addr, port: from.port },
    peer,
    spiI: h.spiI,
    spiR,
    cipher: choice.cipher,
    ni: nonce.data,
    nr,
    dhPrivate,
    keys: deriveIkeSaKeys({ ni: nonce.data, nr, gir, spiI: h.spiI, spiR, cipher: choice.cipher }),
    initRequest: bytes,
    initialContact: false,
    nextRequestId: 0,
    peerNextRequestId: 1,
    queue: [],
    ivCounter: 0,
    children: [],
  };
  r.s.sas.push(sa);
  received(r, sa, ExchangeType.IKE_SA_INIT, 0, false, m.payloads);
  // IKE_SA_INIT response: HDR, SAr1, KEr, Nr (§1.2). Unencrypted: sa.keys is ignored for this exchange.
  sendResponse(r, sa, ExchangeType.IKE_SA_INIT, 0, [
    { kind: 'SA', proposals: [ikeProposal([choice.cipher], choice.proposalNum)] },
    { kind: 'KE', group: DhGroup.CURVE25519, data: x25519PublicKey(dhPrivate) },
    { kind: 'NONCE', data: nr },
  ]);
  sa.initResponse = sa.lastResponse!.bytes;
}

function onInitResponse(r: Run, m: IkeMessage, bytes: Uint8Array, from: Endpoint) {
  const h = m.header;
  const sa = r.s.sas.find(
    (x) => x.role === 'initiator' && x.phase === 'init-sent' && bytesEqual(x.spiI, h.spiI),
  );
  const p = sa?.pending;
  if (!sa || p?.op.kind !== 'init' || h.messageId !== 0)
    return drop(r, from, 'unexpected-response', 'IKE_SA_INIT');
  received(r, sa, ExchangeType.IKE_SA_INIT, 0, true, m.payloads);
  const fail = (reason: 'no-proposal-chosen' | 'invalid-ke' | 'bad-response', n?: number) => {
    r.events.push({
      kind: 'negotiation-failed',
      ikeSaId: sa.id,
      localAddr: sa.local.addr,
      remoteAddr: sa.remote.addr,
      reason,
      ...(n === undefined ? {} : { notify: n }),
    });
    dropIkeSa(r, sa, 'negotiation-failed');
  };
  const err = errorNotify(m.payloads);
  if (err !== undefined)
    return fail(
      err === NotifyType.NO_PROPOSAL_CHOSEN
        ? 'no-proposal-chosen'
        : err === NotifyType.INVALID_KE_PAYLOAD
          ? 'invalid-ke'
          : 'bad-response',
      err,
    );
  const saP = find(m.payloads, 'SA');
  const ke = find(m.payloads, 'KE');
  const nonce = find(m.payloads, 'NONCE');
  const choice = saP?.proposals.length === 1 ? chooseIke(saP.proposals, sa.peer.ikeCiphers) : undefined;
  const gir = ke?.group === DhGroup.CURVE25519 ? x25519Shared(sa.dhPrivate, ke.data) : undefined;
  if (!choice || !gir || !nonce) return fail('bad-response');
  clearPending(r, sa);
  sa.spiR = h.spiR;
  sa.nr = nonce.data;
  sa.cipher = choice.cipher;
  sa.keys = deriveIkeSaKeys({
    ni: sa.ni,
    nr: sa.nr,
    gir,
    spiI: sa.spiI,
    spiR: sa.spiR,
    cipher: choice.cipher,
  });
  sa.initResponse = bytes;
  sa.peerNextRequestId = 0;

  // IKE_AUTH request: HDR, SK {IDi, [N(INITIAL_CONTACT)], [IDr], AUTH, SAi2, TSi, TSr} (§1.2)
  const idi = { kind: 'IDi' as const, idType: sa.peer.localId.idType, data: sa.peer.localId.data };
  const auth = pskAuth({
    psk: sa.peer.psk,
    realMessage: sa.initRequest,
    peerNonce: sa.nr,
    skP: sa.keys.skPi,
    idPayloadBody: idPayloadBody(idi.idType, idi.data),
  });
  const offer = offerChild(r, sa, p.op.child, false);
  sa.phase = 'auth-sent';
  sendRequest(
    r,
    sa,
    ExchangeType.IKE_AUTH,
    [
      idi,
      ...(sa.initialContact ? [notify(NotifyType.INITIAL_CONTACT)] : []),
      { kind: 'IDr', idType: sa.peer.remoteId.idType, data: sa.peer.remoteId.data },
      { kind: 'AUTH', method: AuthMethod.SHARED_KEY_MIC, data: auth },
      ...offer.payloads,
    ],
    { kind: 'auth', child: p.op.child, spiIn: offer.spiIn },
  );
}

function onRequest(r: Run, sa: IkeSa, exchangeType: number, messageId: number, inner: IkePayload[]) {
  if (exchangeType === ExchangeType.IKE_AUTH && sa.phase === 'init-done')
    return onAuthRequest(r, sa, messageId, inner);
  if (sa.phase !== 'established') return drop(r, sa.remote, 'unexpected-request', `in phase ${sa.phase}`);
  if (exchangeType === ExchangeType.CREATE_CHILD_SA) {
    const a = answerChild(r, sa, inner, true);
    sendResponse(r, sa, exchangeType, messageId, a.payloads);
    if (a.child) installChild(r, sa, a.child);
    return;
  }
  if (exchangeType === ExchangeType.INFORMATIONAL) return onInformational(r, sa, messageId, inner);
  drop(r, sa.remote, 'unexpected-request', `exchange ${exchangeType}`);
}

/** Check the peer's identity and AUTH (§2.15); undefined when good. */
function checkPeerAuth(
  sa: IkeSa,
  id: PayloadOf<'IDi' | 'IDr'> | undefined,
  auth: PayloadOf<'AUTH'> | undefined,
): 'identity-mismatch' | 'peer-auth-invalid' | undefined {
  if (!id || id.idType !== sa.peer.remoteId.idType || !bytesEqual(id.data, sa.peer.remoteId.data))
    return 'identity-mismatch';
  const peerIsInitiator = sa.role === 'responder';
  const expected = pskAuth({
    psk: sa.peer.psk,
    realMessage: peerIsInitiator ? sa.initRequest : sa.initResponse!,
    peerNonce: peerIsInitiator ? sa.nr : sa.ni,
    skP: peerIsInitiator ? sa.keys!.skPi : sa.keys!.skPr,
    idPayloadBody: idPayloadBody(id.idType, id.data, id.reserved),
  });
  if (auth?.method !== AuthMethod.SHARED_KEY_MIC || !bytesEqual(auth.data, expected))
    return 'peer-auth-invalid';
  return undefined;
}

/** The IKE SA is authenticated: record the contact, honour INITIAL_CONTACT, tell the owner. */
function established(r: Run, sa: IkeSa, peerSentInitialContact: boolean): void {
  sa.phase = 'established';
  sa.establishedAt = r.ctx.now;
  const key = pairKey(sa.peer.localId, sa.peer.remoteId);
  if (!r.s.contacted.includes(key)) r.s.contacted.push(key);
  r.events.push({
    kind: 'ike-sa-established',
    ikeSaId: sa.id,
    role: sa.role,
    local: sa.local,
    remote: sa.remote,
    localId: sa.peer.localId,
    remoteId: sa.peer.remoteId,
    spiI: sa.spiI,
    spiR: sa.spiR,
    cipher: sa.cipher,
    keys: sa.keys!,
  });
  if (!peerSentInitialContact) return;
  // §3.10.1: the peer asserts this is the only IKE SA between the two identities; drop the others
  // without notifying (their other end is gone — e.g. the previous owner of a DVIPA).
  const old = r.s.sas.filter(
    (x) => x !== sa && x.phase === 'established' && pairKey(x.peer.localId, x.peer.remoteId) === key,
  );
  for (const x of old) dropIkeSa(r, x, 'initial-contact', 'initial-contact');
  r.events.push({ kind: 'initial-contact', ikeSaId: sa.id, replacedIkeSaIds: old.map((x) => x.id) });
}

function onAuthRequest(r: Run, sa: IkeSa, messageId: number, inner: IkePayload[]) {
  const idr = find(inner, 'IDr');
  let bad = checkPeerAuth(sa, find(inner, 'IDi'), find(inner, 'AUTH'));
  if (!bad && idr && (idr.idType !== sa.peer.localId.idType || !bytesEqual(idr.data, sa.peer.localId.data)))
    bad = 'identity-mismatch';
  if (bad) {
    // §2.21.2: answer with AUTHENTICATION_FAILED only, and keep no SA
    sendResponse(r, sa, ExchangeType.IKE_AUTH, messageId, [notify(NotifyType.AUTHENTICATION_FAILED)]);
    r.events.push({ kind: 'auth-failed', ikeSaId: sa.id, local: sa.local, remote: sa.remote, detail: bad });
    dropIkeSa(r, sa, 'auth-failed');
    return;
  }
  const firstContact = !r.s.contacted.includes(pairKey(sa.peer.localId, sa.peer.remoteId));
  established(r, sa, hasNotify(inner, NotifyType.INITIAL_CONTACT));
  // IKE_AUTH response: HDR, SK {IDr, AUTH, [N(INITIAL_CONTACT)], SAr2, TSi, TSr} (§1.2)
  const id = { kind: 'IDr' as const, idType: sa.peer.localId.idType, data: sa.peer.localId.data };
  const auth = pskAuth({
    psk: sa.peer.psk,
    realMessage: sa.initResponse!,
    peerNonce: sa.ni,
    skP: sa.keys!.skPr,
    idPayloadBody: idPayloadBody(id.idType, id.data),
  });
  const a = answerChild(r, sa, inner, false);
  sendResponse(r, sa, ExchangeType.IKE_AUTH, messageId, [
    id,
    { kind: 'AUTH', method: AuthMethod.SHARED_KEY_MIC, data: auth },
    ...(firstContact ? [notify(NotifyType.INITIAL_CONTACT)] : []),
    ...a.payloads,
  ]);
  if (a.child) installChild(r, sa, a.child);
  else childRefused(r, sa, a.refused);
}

function childRefused(
  r: Run,
  sa: IkeSa,
  n: number | undefined,
  reason?: 'no-proposal-chosen' | 'ts-unacceptable' | 'no-additional-sas' | 'bad-response',
) {
  r.events.push({
    kind: 'negotiation-failed',
    ikeSaId: sa.id,
    localAddr: sa.local.addr,
    remoteAddr: sa.remote.addr,
    reason:
      reason ??
      (n === NotifyType.TS_UNACCEPTABLE
        ? 'ts-unacceptable'
        : n === NotifyType.NO_ADDITIONAL_SAS
          ? 'no-additional-sas'
          : 'no-proposal-chosen'),
    ...(n === undefined ? {} : { notify: n }),
  });
}

function onInformational(r: Run, sa: IkeSa, messageId: number, inner: IkePayload[]) {
  let deleteIke = false;
  const ours: number[] = [];
  for (const p of inner) {
    if (p.kind === 'N' && p.notifyType === NotifyType.AUTHENTICATION_FAILED) {
      r.events.push({
        kind: 'auth-failed',
        ikeSaId: sa.id,
        local: sa.local,
        remote: sa.remote,
        detail: 'rejected-by-peer',
      });
      deleteIke = true;
    }
    if (p.kind !== 'D') continue;
    if (p.protocolId === ProtocolId.IKE) deleteIke = true;
    if (p.protocolId !== ProtocolId.ESP) continue;
    for (const spiB of p.spis) {
      // the peer names the SPI it receives on = our outbound SPI (§3.11). The SA may sit under an
      // older IKE SA between the same identities (SAs a previous DVIPA owner negotiated).
      const spi = spiNumber(spiB);
      const key = pairKey(sa.peer.localId, sa.peer.remoteId);
      const holder = sa.children.some((c) => c.spiOut === spi)
        ? sa
        : r.s.sas.find(
            (x) =>
              pairKey(x.peer.localId, x.peer.remoteId) === key && x.children.some((c) => c.spiOut === spi),
          );
      const c = holder?.children.find((x) => x.spiOut === spi);
      if (!holder || !c) continue;
      removeChild(r, holder, c.spiIn, 'deleted-by-peer');
      if (holder === sa) ours.push(c.spiIn);
    }
  }
  // §1.4.1: answer with the Delete of the paired SAs (the SPIs we receive on)
  sendResponse(
    r,
    sa,
    ExchangeType.INFORMATIONAL,
    messageId,
    ours.length ? [{ kind: 'D', protocolId: ProtocolId.ESP, spiSize: 4, spis: ours.map(spiBytes) }] : [],
  );
  if (deleteIke) dropIkeSa(r, sa, 'deleted-by-peer');
}

function onResponse(r: Run, sa: IkeSa, op: NonNullable<IkeSa['pending']>['op'], inner: IkePayload[]) {
  switch (op.kind) {
    case 'auth':
      return onAuthResponse(r, sa, op, inner);
    case 'create-child': {
      const create = op.dhPrivate ? { ni: op.ni, dhPrivate: op.dhPrivate } : { ni: op.ni };
      const res = acceptChild(r, sa, inner, op.child, op.spiIn, create);
      if ('error' in res) return childRefused(r, sa, res.notify, res.error);
      installChild(r, sa, res.child);
      // §2.8: after rekeying, the initiator of the rekey deletes the old Child SA
      if (op.child.rekeyOf !== undefined)
        sa.queue.unshift({ kind: 'delete-child', spis: [op.child.rekeyOf] });
      return;
    }
    case 'delete-child':
      for (const spi of op.spis) removeChild(r, sa, spi, 'deleted-locally');
      return;
    case 'delete-ike':
      return dropIkeSa(r, sa, 'deleted-locally');
    case 'liveness':
      r.events.push({ kind: 'liveness-ok', ikeSaId: sa.id });
      return;
    case 'init':
    case 'auth-failed':
      return;
  }
}

function onAuthResponse(
  r: Run,
  sa: IkeSa,
  op: Extract<NonNullable<IkeSa['pending']>['op'], { kind: 'auth' }>,
  inner: IkePayload[],
) {
  if (hasNotify(inner, NotifyType.AUTHENTICATION_FAILED)) {
    r.events.push({
      kind: 'auth-failed',
      ikeSaId: sa.id,
      local: sa.local,
      remote: sa.remote,
      detail: 'rejected-by-peer',
    });
    return dropIkeSa(r, sa, 'auth-failed');
  }
  const bad = checkPeerAuth(sa, find(inner, 'IDr'), find(inner, 'AUTH'));
  if (bad) {
    // §2.21.2: the initiator tells the responder in a separate INFORMATIONAL exchange
    sendUnreliable(r, sa, ExchangeType.INFORMATIONAL, [notify(NotifyType.AUTHENTICATION_FAILED)]);
    r.events.push({ kind: 'auth-failed', ikeSaId: sa.id, local: sa.local, remote: sa.remote, detail: bad });
    return dropIkeSa(r, sa, 'auth-failed');
  }
  established(r, sa, hasNotify(inner, NotifyType.INITIAL_CONTACT));
  const res = acceptChild(r, sa, inner, op.child, op.spiIn);
  if ('error' in res) return childRefused(r, sa, res.notify, res.error);
  installChild(r, sa, res.child);
}

// ---- queries --------------------------------------------------------------------------------------

export function findIkeSa(state: IkeEngineState, ikeSaId: string): IkeSa | undefined {
  return state.sas.find((sa) => sa.id === ikeSaId);
}

export function findChildBySpiIn(state: IkeEngineState, spiIn: number) {
  for (const sa of state.sas) {
    const c = sa.children.find((x) => x.spiIn === spiIn);
    if (c) return { ikeSa: sa, child: c };
  }
  return undefined;
}
