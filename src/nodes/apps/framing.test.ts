import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeResponse,
  encodeRequest,
  encodeResponse,
  MAX_FRAME,
  newFrameReader,
  readFrames,
  requestPayload,
  splitFrame,
  transform,
} from './framing';

describe('framing', () => {
  it('lays a request out as u32 length, u32 id, payload', () => {
    expect([...encodeRequest(0x01020304, Uint8Array.of(9, 8))]).toEqual([0, 0, 0, 6, 1, 2, 3, 4, 9, 8]);
  });

  it('round-trips a response with the server name', () => {
    const f = encodeResponse(7, 'APP A@MVS2', Uint8Array.of(1, 2, 3));
    expect(f.length).toBe(4 + 4 + 1 + 10 + 3);
    const [body] = readFrames(newFrameReader(), f);
    expect(decodeResponse(body!)).toEqual({ id: 7, server: 'APP A@MVS2', body: Uint8Array.of(1, 2, 3) });
  });

  it('transform depends on the id and every position', () => {
    const p = requestPayload(0, 1, 300);
    expect(transform(p, 1)).not.toEqual(transform(p, 2));
    expect(transform(p, 1)).toEqual(transform(requestPayload(0, 1, 300), 1));
    const q = p.slice();
    q[299] = q[299]! ^ 1;
    expect(transform(q, 1)[299]).not.toBe(transform(p, 1)[299]);
  });

  it('reassembles frames from any split of the stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 50 }),
        (payloads, cuts) => {
          const frames = payloads.map((p, i) => encodeRequest(i, p));
          const stream = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
          let at = 0;
          for (const f of frames) {
            stream.set(f, at);
            at += f.length;
          }
          const r = newFrameReader();
          const got: Uint8Array[] = [];
          let pos = 0;
          for (let i = 0; pos < stream.length; i++) {
            const n = cuts[i % cuts.length]!;
            got.push(...readFrames(r, stream.subarray(pos, pos + n)));
            pos += n;
          }
          expect(got.map((g) => splitFrame(g).id)).toEqual(payloads.map((_, i) => i));
          expect(got.map((g) => splitFrame(g).rest)).toEqual(payloads);
          expect(r.buf.length).toBe(0);
        },
      ),
    );
  });

  it('marks a stream with an impossible length as broken', () => {
    const r = newFrameReader();
    const bad = new Uint8Array(8);
    new DataView(bad.buffer).setUint32(0, MAX_FRAME + 1);
    expect(readFrames(r, bad)).toEqual([]);
    expect(r.error).toMatch(/bad frame length/);
    expect(readFrames(r, encodeRequest(1, new Uint8Array(1)))).toEqual([]);
  });
});
