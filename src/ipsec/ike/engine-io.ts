// Plumbing shared by the IKE engine's exchanges: the per-call accumulator, sending requests and
// responses (with retransmission state, RFC 7296 §2.1 and §2.4), SA teardown and small helpers.

import { bytesEqual, toHex, u32 } from '../../wire/ikev2-bytes';
import { ExchangeType, HeaderFlag, NotifyType, nameOf } from '../../wire/ikev2-constants';
import { encodeMessage } from '../../wire/ikev2-message';
import { sealMessage } from '../../wire/ikev2-sk';
import type { IkeHeader, IkePayload } from '../../wire/ikev2-types';
import type {
  ChildDeleteReason,
  Endpoint,
  IkeCtx,
  IkeDatagram,
  IkeEngineState,
  IkeEvent,
  IkeIdentity,
  IkeResult,
  IkeSa,
  IkeTimerOp,
  PendingOp,
} from './engine-types';
import { identityText } from './identity';

/** Everything one engine call produces; `s` is a private copy of the caller's state. */
export interface Run {
  s: IkeEngineState;
  ctx: IkeCtx;
  out: IkeDatagram[];
  timers: IkeTimerOp[];
  events: IkeEvent[];
}

/** Deep copy of plain data; byte arrays are shared because the engine never writes into them. */
function clonePlain<T>(x: T): T {
  if (x instanceof Uint8Array) return x;
  if (Array.isArray(x)) return x.map(clonePlain) as T;
  if (x !== null && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) o[k] = clonePlain(v);
    return o as T;
  }
  return x;
}

export function begin(state: IkeEngineState, ctx: IkeCtx): Run {
  return { s: clonePlain(state), ctx, out: [], timers: [], events: [] };
}

export function end(r: Run): IkeResult {
  return { state: r.s, out: r.out, timers: r.timers, events: r.events };
}

export const EXCHANGE_NAMES = ExchangeType as unknown as Record<string, number>;

export function payloadNames(ps: readonly IkePayload[]): string[] {
  return ps.map((p) =>
    p.kind === 'N' ? `N(${nameOf(NotifyType, p.notifyType)})` : p.kind === 'NONCE' ? 'Nonce' : p.kind,
  );
}

export function drop(r: Run, from: Endpoint, reason: string, detail?: string): void {
  r.events.push(
    detail === undefined ? { kind: 'dropped', reason, from } : { kind: 'dropped', reason, detail, from },
  );
}

export const pairKey = (localId: IkeIdentity, remoteId: IkeIdentity) =>
  `${identityText(localId)}|${identityText(remoteId)}`;

export const spiBytes = (spi: number) => u32(spi);
export const spiNumber = (b: Uint8Array) =>
  (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;

/** A fresh non-zero 8-octet IKE SPI not used by another IKE SA here (§2.6). */
export function newIkeSpi(r: Run): Uint8Array {
  for (;;) {
    const spi = r.ctx.randomBytes(8).slice(0, 8);
    if (spi.some((b) => b !== 0) && !r.s.sas.some((sa) => sa.id === toHex(spi))) return spi;
  }
}

/** A fresh inbound ESP SPI ≥ 256 (RFC 4303 §2.1) not in use or on offer here. */
export function newEspSpi(r: Run): number {
  const used = new Set<number>();
  for (const sa of r.s.sas) {
    for (const c of sa.children) used.add(c.spiIn);
    const op = sa.pending?.op;
    if (op && 'spiIn' in op) used.add(op.spiIn);
  }
  for (;;) {
    const spi = spiNumber(r.ctx.randomBytes(4));
    if (spi >= 256 && !used.has(spi)) return spi;
  }
}

export function header(sa: IkeSa, exchangeType: number, messageId: number, response: boolean): IkeHeader {
  return {
    spiI: sa.spiI,
    spiR: sa.spiR,
    majorVersion: 2,
    minorVersion: 0,
    exchangeType,
    flags: (sa.role === 'initiator' ? HeaderFlag.INITIATOR : 0) | (response ? HeaderFlag.RESPONSE : 0),
    messageId,
  };
}

/** Encode a message; everything after IKE_SA_INIT travels in SK with our direction's key. The IV is
 *  a per-SA counter: unique under the key, as RFC 5282 §3.1 asks. */
export function buildMessage(
  sa: IkeSa,
  exchangeType: number,
  messageId: number,
  response: boolean,
  payloads: IkePayload[],
): Uint8Array {
  const h = header(sa, exchangeType, messageId, response);
  if (exchangeType === ExchangeType.IKE_SA_INIT || !sa.keys) return encodeMessage({ header: h, payloads });
  const iv = new Uint8Array(8);
  const n = sa.ivCounter++;
  iv.set(u32(Math.floor(n / 0x100000000)), 0);
  iv.set(u32(n >>> 0), 4);
  return sealMessage(h, payloads, sa.role === 'initiator' ? sa.keys.skEi : sa.keys.skEr, iv);
}

function messageEvent(
  r: Run,
  sa: IkeSa,
  dir: 'sent' | 'received' | 'retransmitted',
  exchangeType: number,
  messageId: number,
  response: boolean,
  payloads: readonly IkePayload[],
): void {
  r.events.push({
    kind: 'message',
    dir,
    ikeSaId: sa.id,
    exchange: nameOf(EXCHANGE_NAMES, exchangeType),
    messageId,
    response,
    payloads: payloadNames(payloads),
  });
}

export function received(
  r: Run,
  sa: IkeSa,
  exchangeType: number,
  messageId: number,
  response: boolean,
  ps: IkePayload[],
) {
  messageEvent(r, sa, 'received', exchangeType, messageId, response, ps);
}

/** Send a request and arm its retransmission timer (§2.1). */
export function sendRequest(
  r: Run,
  sa: IkeSa,
  exchangeType: number,
  payloads: IkePayload[],
  op: PendingOp,
): void {
  const messageId = sa.nextRequestId++;
  const bytes = buildMessage(sa, exchangeType, messageId, false, payloads);
  const timerId = `ike/${sa.id}/${messageId}`;
  sa.pending = { messageId, bytes, tries: 1, timerId, op };
  r.out.push({ from: sa.local, to: sa.remote, bytes });
  r.timers.push({ op: 'set', id: timerId, at: r.ctx.now + r.s.config.retransmit.initialUs });
  messageEvent(r, sa, 'sent', exchangeType, messageId, false, payloads);
}

/** Send a one-shot request that expects no retransmission (a last word before tearing down). */
export function sendUnreliable(r: Run, sa: IkeSa, exchangeType: number, payloads: IkePayload[]): void {
  const messageId = sa.nextRequestId++;
  r.out.push({
    from: sa.local,
    to: sa.remote,
    bytes: buildMessage(sa, exchangeType, messageId, false, payloads),
  });
  messageEvent(r, sa, 'sent', exchangeType, messageId, false, payloads);
}

/** Send a response and keep it to answer a retransmitted request (§2.1). */
export function sendResponse(
  r: Run,
  sa: IkeSa,
  exchangeType: number,
  messageId: number,
  payloads: IkePayload[],
) {
  const bytes = buildMessage(sa, exchangeType, messageId, true, payloads);
  sa.lastResponse = { messageId, bytes };
  r.out.push({ from: sa.local, to: sa.remote, bytes });
  messageEvent(r, sa, 'sent', exchangeType, messageId, true, payloads);
}

export function resendLastResponse(r: Run, sa: IkeSa, exchangeType: number): void {
  if (!sa.lastResponse) return;
  r.out.push({ from: sa.local, to: sa.remote, bytes: sa.lastResponse.bytes });
  messageEvent(r, sa, 'retransmitted', exchangeType, sa.lastResponse.messageId, true, []);
}

/** Stop waiting for the outstanding request. */
export function clearPending(r: Run, sa: IkeSa): void {
  if (sa.pending) r.timers.push({ op: 'cancel', id: sa.pending.timerId });
  sa.pending = undefined;
}

export function removeChild(r: Run, sa: IkeSa, spiIn: number, reason: ChildDeleteReason): boolean {
  const i = sa.children.findIndex((c) => c.spiIn === spiIn);
  if (i < 0) return false;
  const [c] = sa.children.splice(i, 1);
  r.events.push({ kind: 'child-sa-deleted', ikeSaId: sa.id, spiIn: c!.spiIn, spiOut: c!.spiOut, reason });
  return true;
}

/** Forget an IKE SA and its Child SAs (no message is sent). */
export function dropIkeSa(
  r: Run,
  sa: IkeSa,
  reason: ChildDeleteReason | 'auth-failed' | 'negotiation-failed',
  childReason: ChildDeleteReason = 'ike-sa-deleted',
): void {
  for (const c of [...sa.children]) removeChild(r, sa, c.spiIn, childReason);
  clearPending(r, sa);
  r.s.sas = r.s.sas.filter((x) => x.id !== sa.id);
  r.events.push({ kind: 'ike-sa-deleted', ikeSaId: sa.id, reason });
}

export function findSa(
  r: Run,
  spiI: Uint8Array,
  spiR: Uint8Array,
  weAreResponder: boolean,
): IkeSa | undefined {
  return r.s.sas.find(
    (sa) =>
      (sa.role === 'responder') === weAreResponder && bytesEqual(sa.spiI, spiI) && bytesEqual(sa.spiR, spiR),
  );
}

export const isRefused = (r: Run, localAddr: string) => r.s.refusedLocalAddrs.includes(localAddr);
