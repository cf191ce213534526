import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes';
import { LINKTYPE_RAW, readPcap, writePcap } from './pcap';

describe('classic pcap', () => {
  it('writes magic a1b2c3d4, version 2.4, LINKTYPE_RAW and µs timestamps', () => {
    const b = writePcap([{ timeUs: 1_500_002, data: Uint8Array.of(0x45, 0) }]);
    expect(toHex(b.subarray(0, 24))).toBe('d4c3b2a1020004000000000000000000ffff000065000000');
    expect(toHex(b.subarray(24, 40))).toBe('01000000' + '22a10700' + '02000000' + '02000000'); // 1 s, 500002 µs
    expect(b.length).toBe(42);
  });

  it('round-trips records', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ timeUs: fc.nat(2 ** 40), data: fc.uint8Array({ maxLength: 100 }) }), {
          maxLength: 20,
        }),
        (records) => {
          const r = readPcap(writePcap(records));
          expect(r.ok && r.value.linkType).toBe(LINKTYPE_RAW);
          expect(r.ok && r.value.records).toEqual(records);
        },
      ),
    );
  });

  it('reads big-endian and nanosecond files', () => {
    const be = new Uint8Array(24 + 16 + 1);
    const v = new DataView(be.buffer);
    v.setUint32(0, 0xa1b23c4d);
    v.setUint16(4, 2);
    v.setUint16(6, 4);
    v.setUint32(16, 65535);
    v.setUint32(20, 101);
    v.setUint32(24, 3);
    v.setUint32(28, 999_999_999);
    v.setUint32(32, 1);
    v.setUint32(36, 1);
    const r = readPcap(be);
    expect(r.ok && r.value.nanosecond).toBe(true);
    expect(r.ok && r.value.records[0]!.timeUs).toBe(3_999_999);
  });

  it('reports truncation and bad magic with offsets, never throws', () => {
    const b = writePcap([{ timeUs: 0, data: new Uint8Array(10) }]);
    expect(readPcap(b.subarray(0, 45))).toMatchObject({
      ok: false,
      error: { kind: 'truncated', offset: 45 },
    });
    expect(readPcap(new Uint8Array(24))).toMatchObject({
      ok: false,
      error: { kind: 'bad-magic', offset: 0 },
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.boolean(), (x, withHeader) => {
        const data = withHeader ? new Uint8Array([...b.subarray(0, 24), ...x]) : x;
        expect(typeof readPcap(data).ok).toBe('boolean');
      }),
    );
  });
});
