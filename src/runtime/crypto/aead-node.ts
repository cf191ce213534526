// AEAD provider on node:crypto (OpenSSL AES-GCM, hardware AES where the CPU has it). Synchronous.
// The key is prepared once per SA as a KeyObject; each packet still needs one cipher context
// (createCipheriv), which is what OpenSSL's API offers.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { AEAD_TAG_LENGTH, checkAeadArgs, type SyncAeadKey, type SyncAeadProvider } from '../../wire/aead';

type GcmAlgo = 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';

class NodeKey implements SyncAeadKey {
  readonly provider = 'node';
  readonly keyLength: number;
  private readonly algo: GcmAlgo;
  private readonly key: KeyObject;
  constructor(key: Uint8Array) {
    this.keyLength = key.length;
    this.algo = `aes-${key.length * 8}-gcm` as GcmAlgo;
    this.key = createSecretKey(key);
  }
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    const c = createCipheriv(this.algo, this.key, nonce, { authTagLength: AEAD_TAG_LENGTH });
    c.setAAD(aad);
    const ct = c.update(plaintext);
    c.final(); // GCM is a stream mode: final() returns no bytes
    const tag = c.getAuthTag();
    const dst = out ?? new Uint8Array(plaintext.length + AEAD_TAG_LENGTH);
    if (dst.length !== plaintext.length + AEAD_TAG_LENGTH)
      throw new RangeError('seal: out has the wrong length');
    dst.set(ct, 0);
    dst.set(tag, plaintext.length);
    return dst;
  }
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < AEAD_TAG_LENGTH) return null;
    const n = sealed.length - AEAD_TAG_LENGTH;
    const d = createDecipheriv(this.algo, this.key, nonce, { authTagLength: AEAD_TAG_LENGTH });
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(n));
    const pt = d.update(sealed.subarray(0, n));
    try {
      d.final(); // throws when the tag does not verify
    } catch {
      return null;
    }
    return new Uint8Array(pt.buffer, pt.byteOffset, pt.length);
  }
}

export const nodeAead: SyncAeadProvider = {
  name: 'node',
  keyLengths: [16, 24, 32],
  prepareKey(key: Uint8Array): SyncAeadKey {
    checkAeadArgs(key.length, this.keyLengths, 'node:crypto');
    return new NodeKey(key);
  },
};
