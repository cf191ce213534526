// AEAD provider on WebCrypto (globalThis.crypto.subtle: browsers, workers and Node 20). Async
// only; the CryptoKey is imported ONCE per SA in prepareKey and cached in the handle.
// AES-192 is not offered by Chromium's WebCrypto (Node's has it): keyLengths says what was probed.
import { AEAD_TAG_LENGTH, type AeadKey, type AeadProvider, checkAeadArgs } from '../../wire/aead';

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto: globalThis.crypto.subtle is not available (insecure context?)');
  return s;
}

// WebCrypto's BufferSource wants an ArrayBuffer-backed view; ours always are.
const src = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

class WebCryptoKey implements AeadKey {
  readonly provider = 'webcrypto';
  constructor(
    private readonly key: CryptoKey,
    readonly keyLength: number,
  ) {}
  async seal(
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    out?: Uint8Array,
  ): Promise<Uint8Array> {
    // encrypt() copies its inputs synchronously, so `out` may alias `plaintext`.
    const r = await subtle().encrypt(
      { name: 'AES-GCM', iv: src(nonce), additionalData: src(aad), tagLength: AEAD_TAG_LENGTH * 8 },
      this.key,
      src(plaintext),
    );
    const bytes = new Uint8Array(r);
    if (!out) return bytes;
    if (out.length !== bytes.length) throw new RangeError('seal: out has the wrong length');
    out.set(bytes);
    return out;
  }
  async open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array | null> {
    if (sealed.length < AEAD_TAG_LENGTH) return null;
    try {
      const r = await subtle().decrypt(
        { name: 'AES-GCM', iv: src(nonce), additionalData: src(aad), tagLength: AEAD_TAG_LENGTH * 8 },
        this.key,
        src(sealed),
      );
      return new Uint8Array(r);
    } catch {
      return null; // OperationError: the tag did not verify
    }
  }
}

export const webCryptoAead: AeadProvider = {
  name: 'webcrypto',
  keyLengths: [16, 24, 32],
  async prepareKey(key: Uint8Array): Promise<AeadKey> {
    checkAeadArgs(key.length, this.keyLengths, 'WebCrypto');
    const k = await subtle().importKey('raw', src(key.slice()), { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ]);
    return new WebCryptoKey(k, key.length);
  },
};
