import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncAeadKey } from './aead';
import { nobleAead } from './aead-noble';
import { fromHex, readU32 } from './bytes';
import {
  createEspSa,
  ESP_PREFIX_LENGTH,
  type EspSa,
  espOpen,
  espPadLength,
  espSeal,
  espSealWith,
  parseEspTrailer,
} from './esp';
import { IPPROTO } from './ipproto';

const KM128 = fromHex('00112233445566778899aabbccddeeff' + 'cafebabe')!;
const KM256 = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' + 'deadbeef')!;

function pair(km = KM128, esn = false, replayWindow = 64): [EspSa<SyncAeadKey>, EspSa<SyncAeadKey>] {
  const p = { spi: 0x1000abcd, keyMaterial: km, esn, replayWindow };
  return [createEspSa(nobleAead, p), createEspSa(nobleAead, p)];
}

function sealOk(sa: EspSa<SyncAeadKey>, payload: Uint8Array, nh: number = IPPROTO.TCP): Uint8Array {
  const r = espSeal(sa, payload, nh);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.esp;
}

describe('ESP with AES-GCM (RFC 4303, RFC 4106)', () => {
  it('lays out SPI, seq, IV = 64-bit seq, 4-aligned trailer with padding 1,2,3, 16-byte ICV', () => {
    const [out] = pair();
    const esp = sealOk(out, new Uint8Array(5));
    expect(readU32(esp, 0)).toBe(0x1000abcd);
    expect(readU32(esp, 4)).toBe(1);
    expect([...esp.subarray(8, 16)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(esp.length).toBe(16 + 5 + 1 + 2 + 16);
    expect(espPadLength(5)).toBe(1);
    expect(espPadLength(2)).toBe(0);
    expect(espPadLength(0)).toBe(2);
    expect(readU32(sealOk(out, new Uint8Array(5)), 4)).toBe(2);
  });

  it('round-trips transport and tunnel payloads, AES-128 and AES-256, with and without ESN', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(IPPROTO.TCP, IPPROTO.UDP, IPPROTO.IPV4, IPPROTO.GRE),
        fc.boolean(),
        fc.boolean(),
        (payload, nh, big, esn) => {
          const [out, inb] = pair(big ? KM256 : KM128, esn);
          const r = espOpen(inb, sealOk(out, payload, nh));
          expect(r.ok && r.value).toEqual({
            spi: 0x1000abcd,
            seq: 1,
            nextHeader: nh,
            payload,
            padLength: espPadLength(payload.length),
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('uses the ESN high half in the AAD and infers it on receive', () => {
    const [out, inb] = pair(KM128, true);
    out.seq = 0xffff_fffe;
    inb.replay.top = 0xffff_fff0;
    const a = sealOk(out, Uint8Array.of(1)); // seq 2^32 - 1
    const b = sealOk(out, Uint8Array.of(2)); // seq 2^32: low half 0 on the wire
    expect(readU32(b, 4)).toBe(0);
    expect([...b.subarray(8, 16)]).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    const ra = espOpen(inb, a);
    const rb = espOpen(inb, b);
    expect(ra.ok && ra.value.seq).toBe(0xffff_ffff);
    expect(rb.ok && rb.value.seq).toBe(0x1_0000_0000);
  });

  it('refuses to cycle the sequence number without ESN', () => {
    const [out] = pair();
    out.seq = 0xffff_ffff;
    const r = espSeal(out, new Uint8Array(1), IPPROTO.TCP);
    expect(!r.ok && r.error.kind).toBe('seq-exhausted');
  });

  it('rejects every single-bit flip of a packet', () => {
    const [out, inb] = pair();
    const esp = sealOk(
      out,
      Uint8Array.from({ length: 40 }, (_, i) => i),
    );
    for (let bit = 0; bit < esp.length * 8; bit++) {
      const bad = esp.slice();
      bad[bit >>> 3]! ^= 1 << (bit & 7);
      const r = espOpen(inb, bad);
      expect(r.ok, `bit ${bit}`).toBe(false);
    }
    // …and the untouched packet still opens: no forgery moved the window.
    expect(espOpen(inb, esp).ok).toBe(true);
  });

  it('rejects random single-bit flips of random packets (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat(), (payload, pick) => {
        const [out, inb] = pair();
        const esp = sealOk(out, payload);
        const bit = pick % (esp.length * 8);
        const bad = esp.slice();
        bad[bit >>> 3]! ^= 1 << (bit & 7);
        expect(espOpen(inb, bad).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('drops duplicates and too-old packets, accepts late packets inside the window', () => {
    const [out, inb] = pair(KM128, false, 64);
    const pkts = Array.from({ length: 80 }, (_, i) => sealOk(out, Uint8Array.of(i)));
    expect(espOpen(inb, pkts[0]!).ok).toBe(true);
    const dup = espOpen(inb, pkts[0]!);
    expect(!dup.ok && dup.error.kind).toBe('replay-duplicate');
    expect(espOpen(inb, pkts[79]!).ok).toBe(true); // seq 80: new, far right
    const old = espOpen(inb, pkts[15]!); // seq 16 = 80 - 64: left of the window
    expect(!old.ok && old.error.kind).toBe('replay-too-old');
    expect(espOpen(inb, pkts[16]!).ok).toBe(true); // seq 17: late but inside
    expect(espOpen(inb, pkts[16]!).ok).toBe(false);
  });

  it('moves the window only after the ICV verifies: a forged high seq does not', () => {
    const [out, inb] = pair();
    const pkts = Array.from({ length: 3 }, (_, i) => sealOk(out, Uint8Array.of(i)));
    expect(espOpen(inb, pkts[0]!).ok).toBe(true);
    // Forge: a genuine packet with its sequence number rewritten to 1000 (ICV no longer matches).
    const forged = pkts[1]!.slice();
    forged[4] = 0;
    forged[5] = 0;
    forged[6] = 0x03;
    forged[7] = 0xe8;
    const f = espOpen(inb, forged);
    expect(!f.ok && f.error.kind).toBe('icv-failed');
    expect(inb.replay.top).toBe(1);
    expect(espOpen(inb, pkts[1]!).ok).toBe(true);
    expect(espOpen(inb, pkts[2]!).ok).toBe(true);
  });

  it('reports truncation, a foreign SPI and bad padding', () => {
    const [out, inb] = pair();
    const esp = sealOk(out, new Uint8Array(10));
    expect(espOpen(inb, esp.subarray(0, 20))).toMatchObject({
      ok: false,
      error: { kind: 'truncated', offset: 20 },
    });
    const other = createEspSa(nobleAead, { spi: 7, keyMaterial: KM128 });
    expect(espOpen(other, esp)).toMatchObject({ ok: false, error: { kind: 'spi-mismatch', offset: 0 } });
    expect(parseEspTrailer(Uint8Array.of(1, 3, 2, 6))).toMatchObject({
      ok: false,
      error: { kind: 'bad-padding', offset: 1 },
    });
    expect(parseEspTrailer(Uint8Array.of(9, 6))).toMatchObject({ ok: false, error: { kind: 'bad-padding' } });
    expect(ESP_PREFIX_LENGTH).toBe(16);
  });

  it('never throws on any byte string', () => {
    const [, inb] = pair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (b, keepSpi) => {
        const x = b.slice();
        if (keepSpi && x.length >= 4) x.set([0x10, 0x00, 0xab, 0xcd]);
        expect(typeof espOpen(inb, x).ok).toBe('boolean');
      }),
    );
  });

  it('seals through a provider’s sealWithHeadroom, also when the payload writer seals another packet', () => {
    // noble with sealWithHeadroom added (the route WebCrypto takes), synchronous here.
    const grow = (sa: EspSa<SyncAeadKey>): EspSa<SyncAeadKey> => {
      const k = sa.key;
      const key = Object.assign(Object.create(k) as SyncAeadKey, {
        sealWithHeadroom<T>(
          n: Uint8Array,
          a: Uint8Array,
          pt: Uint8Array,
          headroom: number,
          then: (sealed: Uint8Array) => T,
        ) {
          const b = new Uint8Array(headroom + pt.length + 16).fill(0xee);
          b.set(k.seal(n, a, pt), headroom);
          return then(b);
        },
      });
      return { ...sa, key };
    };
    const [out, inb] = pair();
    const [ref] = pair();
    const g = grow(out);
    const inner = Uint8Array.from({ length: 30 }, (_, i) => i);
    let nested: Uint8Array | undefined;
    const r = espSealWith(g, 50, IPPROTO.UDP, (buf, o) => {
      const n = espSeal(g, inner, IPPROTO.TCP); // seq 2, sealed while seq 1 is being filled
      if (n.ok) nested = n.value.esp;
      buf.fill(9, o, o + 50);
    });
    expect(r.ok).toBe(true);
    if (!r.ok || !nested) return;
    // Byte for byte what the in-place route gives for the same sequence numbers.
    expect([...r.value.esp]).toEqual([...sealOk(ref, new Uint8Array(50).fill(9), IPPROTO.UDP)]);
    expect([...nested]).toEqual([...sealOk(ref, inner)]);
    const b = espOpen(inb, r.value.esp);
    const a = espOpen(inb, nested);
    expect(a.ok && [...a.value.payload]).toEqual([...inner]);
    expect(b.ok && b.value.payload.every((x) => x === 9)).toBe(true);
  });
});
