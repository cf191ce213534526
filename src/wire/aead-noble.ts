// The reference AEAD provider: AES-GCM from @noble/ciphers, synchronous, pure JS, runs everywhere
// (Node, browsers, workers). The platform providers in src/runtime/crypto/ must give the same bytes.
// A prepared key keeps its key schedule and GHASH table (KeyedGcm) for the 12-byte nonces ESP and
// IKEv2 use; other nonce lengths go through `gcm` itself.
import { gcm } from '@noble/ciphers/aes.js';
import { AEAD_TAG_LENGTH, checkAeadArgs, type SyncAeadKey, type SyncAeadProvider } from './aead';
import { KEYED_NONCE_LENGTH, KeyedGcm } from './gcm-keyed';

class NobleKey implements SyncAeadKey {
  readonly provider = 'noble';
  readonly keyLength: number;
  private readonly keyed: KeyedGcm;
  constructor(private readonly key: Uint8Array) {
    this.keyLength = key.length;
    this.keyed = new KeyedGcm(key);
  }
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    if (out && out.length !== plaintext.length + AEAD_TAG_LENGTH)
      throw new RangeError('seal: out has the wrong length');
    if (nonce.length === KEYED_NONCE_LENGTH) return this.keyed.seal(nonce, aad, plaintext, out);
    const r = gcm(this.key, nonce, aad).encrypt(plaintext);
    if (!out) return r;
    out.set(r);
    return out;
  }
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < AEAD_TAG_LENGTH) return null;
    if (nonce.length === KEYED_NONCE_LENGTH) return this.keyed.open(nonce, aad, sealed);
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
