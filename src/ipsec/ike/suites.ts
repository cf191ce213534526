// The algorithm suites the emulator negotiates (RFC 7296 §3.3.2 transform IDs):
//   IKE SA:   ENCR_AES_GCM_16 (RFC 5282) 128 or 256, PRF_HMAC_SHA2_256 (RFC 4868), DH group 31 (RFC 8031)
//   Child SA: ESP with ENCR_AES_GCM_16 (RFC 4106) 128 or 256, no ESN

export type GcmCipher = 'aes-gcm-16-128' | 'aes-gcm-16-256';

export const GCM_CIPHERS: readonly GcmCipher[] = ['aes-gcm-16-256', 'aes-gcm-16-128'];

/** AES key length in octets. */
export function gcmKeyBytes(c: GcmCipher): number {
  return c === 'aes-gcm-16-128' ? 16 : 32;
}

/** Key length attribute value in bits (RFC 7296 §3.3.5, attribute 14). */
export function gcmKeyBits(c: GcmCipher): 128 | 256 {
  return c === 'aes-gcm-16-128' ? 128 : 256;
}

export function gcmFromKeyBits(bits: number): GcmCipher | undefined {
  return bits === 128 ? 'aes-gcm-16-128' : bits === 256 ? 'aes-gcm-16-256' : undefined;
}

/** Salt length of AES-GCM key material: RFC 5282 §7.1 (IKE), RFC 4106 §8.1 (ESP). */
export const GCM_SALT_BYTES = 4;
