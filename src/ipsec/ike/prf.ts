// The IKEv2 pseudorandom function and prf+ (RFC 7296 §2.13). PRF_HMAC_SHA2_256 (RFC 4868 §2.1):
// HMAC-SHA-256 with a key of any length, 32-octet output.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** The hash an HMAC-based PRF is built on (a @noble/hashes hash function). */
export type PrfHash = Parameters<typeof hmac>[0];

/** prf(K, S) = HMAC-SHA-256(K, S) unless another hash is given. */
export function prf(key: Uint8Array, data: Uint8Array, hash: PrfHash = sha256): Uint8Array {
  return hmac(hash, key, data);
}

/** Output length of prf (and the key length of SK_d, SK_pi, SK_pr — §2.14). */
export const PRF_LENGTH = 32;

/**
 * prf+ (K,S) = T1 | T2 | T3 | ..., T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n) (§2.13),
 * truncated to `length` octets. At most 255 blocks may be produced.
 */
export function prfPlus(
  key: Uint8Array,
  seed: Uint8Array,
  length: number,
  hash: PrfHash = sha256,
): Uint8Array {
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  let filled = 0;
  for (let n = 1; filled < length; n++) {
    if (n > 255) throw new RangeError('prf+ cannot produce more than 255 blocks');
    const input = new Uint8Array(t.length + seed.length + 1);
    input.set(t, 0);
    input.set(seed, t.length);
    input[input.length - 1] = n;
    t = prf(key, input, hash);
    out.set(t.subarray(0, Math.min(t.length, length - filled)), filled);
    filled += t.length;
  }
  return out;
}
