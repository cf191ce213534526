import { gcm } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes';
import { KeyedGcm } from './gcm-keyed';

// KeyedGcm against the library's own gcm(): same bytes on random keys, nonces, AAD and plaintexts
// (lengths around the block and the 32-bit word, and views at odd offsets), and the same verdict
// on tampered input. The ESP vectors of draft-mcgrew-gcm-test-01 run through it in
// src/runtime/crypto/aead-vectors.test.ts (the noble provider's prepared keys use it).

/** A copy of bytes at byte offset `shift` inside a larger buffer (ctr32 reads 32-bit words). */
function at(bytes: Uint8Array, shift: number): Uint8Array {
  const buf = new Uint8Array(bytes.length + shift);
  buf.set(bytes, shift);
  return buf.subarray(shift);
}

const hex = (s: string): Uint8Array => fromHex(s) ?? new Uint8Array(0);
const keyArb = fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
const nonceArb = fc.uint8Array({ minLength: 12, maxLength: 12 });
const shiftArb = fc.integer({ min: 0, max: 3 });

describe('KeyedGcm', () => {
  it('seals what noble gcm() seals and opens it, for many messages under one key', () => {
    fc.assert(
      fc.property(
        keyArb,
        fc.array(
          fc.record({
            nonce: nonceArb,
            aad: fc.uint8Array({ maxLength: 40 }),
            pt: fc.uint8Array({ maxLength: 200 }),
            shift: shiftArb,
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (key, messages) => {
          const k = new KeyedGcm(key);
          for (const { nonce, aad, pt, shift } of messages) {
            const expected = gcm(key, nonce, aad).encrypt(pt);
            const sealed = k.seal(nonce, aad, at(pt, shift));
            expect(toHex(sealed)).toBe(toHex(expected));
            expect(toHex(k.open(nonce, aad, at(expected, shift)) ?? new Uint8Array([0xff]))).toBe(toHex(pt));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes into the buffer it is given, aligned or not', () => {
    fc.assert(
      fc.property(keyArb, nonceArb, fc.uint8Array({ maxLength: 100 }), shiftArb, (key, nonce, pt, shift) => {
        const out = at(new Uint8Array(pt.length + 16), shift);
        const r = new KeyedGcm(key).seal(nonce, new Uint8Array(0), pt, out);
        expect(r).toBe(out);
        expect(toHex(out)).toBe(toHex(gcm(key, nonce).encrypt(pt)));
      }),
    );
  });

  it('seals in place, and into a buffer overlapping the plaintext at another offset', () => {
    fc.assert(
      fc.property(
        keyArb,
        nonceArb,
        fc.uint8Array({ maxLength: 100 }),
        fc.integer({ min: -20, max: 20 }),
        (key, nonce, pt, move) => {
          const expected = toHex(gcm(key, nonce).encrypt(pt));
          const buf = new Uint8Array(pt.length + 60);
          const ptAt = 24;
          buf.set(pt, ptAt);
          const out = buf.subarray(ptAt + move, ptAt + move + pt.length + 16);
          new KeyedGcm(key).seal(nonce, new Uint8Array(0), buf.subarray(ptAt, ptAt + pt.length), out);
          expect(toHex(out)).toBe(expected);
        },
      ),
    );
  });

  it('rejects a flipped bit anywhere, a wrong AAD and a short input, as gcm() does', () => {
    fc.assert(
      fc.property(
        keyArb,
        nonceArb,
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.nat(),
        (key, nonce, aad, pt, where) => {
          const k = new KeyedGcm(key);
          const sealed = k.seal(nonce, aad, pt);
          const bad = sealed.slice();
          const bit = where % (bad.length * 8);
          bad[bit >> 3]! ^= 1 << (bit & 7);
          expect(k.open(nonce, aad, bad)).toBeNull();
          expect(() => gcm(key, nonce, aad).decrypt(bad)).toThrow();
          expect(k.open(nonce, new Uint8Array([...aad, 0]), sealed)).toBeNull();
          // The key still works after the rejections.
          expect(toHex(k.open(nonce, aad, sealed) ?? new Uint8Array())).toBe(toHex(pt));
        },
      ),
    );
    expect(
      new KeyedGcm(new Uint8Array(16)).open(new Uint8Array(12), new Uint8Array(0), new Uint8Array(15)),
    ).toBeNull();
  });

  it('matches NIST SP 800-38D test case 4 (gcmEncryptExtIV128 style: 60-byte plaintext, 20-byte AAD)', () => {
    // The AES-GCM specification's test case 4 (McGrew & Viega, "The Galois/Counter Mode of Operation").
    const key = hex('feffe9928665731c6d6a8f9467308308');
    const nonce = hex('cafebabefacedbaddecaf888');
    const pt = hex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    );
    const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
    const sealed = new KeyedGcm(key).seal(nonce, aad, pt);
    expect(toHex(sealed)).toBe(
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' +
        '5bc94fbc3221a5db94fae95ae7121a47',
    );
  });

  it('refuses nonces other than 12 bytes (the caller uses gcm() for those)', () => {
    expect(() =>
      new KeyedGcm(new Uint8Array(16)).seal(new Uint8Array(8), new Uint8Array(0), new Uint8Array(1)),
    ).toThrow(/12/);
  });
});
