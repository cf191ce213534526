// The applications' wire protocol: length-prefixed frames on a TCP byte stream, so every reply can
// be checked byte for byte.
//
//   request  = u32 length | u32 request id | payload
//   response = u32 length | u32 request id | u8 name length | server name (UTF-8) | transform(payload)
//
// length counts the bytes after itself; all integers are big-endian.

export const MAX_FRAME = 1 << 20;

export interface Response {
  id: number;
  server: string;
  body: Uint8Array;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function frame(id: number, parts: Uint8Array[]): Uint8Array {
  const len = 4 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(4 + len);
  const v = new DataView(out.buffer);
  v.setUint32(0, len);
  v.setUint32(4, id >>> 0);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The payload of request `id` on connection `conn`: deterministic, so it need not be stored. */
export function requestPayload(conn: number, id: number, size: number): Uint8Array {
  const p = new Uint8Array(size);
  for (let i = 0; i < size; i++) p[i] = (conn * 131 + id * 29 + i * 7 + (i >>> 8)) & 255;
  return p;
}

/** What the server does to a request payload: every byte depends on its position and the id. */
export function transform(payload: Uint8Array, id: number): Uint8Array {
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = ((payload[i]! ^ 0xa5) + id * 31 + i) & 255;
  return out;
}

export function encodeRequest(id: number, payload: Uint8Array): Uint8Array {
  return frame(id, [payload]);
}

export function encodeResponse(id: number, server: string, body: Uint8Array): Uint8Array {
  const name = enc.encode(server).subarray(0, 255);
  return frame(id, [Uint8Array.of(name.length), name, body]);
}

/** The frame body after the length: u32 id, then the rest. */
export function splitFrame(f: Uint8Array): { id: number; rest: Uint8Array } {
  const id = new DataView(f.buffer, f.byteOffset, f.byteLength).getUint32(0);
  return { id, rest: f.subarray(4) };
}

export function decodeResponse(f: Uint8Array): Response | null {
  if (f.length < 5) return null;
  const { id, rest } = splitFrame(f);
  const n = rest[0]!;
  if (rest.length < 1 + n) return null;
  return { id, server: dec.decode(rest.subarray(1, 1 + n)), body: rest.subarray(1 + n) };
}

/** A stream reassembler for frames; plain data, kept in the application's state. */
export interface FrameReader {
  buf: Uint8Array;
  /** Set once the stream is unusable (a length beyond MAX_FRAME or below the id). */
  error: string | null;
}

export function newFrameReader(): FrameReader {
  return { buf: new Uint8Array(0), error: null };
}

/** Appends stream bytes; returns each complete frame's body (the bytes after the length). */
export function readFrames(r: FrameReader, bytes: Uint8Array): Uint8Array[] {
  if (r.error) return [];
  const buf = new Uint8Array(r.buf.length + bytes.length);
  buf.set(r.buf);
  buf.set(bytes, r.buf.length);
  const out: Uint8Array[] = [];
  let at = 0;
  while (buf.length - at >= 4) {
    const len = new DataView(buf.buffer, at, 4).getUint32(0);
    if (len < 4 || len > MAX_FRAME) {
      r.error = `bad frame length ${len} at stream offset ${at}`;
      break;
    }
    if (buf.length - at - 4 < len) break;
    out.push(buf.slice(at + 4, at + 4 + len));
    at += 4 + len;
  }
  r.buf = buf.slice(at);
  return out;
}
