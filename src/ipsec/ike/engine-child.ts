// Child SA negotiation inside IKE_AUTH and CREATE_CHILD_SA (RFC 7296 §1.3, §2.9, §2.17).

import { u16 } from '../../wire/ikev2-bytes';
import { DhGroup, NotifyType, ProtocolId } from '../../wire/ikev2-constants';
import type { IkePayload } from '../../wire/ikev2-types';
import { x25519PublicKey, x25519Shared } from './dh';
import { isRefused, newEspSpi, type Run, spiBytes, spiNumber } from './engine-io';
import type { ChildSa, ChildSaInfo, ChildWish, IkeSa, Ts4 } from './engine-types';
import { deriveChildSaKeys } from './keys';
import { chooseEsp, espProposal } from './proposals';

export const notify = (
  notifyType: number,
  data: Uint8Array = new Uint8Array(0),
  protocolId = 0,
  spi: Uint8Array = new Uint8Array(0),
) => ({ kind: 'N', protocolId, spi, notifyType, data }) as const satisfies IkePayload;

/** The payload type of a given kind (works for the shared IDi/IDr and TSi/TSr members too). */
export type PayloadOf<K extends IkePayload['kind']> = IkePayload & { kind: K };

export function find<K extends IkePayload['kind']>(
  ps: readonly IkePayload[],
  kind: K,
): PayloadOf<K> | undefined {
  return ps.find((p): p is PayloadOf<K> => p.kind === kind);
}

/** The first error Notify (types below 16384, §3.10.1) in a message, if any. */
export function errorNotify(ps: readonly IkePayload[]): number | undefined {
  for (const p of ps) if (p.kind === 'N' && p.notifyType < 16384) return p.notifyType;
  return undefined;
}

export function hasNotify(ps: readonly IkePayload[], type: number): boolean {
  return ps.some((p) => p.kind === 'N' && p.notifyType === type);
}

const ts4 = (p: PayloadOf<'TSi' | 'TSr'> | undefined): Ts4[] =>
  (p?.selectors ?? []).filter((s): s is Ts4 => s.tsType === 7);

export function installChild(r: Run, sa: IkeSa, child: ChildSa): void {
  sa.children.push(child);
  const info: ChildSaInfo = {
    ...child,
    ikeSaId: sa.id,
    protocol: 'esp',
    localAddr: sa.local.addr,
    remoteAddr: sa.remote.addr,
    localId: sa.peer.localId,
    remoteId: sa.peer.remoteId,
  };
  r.events.push({ kind: 'child-sa-installed', child: info });
}

export interface ChildOffer {
  payloads: IkePayload[];
  spiIn: number;
  ni?: Uint8Array;
  dhPrivate?: Uint8Array;
}

/** The payloads asking for a Child SA: [N(REKEY_SA)], SA, [Ni, [KEi]], TSi, TSr (§1.3.1, §1.3.3). */
export function offerChild(r: Run, sa: IkeSa, wish: ChildWish, inCreateChild: boolean): ChildOffer {
  const spiIn = newEspSpi(r);
  const payloads: IkePayload[] = [];
  if (wish.rekeyOf !== undefined)
    payloads.push(notify(NotifyType.REKEY_SA, undefined, ProtocolId.ESP, spiBytes(wish.rekeyOf)));
  const pfs = inCreateChild && wish.pfs;
  payloads.push({ kind: 'SA', proposals: [espProposal(sa.peer.espCiphers, spiIn, pfs)] });
  const offer: ChildOffer = { payloads, spiIn };
  if (inCreateChild) {
    offer.ni = r.ctx.randomBytes(32).slice(0, 32);
    payloads.push({ kind: 'NONCE', data: offer.ni });
    if (pfs) {
      offer.dhPrivate = r.ctx.randomBytes(32).slice(0, 32);
      payloads.push({ kind: 'KE', group: DhGroup.CURVE25519, data: x25519PublicKey(offer.dhPrivate) });
    }
  }
  payloads.push({ kind: 'TSi', selectors: wish.tsLocal }, { kind: 'TSr', selectors: wish.tsRemote });
  return { ...offer, payloads };
}

export interface ChildAnswer {
  payloads: IkePayload[];
  child?: ChildSa;
  /** the error Notify sent instead of a Child SA */
  refused?: number;
}

/**
 * Answer a Child SA request as responder. In IKE_AUTH the nonces are those of IKE_SA_INIT; in
 * CREATE_CHILD_SA they are the new Ni (received) and Nr (drawn here), with an optional fresh DH.
 */
export function answerChild(
  r: Run,
  sa: IkeSa,
  req: readonly IkePayload[],
  inCreateChild: boolean,
): ChildAnswer {
  const refuse = (n: number, data?: Uint8Array): ChildAnswer => ({ payloads: [notify(n, data)], refused: n });
  if (inCreateChild && isRefused(r, sa.local.addr)) return refuse(NotifyType.NO_ADDITIONAL_SAS);
  const saP = find(req, 'SA');
  const choice = saP && chooseEsp(saP.proposals, sa.peer.espCiphers);
  if (!choice || (choice.pfs && !inCreateChild)) return refuse(NotifyType.NO_PROPOSAL_CHOSEN);

  let rekeyOf: number | undefined;
  const rekey = req.find((p) => p.kind === 'N' && p.notifyType === NotifyType.REKEY_SA);
  if (rekey?.kind === 'N') {
    const old = sa.children.find((c) => c.spiOut === spiNumber(rekey.spi));
    if (!old) return refuse(NotifyType.CHILD_SA_NOT_FOUND);
    rekeyOf = old.spiIn;
  }

  let tsRemote = ts4(find(req, 'TSi'));
  let tsLocal = ts4(find(req, 'TSr'));
  if (!tsRemote.length || !tsLocal.length) return refuse(NotifyType.TS_UNACCEPTABLE);
  const decision = r.ctx.checkChild?.({
    localAddr: sa.local.addr,
    remoteAddr: sa.remote.addr,
    localId: sa.peer.localId,
    remoteId: sa.peer.remoteId,
    tsLocal,
    tsRemote,
  });
  if (decision && !decision.accept) return refuse(NotifyType[decision.reason]);
  if (decision?.tsLocal) tsLocal = decision.tsLocal;
  if (decision?.tsRemote) tsRemote = decision.tsRemote;

  let ni = sa.ni;
  let nr = sa.nr;
  let girNew: Uint8Array | undefined;
  const extra: IkePayload[] = [];
  if (inCreateChild) {
    const n = find(req, 'NONCE');
    if (!n) return refuse(NotifyType.INVALID_SYNTAX);
    ni = n.data;
    nr = r.ctx.randomBytes(32).slice(0, 32);
    extra.push({ kind: 'NONCE', data: nr });
    if (choice.pfs) {
      const ke = find(req, 'KE');
      if (ke?.group !== DhGroup.CURVE25519)
        return refuse(NotifyType.INVALID_KE_PAYLOAD, u16(DhGroup.CURVE25519));
      const priv = r.ctx.randomBytes(32).slice(0, 32);
      girNew = x25519Shared(priv, ke.data);
      if (!girNew) return refuse(NotifyType.INVALID_SYNTAX);
      extra.push({ kind: 'KE', group: DhGroup.CURVE25519, data: x25519PublicKey(priv) });
    }
  }
  const keys = deriveChildSaKeys(sa.keys!.skD, ni, nr, choice.cipher, girNew);
  const spiIn = newEspSpi(r);
  const child: ChildSa = {
    spiIn,
    spiOut: choice.spi,
    cipher: choice.cipher,
    inbound: keys.initiatorToResponder,
    outbound: keys.responderToInitiator,
    tsLocal,
    tsRemote,
    installedAt: r.ctx.now,
  };
  if (rekeyOf !== undefined) child.rekeyOf = rekeyOf;
  return {
    payloads: [
      { kind: 'SA', proposals: [espProposal([choice.cipher], spiIn, choice.pfs, choice.proposalNum)] },
      ...extra,
      { kind: 'TSi', selectors: tsRemote },
      { kind: 'TSr', selectors: tsLocal },
    ],
    child,
  };
}

/**
 * Take the responder's answer to our Child SA request (IKE_AUTH or CREATE_CHILD_SA response).
 * Returns the Child SA, or the reason it was not created.
 */
export function acceptChild(
  r: Run,
  sa: IkeSa,
  resp: readonly IkePayload[],
  wish: ChildWish,
  spiIn: number,
  create?: { ni: Uint8Array; dhPrivate?: Uint8Array },
):
  | { child: ChildSa }
  | {
      error: 'no-proposal-chosen' | 'ts-unacceptable' | 'no-additional-sas' | 'bad-response';
      notify?: number;
    } {
  const err = errorNotify(resp);
  if (err !== undefined) {
    const error =
      err === NotifyType.NO_PROPOSAL_CHOSEN
        ? 'no-proposal-chosen'
        : err === NotifyType.TS_UNACCEPTABLE
          ? 'ts-unacceptable'
          : err === NotifyType.NO_ADDITIONAL_SAS
            ? 'no-additional-sas'
            : 'bad-response';
    return { error, notify: err };
  }
  const saP = find(resp, 'SA');
  const choice = saP?.proposals.length === 1 ? chooseEsp(saP.proposals, sa.peer.espCiphers) : undefined;
  const wantPfs = !!create?.dhPrivate;
  if (!choice || choice.pfs !== wantPfs) return { error: 'bad-response' };
  const tsLocal = ts4(find(resp, 'TSi'));
  const tsRemote = ts4(find(resp, 'TSr'));
  if (!tsLocal.length || !tsRemote.length) return { error: 'bad-response' };
  let ni = sa.ni;
  let nr = sa.nr;
  let girNew: Uint8Array | undefined;
  if (create) {
    const n = find(resp, 'NONCE');
    if (!n) return { error: 'bad-response' };
    ni = create.ni;
    nr = n.data;
    if (create.dhPrivate) {
      const ke = find(resp, 'KE');
      girNew = ke?.group === DhGroup.CURVE25519 ? x25519Shared(create.dhPrivate, ke.data) : undefined;
      if (!girNew) return { error: 'bad-response' };
    }
  }
  const keys = deriveChildSaKeys(sa.keys!.skD, ni, nr, choice.cipher, girNew);
  const child: ChildSa = {
    spiIn,
    spiOut: choice.spi,
    cipher: choice.cipher,
    inbound: keys.responderToInitiator,
    outbound: keys.initiatorToResponder,
    tsLocal,
    tsRemote,
    installedAt: r.ctx.now,
  };
  if (wish.rekeyOf !== undefined) child.rekeyOf = wish.rekeyOf;
  return { child };
}
