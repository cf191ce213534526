// AUTH payload for a pre-shared key (RFC 7296 §2.15, auth method 2 "Shared Key Message Integrity Code").

import { concatBytes } from '../../wire/ikev2-bytes';
import { prf } from './prf';

/** The 17 ASCII octets "Key Pad for IKEv2", no NUL (§2.15). */
const KEY_PAD = new TextEncoder().encode('Key Pad for IKEv2');

export interface PskAuthInput {
  psk: Uint8Array;
  /** the signer's own first message (IKE_SA_INIT request for the initiator, response for the responder) */
  realMessage: Uint8Array;
  /** the peer's nonce value (Nr for the initiator, Ni for the responder) */
  peerNonce: Uint8Array;
  /** SK_pi for the initiator, SK_pr for the responder */
  skP: Uint8Array;
  /** the signer's ID payload without its generic header: ID Type ‖ RESERVED ‖ Identification Data */
  idPayloadBody: Uint8Array;
}

/** <SignedOctets> = RealMessage | NonceData | prf(SK_p, RestOfIDPayload) (§2.15). */
export function signedOctets(a: Omit<PskAuthInput, 'psk'>): Uint8Array {
  return concatBytes(a.realMessage, a.peerNonce, prf(a.skP, a.idPayloadBody));
}

/** AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>) (§2.15). */
export function pskAuth(a: PskAuthInput): Uint8Array {
  return prf(prf(a.psk, KEY_PAD), signedOctets(a));
}

/** RestOfIDPayload of an ID payload as it is encoded (§3.5: type, 3 reserved octets, data). */
export function idPayloadBody(idType: number, data: Uint8Array, reserved = 0): Uint8Array {
  return concatBytes(
    Uint8Array.of(idType, (reserved >>> 16) & 0xff, (reserved >>> 8) & 0xff, reserved & 0xff),
    data,
  );
}
