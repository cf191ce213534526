import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumOk, fold16, internetChecksum, sumBytes } from './checksum';

// Straightforward RFC 1071 reference: big-endian 16-bit words, end-around carry.
function reference(b: Uint8Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i += 2) s += (b[i]! << 8) | (i + 1 < end ? b[i + 1]! : 0);
  return fold16(s);
}

describe('internet checksum (RFC 1071)', () => {
  it('matches the RFC 1071 §3 example sum', () => {
    const b = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(fold16(sumBytes(b))).toBe(0xddf2);
    expect(internetChecksum(b)).toBe(~0xddf2 & 0xffff);
  });

  it('agrees with the byte-pair reference at every alignment and length (32-bit fast path included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(7), fc.nat(7), (data, pre, cut) => {
        const buf = new Uint8Array(pre + data.length);
        buf.set(data, pre);
        const view = buf.subarray(pre);
        const end = Math.max(0, view.length - cut);
        expect(fold16(sumBytes(view, 0, end)) % 0xffff).toBe(reference(view, 0, end) % 0xffff);
        // Inserting the checksum makes the whole verify.
        if (end >= 2 && end % 2 === 0) {
          const c = view.slice(0, end);
          c[0] = 0;
          c[1] = 0;
          const k = internetChecksum(c);
          c[0] = k >>> 8;
          c[1] = k & 0xff;
          expect(checksumOk(c)).toBe(true);
        }
      }),
    );
  });
});
