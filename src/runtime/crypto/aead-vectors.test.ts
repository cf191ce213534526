import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AeadProvider } from '../../wire/aead';
import { nobleAead } from '../../wire/aead-noble';
import { fromHex, toHex } from '../../wire/bytes';
import {
  createEspSa,
  espDecryptPacket,
  espOpen,
  espSeal,
  espSealPlaintext,
  parseEspTrailer,
} from '../../wire/esp';
import { openEspIpv4, sealEspTcp } from '../../wire/esp-ipv4';
import { IPPROTO } from '../../wire/ipproto';
import { decodeTcp, TCP_FLAGS } from '../../wire/tcp';
import { testIpHeader } from '../../wire/testing/ip-header';
import { nodeAead } from './aead-node';
import { growToHeadroom, webCryptoAead } from './aead-webcrypto';

// draft-mcgrew-gcm-test-01 §4 (the AES-GCM-ESP cases of ../shared/vectors/gcm-esp-vectors.txt),
// reproduced byte for byte by every provider.
const repoRoot = resolve(__dirname, '..', '..', '..');
const text = readFileSync(resolve(repoRoot, '..', 'shared', 'vectors', 'gcm-esp-vectors.txt'), 'utf8');

interface Vector {
  name: string;
  algorithm: string;
  fields: Record<string, string>;
}

function parseVectors(t: string): Vector[] {
  const out: Vector[] = [];
  let cur: Vector | undefined;
  let last = '';
  for (const line of t.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const head = /^\[(case \d+)\]/.exec(line);
    if (head) {
      cur = { name: head[1]!, algorithm: '', fields: {} };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const kv = /^\s*([a-z+]+)\s*=\s*(.*)$/.exec(line);
    if (kv) {
      last = kv[1]!;
      if (last === 'algorithm') cur.algorithm = kv[2]!.trim();
      else cur.fields[last] = kv[2]!.trim();
    } else cur.fields[last] = (cur.fields[last] ?? '') + line.trim();
  }
  return out;
}

const vectors = parseVectors(text).filter((v) => v.algorithm === 'AES-GCM-ESP');
const hex = (s: string | undefined) => fromHex(s ?? '')!;

const providers: AeadProvider[] = [nobleAead, nodeAead, webCryptoAead];

const IP = testIpHeader(9);
const SEG = { srcPort: 40001, dstPort: 60, seq: 5, ack: 9, flags: TCP_FLAGS.ACK, window: 512, urgent: 0 };

describe('draft-mcgrew-gcm-test-01 AES-GCM-ESP vectors', () => {
  it('has all 16 AES-GCM cases', () => {
    expect(vectors.length).toBe(16);
    expect(vectors.some((v) => hex(v.fields.key).length === 24)).toBe(true);
    expect(vectors.some((v) => hex(v.fields.key).length === 32)).toBe(true);
    expect(vectors.some((v) => hex(v.fields.seq).length === 8)).toBe(true);
  });

  for (const provider of providers)
    for (const v of vectors)
      it(`${provider.name}: ${v.name}`, async () => {
        const f = v.fields;
        const key = await provider.prepareKey(hex(f.key));
        const nonce = hex(f.nonce);
        const seq = hex(f.seq);
        const esn = seq.length === 8;
        const seqHigh = esn ? Number.parseInt(f.seq!.slice(0, 8), 16) : 0;
        const seqLow = Number.parseInt(f.seq!.slice(-8), 16);
        const params = { spi: Number.parseInt(f.spi!, 16), seqHigh, seqLow, esn };
        const salt = nonce.subarray(0, 4);
        const iv = nonce.subarray(4);
        const plaintext = hex(f.plaintext);

        const packet = await espSealPlaintext(key, salt, params, iv, plaintext);
        expect(toHex(packet)).toBe(f.packet);
        expect(toHex(packet.subarray(16))).toBe(f['ctext+tag']);

        const opened = await espDecryptPacket(key, salt, esn, seqHigh, hex(f.packet));
        expect(opened && toHex(opened)).toBe(f.plaintext);
        // The trailer of every case parses (RFC 4303 §2.4 padding 1, 2, 3…).
        expect(parseEspTrailer(opened!).ok).toBe(true);

        // A flipped ICV bit and a wrong ESN high half are both rejected.
        const bad = hex(f.packet);
        bad[bad.length - 1]! ^= 1;
        expect(await espDecryptPacket(key, salt, esn, seqHigh, bad)).toBeNull();
        if (esn)
          expect(await espDecryptPacket(key, salt, esn, (seqHigh + 1) >>> 0, hex(f.packet))).toBeNull();
      });
});

// The SA-level path (espSeal / sealEspTcp / espOpen) takes different routes per provider: in place
// for the synchronous ones, the provider's own output grown to the packet (sealWithHeadroom) for
// WebCrypto. Every route must give noble's bytes and open every other provider's packets.
describe('SA-level ESP: the same bytes on every provider', () => {
  const KM = { 16: 20, 24: 28, 32: 36 } as const;

  it('seals identical IPv4/ESP/TCP packets and opens each other’s, with and without ESN', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 1500 }),
        fc.constantFrom(16, 24, 32),
        fc.boolean(),
        fc.nat(0xffff_fff0),
        fc.nat(3),
        async (payload, keyLength, esn, startSeq, highSeq) => {
          const km = Uint8Array.from(
            { length: KM[keyLength as 16 | 24 | 32] },
            (_, i) => (i * 29 + 3) & 0xff,
          );
          const params = { spi: 0x2000beef, keyMaterial: km, esn };
          const seq0 = esn ? highSeq * 0x1_0000_0000 + startSeq : startSeq;
          const sealed: Uint8Array[] = [];
          for (const provider of providers) {
            const sa = await createEspSa(provider, params);
            sa.seq = seq0;
            const seg = { ...SEG, payload };
            const p = await sealEspTcp(sa, IP, seg);
            if (!p.ok) throw new Error(p.error.message);
            sealed.push(p.value);
          }
          for (const p of sealed.slice(1)) expect(toHex(p)).toBe(toHex(sealed[0]!));
          for (const provider of providers) {
            const sa = await createEspSa(provider, params);
            sa.replay.top = seq0;
            const r = await openEspIpv4(() => sa, sealed[0]!);
            expect(r.ok && r.value.esp.seq).toBe(seq0 + 1);
            const t = r.ok ? decodeTcp(r.value.esp.payload, IP.src, IP.dst) : undefined;
            expect(t?.ok && toHex(t.value.payload)).toBe(toHex(payload));
            // The ICV is still checked: one flipped bit anywhere after the SPI and the packet is dropped.
            const bad = sealed[0]!.slice();
            bad[bad.length - 1 - (payload.length % 17)]! ^= 0x40;
            const fresh = await createEspSa(provider, params);
            fresh.replay.top = seq0;
            expect((await openEspIpv4(() => fresh, bad)).ok).toBe(false);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('espSeal through every provider gives noble’s ESP bytes, also for overlapping async seals', async () => {
    const km = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    const payloads = Array.from({ length: 40 }, (_, i) =>
      Uint8Array.from({ length: i * 37 }, (_, j) => j ^ i),
    );
    const ref = createEspSa(nobleAead, { spi: 7, keyMaterial: km });
    const want = payloads.map((p) => {
      const r = espSeal(ref, p, IPPROTO.UDP);
      if (!r.ok) throw new Error(r.error.message);
      return toHex(r.value.esp);
    });
    for (const provider of providers) {
      const sa = await createEspSa(provider, { spi: 7, keyMaterial: km });
      // All in flight at once: each seal must have consumed its plaintext before the next is built.
      const got = await Promise.all(payloads.map((p) => espSeal(sa, p, IPPROTO.UDP)));
      expect(got.map((r) => (r.ok ? toHex(r.value.esp) : r.error.message))).toEqual(want);
    }
  });

  it('opens many packets in flight at once, of many lengths, one forged among them', async () => {
    // WebCrypto's decrypt input goes through one reused staging buffer: every open must have taken
    // its bytes before the next is staged, and a buffer outgrown (9000 bytes) must be replaced.
    const km = Uint8Array.from({ length: 36 }, (_, i) => 200 - i);
    const lengths = [0, 1, 9000, 40, 1400, 3, 1400, 2047, 2048, 2049, 17, 9000, 64];
    const ref = createEspSa(nobleAead, { spi: 11, keyMaterial: km });
    const pkts = lengths.map((n, i) => {
      const r = espSeal(
        ref,
        Uint8Array.from({ length: n }, (_, j) => (i * 31 + j) & 0xff),
        IPPROTO.TCP,
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value.esp;
    });
    const forged = 5;
    pkts[forged]![20]! ^= 1;
    for (const provider of providers) {
      const sa = await createEspSa(provider, { spi: 11, keyMaterial: km, replayWindow: 64 });
      const got = await Promise.all(pkts.map((p) => espOpen(sa, p)));
      got.forEach((r, i) => {
        if (i === forged) expect(!r.ok && r.error.kind).toBe('icv-failed');
        else
          expect(r.ok && toHex(r.value.payload)).toBe(
            toHex(Uint8Array.from({ length: lengths[i]! }, (_, j) => (i * 31 + j) & 0xff)),
          );
      });
    }
  });

  it('growToHeadroom moves the ciphertext behind the headroom, with and without ArrayBuffer.transfer', () => {
    const ct = Uint8Array.from({ length: 57 }, (_, i) => (i * 7) & 0xff);
    const plain = ct.slice().buffer;
    expect([...growToHeadroom(plain, 36).subarray(36)]).toEqual([...ct]);
    expect(growToHeadroom(ct.slice().buffer, 36).length).toBe(36 + 57);
    // A spec-shaped transfer (new length, contents kept, the source detached) where the platform lacks it.
    const withTransfer = ct.slice().buffer;
    Object.defineProperty(withTransfer, 'transfer', {
      value(this: ArrayBuffer, n: number) {
        const to = new ArrayBuffer(n);
        new Uint8Array(to).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
        structuredClone(this, { transfer: [this] });
        return to;
      },
    });
    const g = growToHeadroom(withTransfer, 36);
    expect(withTransfer.byteLength).toBe(0);
    expect(g.length).toBe(36 + 57);
    expect([...g.subarray(36)]).toEqual([...ct]);
  });
});
