// IKEv2 registry values used by the emulator (RFC 7296 §3, IANA "IKEv2 Parameters").

/** Exchange types, RFC 7296 §3.1. */
export const ExchangeType = {
  IKE_SA_INIT: 34,
  IKE_AUTH: 35,
  CREATE_CHILD_SA: 36,
  INFORMATIONAL: 37,
} as const;

/** Header flags, RFC 7296 §3.1: bit 3 Initiator, bit 4 Version, bit 5 Response. */
export const HeaderFlag = { INITIATOR: 0x08, VERSION: 0x10, RESPONSE: 0x20 } as const;

/** Payload types, RFC 7296 §3.2. */
export const PayloadType = {
  NONE: 0,
  SA: 33,
  KE: 34,
  IDi: 35,
  IDr: 36,
  CERT: 37,
  CERTREQ: 38,
  AUTH: 39,
  NONCE: 40,
  N: 41,
  D: 42,
  V: 43,
  TSi: 44,
  TSr: 45,
  SK: 46,
  CP: 47,
  EAP: 48,
} as const;

/** Security protocol identifiers, RFC 7296 §3.3.1. */
export const ProtocolId = { NONE: 0, IKE: 1, AH: 2, ESP: 3 } as const;

/** Transform types, RFC 7296 §3.3.2. */
export const TransformType = { ENCR: 1, PRF: 2, INTEG: 3, DH: 4, ESN: 5 } as const;

/** Transform IDs used here: ENCR_AES_GCM_16 (RFC 5282 / RFC 4106), PRF_HMAC_SHA2_256 (RFC 4868),
 *  DH group 31 = Curve25519 (RFC 8031), ESN none/yes. */
export const EncrId = { AES_GCM_16: 20 } as const;
export const PrfId = { HMAC_SHA2_256: 5 } as const;
export const DhGroup = { CURVE25519: 31 } as const;
export const EsnId = { NONE: 0, ESN: 1 } as const;

/** Transform attribute types, RFC 7296 §3.3.5: only Key Length (14), always TV format. */
export const AttributeType = { KEY_LENGTH: 14 } as const;

/** Identification types, RFC 7296 §3.5. */
export const IdType = {
  ID_IPV4_ADDR: 1,
  ID_FQDN: 2,
  ID_RFC822_ADDR: 3,
  ID_IPV6_ADDR: 5,
  ID_DER_ASN1_DN: 9,
  ID_DER_ASN1_GN: 10,
  ID_KEY_ID: 11,
} as const;

/** Authentication methods, RFC 7296 §3.8. */
export const AuthMethod = { RSA_SIG: 1, SHARED_KEY_MIC: 2, DSS_SIG: 3 } as const;

/** Traffic selector types, RFC 7296 §3.13.1. */
export const TsType = { TS_IPV4_ADDR_RANGE: 7, TS_IPV6_ADDR_RANGE: 8 } as const;

/** Notify message types, RFC 7296 §3.10.1 (errors < 16384, status ≥ 16384). */
export const NotifyType = {
  UNSUPPORTED_CRITICAL_PAYLOAD: 1,
  INVALID_IKE_SPI: 4,
  INVALID_MAJOR_VERSION: 5,
  INVALID_SYNTAX: 7,
  INVALID_MESSAGE_ID: 9,
  INVALID_SPI: 11,
  NO_PROPOSAL_CHOSEN: 14,
  INVALID_KE_PAYLOAD: 17,
  AUTHENTICATION_FAILED: 24,
  SINGLE_PAIR_REQUIRED: 34,
  NO_ADDITIONAL_SAS: 35,
  INTERNAL_ADDRESS_FAILURE: 36,
  FAILED_CP_REQUIRED: 37,
  TS_UNACCEPTABLE: 38,
  INVALID_SELECTORS: 39,
  TEMPORARY_FAILURE: 43,
  CHILD_SA_NOT_FOUND: 44,
  INITIAL_CONTACT: 16384,
  SET_WINDOW_SIZE: 16385,
  ADDITIONAL_TS_POSSIBLE: 16386,
  IPCOMP_SUPPORTED: 16387,
  NAT_DETECTION_SOURCE_IP: 16388,
  NAT_DETECTION_DESTINATION_IP: 16389,
  COOKIE: 16390,
  USE_TRANSPORT_MODE: 16391,
  REKEY_SA: 16393,
  ESP_TFC_PADDING_NOT_SUPPORTED: 16394,
  NON_FIRST_FRAGMENTS_ALSO: 16395,
} as const;

/** Reverse lookup for traces: the registry name of a value, or the number as text. */
export function nameOf(table: Record<string, number>, value: number): string {
  for (const [k, v] of Object.entries(table)) if (v === value) return k;
  return String(value);
}
