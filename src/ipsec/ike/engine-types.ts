// Types of the IKE engine (engine.ts): its state is plain data (objects, arrays, numbers, strings,
// booleans, Uint8Array) so an actor can clone, checkpoint and replay it; time and randomness come
// only from the context passed to each call.

import type { TrafficSelector } from '../../wire/ikev2-types';
import type { ChildSaKeys, GcmKey, IkeSaKeys } from './keys';
import type { GcmCipher } from './suites';

/** A TS_IPV4_ADDR_RANGE selector (RFC 7296 §3.13.1). */
export type Ts4 = Extract<TrafficSelector, { tsType: 7 }>;

/** An IKE identity (ID payload type + data, RFC 7296 §3.5). A sysplex stack presents the DVIPA's
 *  address as ID_IPV4_ADDR, so every stack that can own the DVIPA presents the same identity. */
export interface IkeIdentity {
  idType: number;
  data: Uint8Array;
}

export interface Endpoint {
  addr: string;
  port: number;
}

/** What this engine knows about one remote peer, from one local address. */
export interface IkePeerConfig {
  localAddr: string;
  remoteAddr: string;
  localId: IkeIdentity;
  remoteId: IkeIdentity;
  psk: Uint8Array;
  /** IKE SA ciphers in order of preference */
  ikeCiphers: GcmCipher[];
  /** ESP ciphers in order of preference */
  espCiphers: GcmCipher[];
}

export interface RetransmitConfig {
  /** first timeout, µs */
  initialUs: number;
  /** each further timeout is multiplied by this */
  factor: number;
  /** total transmissions of one request before giving up */
  maxTries: number;
}

export interface IkeEngineConfig {
  peers: IkePeerConfig[];
  retransmit: RetransmitConfig;
  /** UDP port IKE listens on and sends from (500) */
  port: number;
}

/** An installed Child SA (ESP, AES-GCM-16), seen from this engine. */
export interface ChildSa {
  /** SPI we receive on (our choice) */
  spiIn: number;
  /** SPI we send with (the peer's choice) */
  spiOut: number;
  cipher: GcmCipher;
  inbound: GcmKey;
  outbound: GcmKey;
  tsLocal: Ts4[];
  tsRemote: Ts4[];
  installedAt: number;
  /** spiIn of the Child SA this one replaced by a rekey */
  rekeyOf?: number;
}

/** What the owner learns about a Child SA when it is installed. */
export interface ChildSaInfo extends ChildSa {
  ikeSaId: string;
  protocol: 'esp';
  localAddr: string;
  remoteAddr: string;
  localId: IkeIdentity;
  remoteId: IkeIdentity;
}

/** A Child SA this engine is asking for (IKE_AUTH or CREATE_CHILD_SA). */
export interface ChildWish {
  tsLocal: Ts4[];
  tsRemote: Ts4[];
  /** CREATE_CHILD_SA only: do a fresh X25519 exchange (PFS, RFC 7296 §1.3.1) */
  pfs: boolean;
  /** spiIn of the Child SA to rekey (REKEY_SA, §1.3.3) */
  rekeyOf?: number;
}

export type PendingOp =
  | { kind: 'init'; child: ChildWish }
  | { kind: 'auth'; child: ChildWish; spiIn: number }
  | { kind: 'create-child'; child: ChildWish; spiIn: number; ni: Uint8Array; dhPrivate?: Uint8Array }
  | { kind: 'delete-child'; spis: number[] }
  | { kind: 'delete-ike' }
  | { kind: 'liveness' }
  | { kind: 'auth-failed' };

/** An operation waiting for the IKE SA to be free (one request outstanding, window size 1). */
export type QueuedOp =
  | { kind: 'create-child'; child: ChildWish }
  | { kind: 'delete-child'; spis: number[] }
  | { kind: 'delete-ike' }
  | { kind: 'liveness' };

export interface PendingRequest {
  messageId: number;
  bytes: Uint8Array;
  tries: number;
  timerId: string;
  op: PendingOp;
}

export type IkeSaPhase = 'init-sent' | 'auth-sent' | 'init-done' | 'established';

export interface IkeSa {
  /** hex of our own IKE SPI: unique in this engine */
  id: string;
  role: 'initiator' | 'responder';
  phase: IkeSaPhase;
  local: Endpoint;
  remote: Endpoint;
  peer: IkePeerConfig;
  spiI: Uint8Array;
  spiR: Uint8Array;
  cipher: GcmCipher;
  ni: Uint8Array;
  nr: Uint8Array;
  dhPrivate: Uint8Array;
  keys?: IkeSaKeys;
  /** the IKE_SA_INIT request and response as sent, for AUTH (§2.15) */
  initRequest: Uint8Array;
  initResponse?: Uint8Array;
  /** send INITIAL_CONTACT in our IKE_AUTH message */
  initialContact: boolean;
  nextRequestId: number;
  peerNextRequestId: number;
  pending?: PendingRequest;
  lastResponse?: { messageId: number; bytes: Uint8Array };
  queue: QueuedOp[];
  ivCounter: number;
  children: ChildSa[];
  establishedAt?: number;
}

export interface IkeEngineState {
  config: IkeEngineConfig;
  sas: IkeSa[];
  /** local addresses this engine refuses to negotiate for (e.g. a DVIPA given back) */
  refusedLocalAddrs: string[];
  /** identity pairs ("localId|remoteId") we have had an IKE SA with since start: the first one
   *  carries INITIAL_CONTACT (RFC 7296 §3.10.1) */
  contacted: string[];
}

/** Asked of the owner (its SPD) when a peer proposes a Child SA; absent = accept as proposed. */
export interface ChildPolicyQuery {
  localAddr: string;
  remoteAddr: string;
  localId: IkeIdentity;
  remoteId: IkeIdentity;
  tsLocal: Ts4[];
  tsRemote: Ts4[];
}
export type ChildPolicyDecision =
  | { accept: true; tsLocal?: Ts4[]; tsRemote?: Ts4[] }
  | { accept: false; reason: 'TS_UNACCEPTABLE' | 'NO_PROPOSAL_CHOSEN' };

export interface IkeCtx {
  /** virtual time, µs (integer) */
  now: number;
  /** the only source of randomness: the kernel's seeded PRNG */
  randomBytes(n: number): Uint8Array;
  checkChild?(q: ChildPolicyQuery): ChildPolicyDecision;
}

export type IkeRequest =
  /** get a Child SA to the peer: IKE_SA_INIT + IKE_AUTH if there is no IKE SA, else CREATE_CHILD_SA */
  | {
      kind: 'connect';
      localAddr: string;
      remoteAddr: string;
      tsLocal?: Ts4[];
      tsRemote?: Ts4[];
      pfs?: boolean;
      /** force (true) or suppress (false) INITIAL_CONTACT; default: on first contact with the identity */
      initialContact?: boolean;
      /** start a new IKE SA even if one to the peer exists */
      newIkeSa?: boolean;
    }
  | { kind: 'rekey-child'; spiIn: number; pfs?: boolean }
  /** delete Child SAs by our inbound SPI; `spis` may also name SPIs this engine does not hold (e.g.
   *  those a previous owner of the DVIPA used, read from the CF), sent on IKE SA `ikeSaId` */
  | { kind: 'delete-child'; spiIn?: number; ikeSaId?: string; spis?: number[] }
  | { kind: 'delete-ike'; ikeSaId: string }
  | { kind: 'liveness'; ikeSaId: string };

export interface IkeDatagram {
  from: Endpoint;
  to: Endpoint;
  bytes: Uint8Array;
}

export type IkeTimerOp = { op: 'set'; id: string; at: number } | { op: 'cancel'; id: string };

export type ChildDeleteReason =
  | 'deleted-by-peer'
  | 'deleted-locally'
  | 'ike-sa-deleted'
  | 'initial-contact'
  | 'peer-unreachable'
  | 'purged';

export type IkeEvent =
  | {
      kind: 'message';
      dir: 'sent' | 'received' | 'retransmitted';
      ikeSaId: string;
      exchange: string;
      messageId: number;
      response: boolean;
      payloads: string[];
    }
  | {
      kind: 'ike-sa-established';
      ikeSaId: string;
      role: 'initiator' | 'responder';
      local: Endpoint;
      remote: Endpoint;
      localId: IkeIdentity;
      remoteId: IkeIdentity;
      spiI: Uint8Array;
      spiR: Uint8Array;
      cipher: GcmCipher;
      keys: IkeSaKeys;
    }
  | { kind: 'child-sa-installed'; child: ChildSaInfo }
  | { kind: 'child-sa-deleted'; ikeSaId: string; spiIn: number; spiOut: number; reason: ChildDeleteReason }
  | {
      kind: 'ike-sa-deleted';
      ikeSaId: string;
      reason: ChildDeleteReason | 'auth-failed' | 'negotiation-failed';
    }
  | {
      kind: 'auth-failed';
      ikeSaId: string;
      local: Endpoint;
      remote: Endpoint;
      /** 'peer-auth-invalid': we rejected the peer; 'rejected-by-peer': it sent AUTHENTICATION_FAILED */
      detail: 'peer-auth-invalid' | 'identity-mismatch' | 'rejected-by-peer';
    }
  | {
      kind: 'negotiation-failed';
      ikeSaId?: string;
      localAddr: string;
      remoteAddr: string;
      reason:
        | 'no-peer-config'
        | 'refused-local-address'
        | 'no-proposal-chosen'
        | 'invalid-ke'
        | 'ts-unacceptable'
        | 'no-additional-sas'
        | 'bad-response'
        | 'peer-unreachable'
        | 'no-such-child';
      /** the Notify type the peer sent, if any */
      notify?: number;
    }
  | { kind: 'initial-contact'; ikeSaId: string; replacedIkeSaIds: string[] }
  | { kind: 'retransmit'; ikeSaId: string; messageId: number; attempt: number }
  | { kind: 'liveness-ok'; ikeSaId: string }
  | { kind: 'dropped'; reason: string; detail?: string; from: Endpoint };

export interface IkeResult {
  state: IkeEngineState;
  out: IkeDatagram[];
  timers: IkeTimerOp[];
  events: IkeEvent[];
}

export type { ChildSaKeys };
