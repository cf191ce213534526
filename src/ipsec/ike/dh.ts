// Diffie-Hellman group 31, Curve25519 (RFC 8031): the KE payload carries the 32-octet public value,
// g^ir is the 32-octet X25519 output. The private key is drawn from the injected random source.

import { x25519 } from '@noble/curves/ed25519.js';

export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(privateKey);
}

/**
 * g^ir from our private key and the peer's KE data; undefined when the peer's value is not 32 octets
 * or gives the all-zero output (RFC 8031 §2.1 requires that check).
 */
export function x25519Shared(privateKey: Uint8Array, peerPublic: Uint8Array): Uint8Array | undefined {
  if (peerPublic.length !== 32) return undefined;
  try {
    const s = x25519.getSharedSecret(privateKey, peerPublic);
    return s.every((b) => b === 0) ? undefined : s;
  } catch {
    return undefined;
  }
}
