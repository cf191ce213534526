import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRecord, Fingerprint, INITIAL_FINGERPRINT, recordDigest } from './fingerprint';

describe('canonical record encoding and fingerprint', () => {
  it('encodes fields in the documented layout', () => {
    const bytes = encodeRecord({
      kind: 'frame',
      time: 0x1_0000_0002,
      node: 'A',
      summary: 'hi',
      link: 'L',
      port: '',
      frame: Uint8Array.of(0xab),
    });
    expect(bytesToHex(bytes)).toBe(
      '01' +
        '00000001' +
        '00000002' +
        '0000000141' +
        '000000026869' +
        '000000014c' +
        '00000000' +
        '01' +
        '00000001ab',
    );
  });

  it('distinguishes records that differ only in where a string ends', () => {
    const a = recordDigest({ kind: 'note', time: 1, node: 'ab', summary: 'c' });
    const b = recordDigest({ kind: 'note', time: 1, node: 'a', summary: 'bc' });
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
  });

  it('encodes any strings (non-ASCII, long, empty) as the layout says, and digests that encoding', () => {
    // A reference written straight from the layout comment, with TextEncoder for every string.
    const utf8 = new TextEncoder();
    const str = (s: string) => {
      const b = utf8.encode(s);
      const n = new Uint8Array(4);
      new DataView(n.buffer).setUint32(0, b.length);
      return concatBytes(n, b);
    };
    const u32 = (x: number) => {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, x);
      return b;
    };
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 700 }));
    fc.assert(
      fc.property(
        fc.record(
          {
            time: fc.maxSafeNat(),
            node: text,
            summary: text,
            link: text,
            port: text,
            frame: fc.uint8Array({ maxLength: 64 }),
          },
          { requiredKeys: ['time', 'node', 'summary'] },
        ),
        (r) => {
          const rec = { kind: 'note' as const, ...r };
          const expected = concatBytes(
            Uint8Array.of(4),
            u32(Math.floor(r.time / 0x1_0000_0000)),
            u32(r.time >>> 0),
            str(r.node),
            str(r.summary),
            str(r.link ?? ''),
            str(r.port ?? ''),
            ...(r.frame ? [Uint8Array.of(1), u32(r.frame.length), r.frame] : [Uint8Array.of(0)]),
          );
          expect(bytesToHex(encodeRecord(rec))).toBe(bytesToHex(expected));
          expect(bytesToHex(recordDigest(rec))).toBe(bytesToHex(sha256(expected)));
        },
      ),
    );
  });

  it('is fpₙ₊₁ = SHA-256(fpₙ ‖ dₙ) link after link, with states taken and restored on the way', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 20 }),
        fc.nat(),
        (ds, cut) => {
          const f = new Fingerprint();
          let expected = INITIAL_FINGERPRINT;
          let saved: [Uint8Array, Uint8Array] | null = null;
          ds.forEach((d, i) => {
            f.add(d);
            expected = sha256(concatBytes(expected, d));
            if (i === cut % ds.length) saved = [f.state(), expected];
            expect(f.hex()).toBe(bytesToHex(expected));
          });
          if (saved) {
            const [state, hash] = saved as [Uint8Array, Uint8Array];
            const g = new Fingerprint(state);
            g.add(ds[0]!);
            expect(g.hex()).toBe(bytesToHex(sha256(concatBytes(hash, ds[0]!))));
          }
        },
      ),
    );
  });

  it('chains digests; the state restores', () => {
    const f = new Fingerprint();
    const start = f.hex();
    const d = recordDigest({ kind: 'timer', time: 5, node: 'n', summary: 'timer t' });
    f.add(d);
    const s = f.state();
    f.add(d);
    expect(f.hex()).not.toBe(start);
    f.restore(s);
    const g = new Fingerprint();
    g.add(d);
    expect(f.hex()).toBe(g.hex());
    // Pinned: a change to the encoding or the chain must be deliberate.
    expect(start).toBe(bytesToHex(new Fingerprint().state()));
    expect(g.hex()).toMatchInlineSnapshot(
      `"4ef63d7ecc472570e210f577d87643d4c56f3e479dcc23d911c14ecf8a15d001"`,
    );
  });
});
