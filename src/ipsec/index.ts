// Public face of the ipsec layer: IKEv2 engine and key derivation, SPD, SAD, policy checks, and the
// Wireshark key export.

export * from './addr';
export { idPayloadBody, pskAuth, signedOctets } from './ike/auth';
export { x25519PublicKey, x25519Shared } from './ike/dh';
export {
  createIkeEngine,
  DEFAULT_RETRANSMIT,
  findChildBySpiIn,
  findIkeSa,
  initiate,
  purgeLocalAddress,
  receive,
  setNegotiationAllowed,
  timer,
} from './ike/engine';
export type * from './ike/engine-types';
export { hostTs, identityText, idFqdn, idIpv4, idKeyId, sameIdentity } from './ike/identity';
export * from './ike/keys';
export { PRF_LENGTH, prf, prfPlus } from './ike/prf';
export * from './ike/suites';
export * from './ike/wireshark';
export * from './policy-equivalence';
export * from './sad';
export * from './spd';
