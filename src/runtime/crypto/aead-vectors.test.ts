import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AeadProvider } from '../../wire/aead';
import { nobleAead } from '../../wire/aead-noble';
import { fromHex, toHex } from '../../wire/bytes';
import { espDecryptPacket, espSealPlaintext, parseEspTrailer } from '../../wire/esp';
import { nodeAead } from './aead-node';
import { webCryptoAead } from './aead-webcrypto';

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
