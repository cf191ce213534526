// Data model of IKEv2 messages (RFC 7296 §3). Plain data: decode(encode(x)) = x, and every field a
// decoder reads is kept — including non-zero RESERVED bits (`reserved…` fields, present only when
// non-zero) and payloads of unknown types — so that encode(decode(bytes)) = bytes.

/** IKE header, RFC 7296 §3.1. Next Payload and Length are derived from the payloads. */
export interface IkeHeader {
  spiI: Uint8Array; // 8 octets
  spiR: Uint8Array; // 8 octets, zero in the first IKE_SA_INIT request
  majorVersion: number; // 2
  minorVersion: number; // 0
  exchangeType: number;
  flags: number; // HeaderFlag bits, all 8 bits kept
  messageId: number;
}

/** Bits common to every payload's generic header, RFC 7296 §3.2. */
export interface PayloadCommon {
  critical?: boolean;
  /** the 7 RESERVED bits after the critical bit, when non-zero */
  reservedBits?: number;
}

/** Transform attribute, RFC 7296 §3.3.5: TV (AF=1, 16-bit value) or TLV (AF=0, bytes). */
export type TransformAttribute = { type: number; value: number } | { type: number; data: Uint8Array };

/** Transform substructure, RFC 7296 §3.3.2. */
export interface Transform {
  transformType: number;
  transformId: number;
  attributes: TransformAttribute[];
  reserved1?: number; // octet after Last Substruc
  reserved2?: number; // octet after Transform Type
}

/** Proposal substructure, RFC 7296 §3.3.1. */
export interface Proposal {
  proposalNum: number;
  protocolId: number;
  spi: Uint8Array;
  transforms: Transform[];
  reserved?: number;
}

/** TS_IPV4_ADDR_RANGE (7), RFC 7296 §3.13.1; any other type is kept as opaque bytes. */
export type TrafficSelector =
  | { tsType: 7; ipProtocol: number; startPort: number; endPort: number; startAddr: string; endAddr: string }
  | { tsType: number; octet1: number; body: Uint8Array; raw: true };

export type IkePayload = PayloadCommon &
  (
    | { kind: 'SA'; proposals: Proposal[] }
    | { kind: 'KE'; group: number; data: Uint8Array; reserved?: number }
    | { kind: 'IDi' | 'IDr'; idType: number; data: Uint8Array; reserved?: number }
    | { kind: 'AUTH'; method: number; data: Uint8Array; reserved?: number }
    | { kind: 'NONCE'; data: Uint8Array }
    | { kind: 'N'; protocolId: number; spi: Uint8Array; notifyType: number; data: Uint8Array }
    | { kind: 'D'; protocolId: number; spiSize: number; spis: Uint8Array[] }
    | { kind: 'TSi' | 'TSr'; selectors: TrafficSelector[]; reserved?: number }
    /** Encrypted payload as carried (RFC 7296 §3.14): `firstInner` is its Next Payload field (the
     *  type of the first inner payload), `body` = IV ‖ ciphertext ‖ ICV. */
    | { kind: 'SK'; firstInner: number; body: Uint8Array }
    | { kind: 'UNKNOWN'; payloadType: number; body: Uint8Array }
  );

export type IkePayloadKind = IkePayload['kind'];

export interface IkeMessage {
  header: IkeHeader;
  payloads: IkePayload[];
}

/** Why a decoder refused bytes, and where (offset from the start of the buffer it was given). */
export type IkeDecodeErrorKind =
  | 'truncated'
  | 'bad-length'
  | 'trailing-bytes'
  | 'unsupported-version'
  | 'bad-substructure'
  | 'bad-count'
  | 'bad-selector'
  | 'misplaced-sk'
  | 'bad-padding'
  | 'icv-mismatch'
  | 'not-encrypted';

export interface IkeDecodeError {
  kind: IkeDecodeErrorKind;
  offset: number;
  message: string;
}

export type Result<T, E = IkeDecodeError> = { ok: true; value: T } | { ok: false; error: E };
