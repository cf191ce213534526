// AEAD provider on WebCrypto (globalThis.crypto.subtle: browsers, workers and Node 20). Async
// only; the CryptoKey is imported ONCE per SA in prepareKey and cached in the handle, with the
// SubtleCrypto object (reading globalThis.crypto.subtle goes through two platform getters).
// AES-192 is not offered by Chromium's WebCrypto (Node's has it): keyLengths says what was probed.
import { AEAD_TAG_LENGTH, type AeadKey, type AeadProvider, checkAeadArgs } from '../../wire/aead';

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto: globalThis.crypto.subtle is not available (insecure context?)');
  return s;
}

// WebCrypto's BufferSource wants an ArrayBuffer-backed view; ours always are (a type-only cast:
// no call per argument).
type Src = Uint8Array<ArrayBuffer>;

// decrypt() input is staged in one reused buffer, through one view per length. Chromium wraps
// every ArrayBuffer and view it is handed in platform objects; for a packet JS just allocated that
// cost ~0.6 us of main-thread time per call (CPU time of the renderer's main thread, 1400-byte
// packets), a 1.4 kB copy into a view it has wrapped before far less. decrypt() copies its input
// before it returns (WebCrypto §14.3.2), so the buffer is free again at once. (Staging encrypt()'s
// input showed no gain: ESP hands it a view of a buffer that is already wrapped.)
let stageBuf = new Uint8Array(2048);
const stageViews = new Map<number, Uint8Array>();

function staged(b: Uint8Array): Uint8Array<ArrayBuffer> {
  let v = stageViews.get(b.length);
  if (!v) {
    if (stageBuf.length < b.length) {
      stageBuf = new Uint8Array(Math.max(b.length, stageBuf.length * 2));
      stageViews.clear();
    }
    if (stageViews.size >= 64) stageViews.clear();
    v = stageBuf.subarray(0, b.length);
    stageViews.set(b.length, v);
  }
  v.set(b);
  return v as Uint8Array<ArrayBuffer>;
}

// ArrayBuffer.prototype.transfer (ES2024; Chromium 114+, Node 21+), not in the ES2022 lib.
type Transferable = ArrayBuffer & { transfer?: (newLength: number) => ArrayBuffer };

/**
 * The output of encrypt() (ciphertext ‖ tag) moved to [headroom, …) of a buffer `headroom` bytes
 * longer. With transfer() the output's memory moves into the new buffer without zero-filling it,
 * and the old one is freed at once instead of by the garbage collector; without it (Node 20) a new
 * buffer and one copy.
 */
export function growToHeadroom(r: ArrayBuffer, headroom: number): Uint8Array {
  const n = r.byteLength;
  const t = r as Transferable;
  if (typeof t.transfer === 'function') {
    const b = new Uint8Array(t.transfer(headroom + n));
    b.copyWithin(headroom, 0, n);
    return b;
  }
  const b = new Uint8Array(headroom + n);
  b.set(new Uint8Array(r), headroom);
  return b;
}

class WebCryptoKey implements AeadKey {
  readonly provider = 'webcrypto';
  constructor(
    private readonly subtle: SubtleCrypto,
    private readonly key: CryptoKey,
    readonly keyLength: number,
  ) {}
  // encrypt() and decrypt() copy their inputs before they return (WebCrypto §14.3.1 step 2: "get a
  // copy of the bytes held by the data parameter"), so callers may reuse nonce, aad and plaintext
  // buffers, and `out` may alias `plaintext`.
  private encrypt(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<ArrayBuffer> {
    return this.subtle.encrypt(
      { name: 'AES-GCM', iv: nonce as Src, additionalData: aad as Src, tagLength: AEAD_TAG_LENGTH * 8 },
      this.key,
      plaintext as Src,
    );
  }
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Promise<Uint8Array> {
    if (out && out.length !== plaintext.length + AEAD_TAG_LENGTH)
      return Promise.reject(new RangeError('seal: out has the wrong length'));
    return this.encrypt(nonce, aad, plaintext).then((r) => {
      const bytes = new Uint8Array(r);
      if (!out) return bytes;
      out.set(bytes);
      return out;
    });
  }
  sealWithHeadroom<T>(
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    headroom: number,
    then: (sealed: Uint8Array) => T,
  ): Promise<T> {
    return this.encrypt(nonce, aad, plaintext).then((r) => then(growToHeadroom(r, headroom)));
  }
  private decrypt(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<ArrayBuffer> {
    return this.subtle.decrypt(
      { name: 'AES-GCM', iv: nonce as Src, additionalData: aad as Src, tagLength: AEAD_TAG_LENGTH * 8 },
      this.key,
      staged(sealed),
    );
  }
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array | null> {
    if (sealed.length < AEAD_TAG_LENGTH) return Promise.resolve(null);
    return this.decrypt(nonce, aad, sealed).then(
      (r) => new Uint8Array(r),
      () => null, // OperationError: the tag did not verify
    );
  }
  openThen<T>(
    nonce: Uint8Array,
    aad: Uint8Array,
    sealed: Uint8Array,
    then: (plaintext: Uint8Array | null) => T,
  ): Promise<T> {
    if (sealed.length < AEAD_TAG_LENGTH) return Promise.resolve(null).then(then);
    // A rejection means the tag did not verify; an exception thrown by `then` is not one.
    return this.decrypt(nonce, aad, sealed).then(
      (r) => then(new Uint8Array(r)),
      () => then(null),
    );
  }
}

export const webCryptoAead: AeadProvider = {
  name: 'webcrypto',
  keyLengths: [16, 24, 32],
  async prepareKey(key: Uint8Array): Promise<AeadKey> {
    checkAeadArgs(key.length, this.keyLengths, 'WebCrypto');
    const s = subtle();
    const k = await s.importKey('raw', key.slice() as Src, { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ]);
    return new WebCryptoKey(s, k, key.length);
  },
};
