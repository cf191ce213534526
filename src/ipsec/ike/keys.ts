// IKE SA and Child SA key material (RFC 7296 §2.14, §2.17, §2.18) for the suites in suites.ts.

import { concatBytes } from '../../wire/ikev2-bytes';
import { PRF_LENGTH, type PrfHash, prf, prfPlus } from './prf';
import { GCM_SALT_BYTES, type GcmCipher, gcmKeyBytes } from './suites';

/** SKEYSEED = prf(Ni | Nr, g^ir) (§2.14). */
export function skeyseed(ni: Uint8Array, nr: Uint8Array, gir: Uint8Array, hash?: PrfHash): Uint8Array {
  return prf(concatBytes(ni, nr), gir, hash);
}

/** SKEYSEED for a rekeyed IKE SA = prf(SK_d (old), g^ir (new) | Ni | Nr) (§2.18). */
export function rekeySkeyseed(
  skDOld: Uint8Array,
  girNew: Uint8Array,
  ni: Uint8Array,
  nr: Uint8Array,
  hash?: PrfHash,
) {
  return prf(skDOld, concatBytes(girNew, ni, nr), hash);
}

/** The seven IKE SA keys of §2.14. With AES-GCM there is no integrity transform, so SK_ai and SK_ar
 *  are empty, and SK_ei / SK_er are AES key ‖ 4-octet salt (RFC 5282 §7.1). */
export interface IkeSaKeys {
  skD: Uint8Array;
  skAi: Uint8Array;
  skAr: Uint8Array;
  skEi: Uint8Array;
  skEr: Uint8Array;
  skPi: Uint8Array;
  skPr: Uint8Array;
}

export interface IkeKeyInput {
  ni: Uint8Array;
  nr: Uint8Array;
  /** the Diffie-Hellman shared secret g^ir (X25519 output, RFC 8031 §2) */
  gir: Uint8Array;
  spiI: Uint8Array;
  spiR: Uint8Array;
  cipher: GcmCipher;
}

/** {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). */
export function deriveIkeSaKeys(k: IkeKeyInput): IkeSaKeys {
  const seed = skeyseed(k.ni, k.nr, k.gir);
  const e = gcmKeyBytes(k.cipher) + GCM_SALT_BYTES;
  const total = PRF_LENGTH + 0 + 0 + e + e + PRF_LENGTH + PRF_LENGTH;
  const km = prfPlus(seed, concatBytes(k.ni, k.nr, k.spiI, k.spiR), total);
  let o = 0;
  const take = (n: number) => {
    const part = km.slice(o, o + n);
    o += n;
    return part;
  };
  return {
    skD: take(PRF_LENGTH),
    skAi: take(0),
    skAr: take(0),
    skEi: take(e),
    skEr: take(e),
    skPi: take(PRF_LENGTH),
    skPr: take(PRF_LENGTH),
  };
}

/** ESP AES-GCM key material of one direction: key and salt (RFC 4106 §8.1). */
export interface GcmKey {
  key: Uint8Array;
  salt: Uint8Array;
}

/** Child SA keys: initiator→responder and responder→initiator, where "initiator" is the one that
 *  started the exchange creating this Child SA (§2.17). */
export interface ChildSaKeys {
  initiatorToResponder: GcmKey;
  responderToInitiator: GcmKey;
}

/**
 * KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) for CREATE_CHILD_SA with PFS
 * (§2.17). Keys are taken initiator→responder first; for AES-GCM each is key ‖ salt (RFC 4106 §8.1)
 * and there is no integrity key.
 */
export function deriveChildSaKeys(
  skD: Uint8Array,
  ni: Uint8Array,
  nr: Uint8Array,
  cipher: GcmCipher,
  girNew?: Uint8Array,
): ChildSaKeys {
  const kl = gcmKeyBytes(cipher);
  const each = kl + GCM_SALT_BYTES;
  const km = prfPlus(skD, concatBytes(girNew ?? new Uint8Array(0), ni, nr), 2 * each);
  const at = (o: number): GcmKey => ({ key: km.slice(o, o + kl), salt: km.slice(o + kl, o + each) });
  return { initiatorToResponder: at(0), responderToInitiator: at(each) };
}
