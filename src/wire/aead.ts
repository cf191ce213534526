// The AEAD provider interface: the only way the core reaches AES-GCM (RFC 5116 AEAD_AES_128_GCM /
// AEAD_AES_256_GCM; NIST SP 800-38D), so the same ESP code runs on @noble/ciphers everywhere and on
// the platform's native AES-GCM (WebCrypto, node:crypto) where speed matters, with identical bytes.
//
// Sync or async? WebCrypto is async-only, noble is synchronous, node:crypto is synchronous. Every
// method therefore returns `T | Promise<T>` (MaybePromise): an async caller simply awaits, and a
// synchronous provider returns plain values with no microtask in between. The Sync* sub-types pin
// that down in the types: ESP functions called with an SA whose key is a SyncAeadKey are typed to
// return plain values (see esp.ts overloads), so a synchronous actor state machine can use the
// noble reference (or node:crypto) without ever touching a Promise, and the runtime can inject
// WebCrypto where it can await.
//
// `nonce` and `aad` are only valid during the call: a provider must consume or copy them before it
// returns (WebCrypto copies its inputs synchronously), so callers may reuse one scratch buffer.
//
// Two optional methods serve async providers whose output is a fresh buffer anyway (WebCrypto):
// sealWithHeadroom lets that output, with room for the headers in front, be the packet (no second
// packet buffer to copy it into), and it and openThen run the caller's continuation inside the
// provider's own promise reaction. esp.ts uses them when present; results are byte-identical.
//
// Keys are prepared once per SA (prepareKey → a handle holding e.g. the CryptoKey or KeyObject),
// never per packet. A handle is not plain data: keep the key bytes in state, the handle in a cache.

export type MaybePromise<T> = T | Promise<T>;

/** GCM tag length used by ESP here: 16 octets (RFC 4106 §6, "AES-GCM with a 16 octet ICV"). */
export const AEAD_TAG_LENGTH = 16;
/** GCM nonce length: 12 octets (RFC 4106 §4: 4-octet salt ‖ 8-octet IV). */
export const AEAD_NONCE_LENGTH = 12;

export interface AeadKey {
  /** Provider name, e.g. 'noble', 'webcrypto', 'node'. */
  readonly provider: string;
  /** Key length in bytes: 16 or 32 (24 where the platform supports AES-192). */
  readonly keyLength: number;
  /**
   * Encrypts and authenticates: returns ciphertext ‖ 16-byte tag. With `out` (length
   * plaintext.length + 16) the result is written there and `out` is returned; `out` may start at
   * the same byte as `plaintext` (in-place sealing of a packet buffer).
   */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): MaybePromise<Uint8Array>;
  /** Verifies and decrypts ciphertext ‖ tag: the plaintext, or null when the tag does not verify. */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): MaybePromise<Uint8Array | null>;
  /**
   * Optional, for providers that allocate their output anyway (WebCrypto): seals into a NEW buffer
   * of `headroom` + plaintext.length + 16 bytes, ciphertext ‖ tag at [headroom, …), and returns
   * `then` applied to it; the first `headroom` bytes are unspecified (the caller writes its headers
   * there). The packet is then the provider's own output, not a second buffer the output is copied
   * into, and an async provider calls `then` in its own promise reaction (no second one). Like
   * nonce and aad, `plaintext` is consumed before the call returns: the caller may reuse it at once.
   */
  sealWithHeadroom?<T>(
    nonce: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    headroom: number,
    then: (sealed: Uint8Array) => T,
  ): MaybePromise<T>;
  /** Optional: open, then `then` applied to its result (in the provider's own promise reaction). */
  openThen?<T>(
    nonce: Uint8Array,
    aad: Uint8Array,
    sealed: Uint8Array,
    then: (plaintext: Uint8Array | null) => T,
  ): MaybePromise<T>;
}

export interface SyncAeadKey extends AeadKey {
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array;
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null;
}

export interface AeadProvider<K extends AeadKey = AeadKey> {
  readonly name: string;
  /** Key lengths in bytes this provider accepts on this platform. */
  readonly keyLengths: readonly number[];
  /** Prepares a key once per SA (key schedule, CryptoKey import, KeyObject). */
  prepareKey(key: Uint8Array): MaybePromise<K>;
}

export interface SyncAeadProvider extends AeadProvider<SyncAeadKey> {
  prepareKey(key: Uint8Array): SyncAeadKey;
}

export function isPromise<T>(v: MaybePromise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** Applies f to a MaybePromise without adding a microtask when the value is already there. */
export function thenMaybe<T, U>(v: MaybePromise<T>, f: (t: T) => U): MaybePromise<U> {
  return isPromise(v) ? v.then(f) : f(v);
}

export function checkAeadArgs(keyLength: number, accepted: readonly number[], provider: string): void {
  if (!accepted.includes(keyLength))
    throw new RangeError(`${provider} AES-GCM: key of ${keyLength} bytes, expected ${accepted.join(' or ')}`);
}
