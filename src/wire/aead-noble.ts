// The reference AEAD provider: AES-GCM from @noble/ciphers, synchronous, pure JS, runs everywhere
// (Node, browsers, workers). The platform providers in src/runtime/crypto/ must give the same bytes.
import { gcm } from '@noble/ciphers/aes.js';
import { AEAD_TAG_LENGTH, checkAeadArgs, type SyncAeadKey, type SyncAeadProvider } from './aead';

class NobleKey implements SyncAeadKey {
  readonly provider = 'noble';
  readonly keyLength: number;
  constructor(private readonly key: Uint8Array) {
    this.keyLength = key.length;
  }
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    const r = gcm(this.key, nonce, aad).encrypt(plaintext);
    if (!out) return r;
    if (out.length !== plaintext.length + AEAD_TAG_LENGTH)
      throw new RangeError('seal: out has the wrong length');
    out.set(r);
    return out;
  }
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < AEAD_TAG_LENGTH) return null;
    try {
      return gcm(this.key, nonce, aad).decrypt(sealed);
    } catch {
      return null; // noble throws on a tag mismatch
    }
  }
}

export const nobleAead: SyncAeadProvider = {
  name: 'noble',
  keyLengths: [16, 24, 32],
  prepareKey(key: Uint8Array): SyncAeadKey {
    checkAeadArgs(key.length, this.keyLengths, 'noble');
    return new NobleKey(key.slice());
  },
};
