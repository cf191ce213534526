import { createHmac } from 'node:crypto';
import { sha1 } from '@noble/hashes/legacy.js';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../wire/ikev2-bytes';
import { idPayloadBody, pskAuth } from './auth';
import { deriveChildSaKeys, deriveIkeSaKeys, rekeySkeyseed, skeyseed } from './keys';
import { prf, prfPlus } from './prf';

const hmac256 = (k: Uint8Array, d: Uint8Array) => new Uint8Array(createHmac('sha256', k).update(d).digest());

/** prf+ written out independently with node:crypto (RFC 7296 §2.13). */
function nodePrfPlus(k: Uint8Array, s: Uint8Array, len: number): Uint8Array {
  const out: number[] = [];
  let t = new Uint8Array(0);
  for (let n = 1; out.length < len; n++) {
    t = hmac256(k, concatBytes(t, s, Uint8Array.of(n)));
    out.push(...t);
  }
  return Uint8Array.from(out.slice(0, len));
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff);

describe('prf / prf+ (RFC 7296 §2.13)', () => {
  it('prf is HMAC-SHA-256', () => {
    expect(prf(bytes(40, 1), bytes(70, 2))).toEqual(hmac256(bytes(40, 1), bytes(70, 2)));
  });
  it('prf+ matches an independent node:crypto computation for many lengths', () => {
    for (const len of [0, 1, 31, 32, 33, 64, 100, 232]) {
      expect(prfPlus(bytes(32, 3), bytes(80, 4), len)).toEqual(nodePrfPlus(bytes(32, 3), bytes(80, 4), len));
    }
  });
});

describe('IKEv2 KDF against a published vector (libreswan CAVS run, SHA-1)', () => {
  // programs/cavp ikev2 test in libreswan: -g gir -n girnew -a Ni -b Nr -c SPIi -d SPIr -l 132 -h 2 (SHA-1)
  const gir = fromHex('4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52');
  const girNew = fromHex('863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330');
  const ni = fromHex('32b50d5f4a3763f3');
  const nr = fromHex('9206a04b26564cb1');
  const spiI = fromHex('34c9e7c188868785');
  const spiR = fromHex('3ff77d760d2b2199');
  it('SKEYSEED, DKM, DKM(Child SA), DKM(Child SA D-H), SKEYSEED(Rekey)', () => {
    const seed = skeyseed(ni, nr, gir, sha1);
    expect(toHex(seed)).toBe('a9a7b222b59f8f48645f28a1db5b5f5d7479cba7');
    const dkm = prfPlus(seed, concatBytes(ni, nr, spiI, spiR), 132, sha1);
    expect(toHex(dkm)).toBe(
      'a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd11198af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435a7a56cc4',
    );
    const skD = dkm.subarray(0, 20);
    expect(toHex(prfPlus(skD, concatBytes(ni, nr), 132, sha1))).toBe(
      '8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c5811a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee71814ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e664994d234cb4',
    );
    expect(toHex(prfPlus(skD, concatBytes(girNew, ni, nr), 132, sha1))).toBe(
      'bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d37301628190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c0400052f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054d56fd74c',
    );
    expect(toHex(rekeySkeyseed(skD, girNew, ni, nr, sha1))).toBe('63e81194946ebd05df7df5ebf5d8750056bf1f1d');
  });
});

describe('IKE SA and Child SA keys (§2.14, §2.17, RFC 5282 §7.1, RFC 4106 §8.1)', () => {
  const ni = bytes(32, 5);
  const nr = bytes(32, 6);
  const gir = bytes(32, 7);
  const spiI = bytes(8, 8);
  const spiR = bytes(8, 9);

  for (const [cipher, e] of [
    ['aes-gcm-16-128', 20],
    ['aes-gcm-16-256', 36],
  ] as const) {
    it(`splits prf+ output in order for ${cipher}`, () => {
      const k = deriveIkeSaKeys({ ni, nr, gir, spiI, spiR, cipher });
      const seed = hmac256(concatBytes(ni, nr), gir);
      const km = nodePrfPlus(seed, concatBytes(ni, nr, spiI, spiR), 32 + 2 * e + 64);
      expect(k.skD).toEqual(km.subarray(0, 32));
      expect(k.skAi.length + k.skAr.length).toBe(0);
      expect(k.skEi).toEqual(km.subarray(32, 32 + e));
      expect(k.skEr).toEqual(km.subarray(32 + e, 32 + 2 * e));
      expect(k.skPi).toEqual(km.subarray(32 + 2 * e, 64 + 2 * e));
      expect(k.skPr).toEqual(km.subarray(64 + 2 * e, 96 + 2 * e));

      const c = deriveChildSaKeys(k.skD, ni, nr, cipher);
      const keymat = nodePrfPlus(k.skD, concatBytes(ni, nr), 2 * e);
      expect(concatBytes(c.initiatorToResponder.key, c.initiatorToResponder.salt)).toEqual(
        keymat.subarray(0, e),
      );
      expect(concatBytes(c.responderToInitiator.key, c.responderToInitiator.salt)).toEqual(
        keymat.subarray(e),
      );
      expect(c.initiatorToResponder.salt.length).toBe(4);

      const pfs = deriveChildSaKeys(k.skD, ni, nr, cipher, gir);
      expect(concatBytes(pfs.initiatorToResponder.key, pfs.initiatorToResponder.salt)).toEqual(
        nodePrfPlus(k.skD, concatBytes(gir, ni, nr), e),
      );
    });
  }

  it('computes the PSK AUTH of §2.15', () => {
    const psk = new TextEncoder().encode('sysplex-secret');
    const msg1 = bytes(300, 10);
    const skPi = bytes(32, 11);
    const idBody = idPayloadBody(1, Uint8Array.of(198, 51, 100, 7));
    expect([...idBody]).toEqual([1, 0, 0, 0, 198, 51, 100, 7]);
    const expected = hmac256(
      hmac256(psk, new TextEncoder().encode('Key Pad for IKEv2')),
      concatBytes(msg1, nr, hmac256(skPi, idBody)),
    );
    expect(pskAuth({ psk, realMessage: msg1, peerNonce: nr, skP: skPi, idPayloadBody: idBody })).toEqual(
      expected,
    );
  });
});
