// AES-GCM with the key's work done once: noble's own steps (`gcm` in @noble/ciphers/aes.js, NIST
// SP 800-38D §7.1–7.2) on noble's primitives (`unsafe.expandKeyLE`, `unsafe.ctr32`, `GHASH`), with
// the AES key schedule, the hash subkey H = E_K(0¹²⁸) and GHASH's multiplication table kept per
// key instead of rebuilt for every packet. Nothing here computes AES or GF(2¹²⁸) itself.
//
// Why: `gcm(key, nonce, aad)` builds a GHASH table of 512 objects (~20 kB) for every packet; at
// 10,000 connections that was ~90% of everything the Workers allocated (~150 MB/s of garbage).
// The bytes are noble's `gcm`'s, checked in gcm-keyed.test.ts on random inputs and on the test
// vectors. Only 12-byte nonces (ESP, RFC 4106 §4: salt ‖ IV; IKEv2 SK, RFC 5282 §3) take this
// path; the caller falls back to `gcm` for others.
import { GHASH } from '@noble/ciphers/_polyval.js';
import { unsafe } from '@noble/ciphers/aes.js';

export const KEYED_NONCE_LENGTH = 12;
const BLOCK = 16;
const TAG = 16;
const ZERO_BLOCK = new Uint8Array(BLOCK);

/** GHASH keyed once: the table stays, the accumulator restarts for each message. */
class ReusableGhash extends GHASH {
  restart(): this {
    this.s0 = 0;
    this.s1 = 0;
    this.s2 = 0;
    this.s3 = 0;
    this.finished = false;
    return this;
  }
}

/** ctr32 and GHASH read their input as 32-bit words: a view at an odd offset is copied. */
const aligned = (b: Uint8Array): Uint8Array => (b.byteOffset % 4 === 0 ? b : b.slice());

export class KeyedGcm {
  private readonly xk: Uint32Array;
  private readonly ghash: ReusableGhash;
  /** J0, then the running counter (noble's ctr32 advances it in place). */
  private readonly counter = new Uint8Array(BLOCK);
  /** E_K(J0), XORed onto the GHASH output to make the tag. */
  private readonly mask = new Uint8Array(BLOCK);
  private readonly lengths = new Uint8Array(BLOCK);
  private readonly lengthView = new DataView(this.lengths.buffer);
  private readonly tag = new Uint8Array(TAG);

  constructor(key: Uint8Array) {
    this.xk = unsafe.expandKeyLE(key);
    const h = unsafe.ctr32(this.xk, false, new Uint8Array(BLOCK), ZERO_BLOCK);
    // The table size noble picks for messages over 1 kB (ESP packets of a full segment).
    this.ghash = new ReusableGhash(h, 1500);
    h.fill(0);
  }

  /** ciphertext ‖ tag of plaintext, into out when given (its length must be plaintext + 16). */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array {
    const o = out && out.byteOffset % 4 === 0 ? out : new Uint8Array(plaintext.length + TAG);
    const ct = o.subarray(0, plaintext.length);
    // In place (ESP seals the plaintext where it lies) is fine word by word; any other overlap
    // would overwrite plaintext not yet read.
    const src = overlapsShifted(plaintext, ct) ? plaintext.slice() : aligned(plaintext);
    this.start(nonce);
    unsafe.ctr32(this.xk, false, this.counter, src, ct);
    this.computeTag(aad, ct);
    o.set(this.tag, plaintext.length);
    if (out && o !== out) out.set(o);
    return out ?? o;
  }

  /** The plaintext, or null when the tag does not match (nothing is decrypted then). */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (sealed.length < TAG) return null;
    const ct = aligned(sealed.subarray(0, sealed.length - TAG));
    this.start(nonce);
    this.computeTag(aad, ct);
    // Constant-time comparison, as noble's equalBytes.
    let diff = 0;
    for (let i = 0; i < TAG; i++) diff |= this.tag[i]! ^ sealed[ct.length + i]!;
    if (diff !== 0) return null;
    return unsafe.ctr32(this.xk, false, this.counter, ct);
  }

  /** J0 = nonce ‖ 0³¹1 (SP 800-38D §7.1 step 2, 96-bit IV); mask = E_K(J0); counter = inc32(J0). */
  private start(nonce: Uint8Array): void {
    if (nonce.length !== KEYED_NONCE_LENGTH)
      throw new RangeError(`KeyedGcm: nonce of ${nonce.length} bytes, need 12`);
    this.counter.set(nonce);
    this.counter[12] = 0;
    this.counter[13] = 0;
    this.counter[14] = 0;
    this.counter[15] = 1;
    unsafe.ctr32(this.xk, false, this.counter, ZERO_BLOCK, this.mask);
  }

  /** tag = GHASH_H(A ‖ 0ᵛ ‖ C ‖ 0ᵘ ‖ [len(A)]₆₄ ‖ [len(C)]₆₄) ⊕ E_K(J0) (§7.1 steps 5–6). */
  private computeTag(aad: Uint8Array, ct: Uint8Array): void {
    const g = this.ghash.restart();
    if (aad.length) g.update(aad);
    g.update(ct);
    setBits(this.lengthView, 0, aad.length);
    setBits(this.lengthView, 8, ct.length);
    g.update(this.lengths);
    g.digestInto(this.tag);
    for (let i = 0; i < TAG; i++) this.tag[i]! ^= this.mask[i]!;
  }
}

function overlapsShifted(a: Uint8Array, b: Uint8Array): boolean {
  if (a.buffer !== b.buffer || a.byteOffset === b.byteOffset) return false;
  return a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;
}

/** A byte length as a big-endian 64-bit count of bits (lengths here are far below 2⁵³ bits). */
function setBits(view: DataView, at: number, bytes: number): void {
  const bits = bytes * 8;
  view.setUint32(at, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(at + 4, bits >>> 0);
}
