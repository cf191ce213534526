import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TraceKind, TraceRecord } from './types';

// The trace fingerprint: fp₀ = SHA-256("sysplex-sim trace v1"), fpₙ₊₁ = SHA-256(fpₙ ‖ dₙ) where dₙ
// is the SHA-256 of record n's canonical encoding below. Record digests are independent of each
// other, so Workers compute them in parallel and the scheduler only chains 64-byte inputs.
//
// Canonical encoding of a record (v1), all integers big-endian:
//   u8  kind code (KIND_CODES)
//   u32 time high word, u32 time low word  (integer µs)
//   str node, str summary, str link ('' if none), str port ('' if none)   — str = u32 length ‖ UTF-8
//   u8  1 if there is a frame, else 0; then u32 length ‖ bytes
// The record's index and event number are not encoded: the chain's order already fixes them.

const KIND_CODES: Record<TraceKind, number> = {
  frame: 1,
  timer: 2,
  control: 3,
  note: 4,
  send: 5,
  drop: 6,
  error: 7,
  lost: 8,
  corrupt: 9,
  delay: 10,
  link: 11,
};

export type DigestInput = Pick<TraceRecord, 'kind' | 'time' | 'node' | 'summary' | 'frame' | 'link' | 'port'>;

const encoder = new TextEncoder();

/** Everything of the encoding but the frame bytes themselves (they follow it). */
function encodeHead(r: DigestInput): Uint8Array {
  const strings = [r.node, r.summary, r.link ?? '', r.port ?? ''].map((s) => encoder.encode(s));
  const size = 1 + 8 + strings.reduce((n, s) => n + 4 + s.length, 0) + 1 + (r.frame ? 4 : 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let o = 0;
  out[o++] = KIND_CODES[r.kind];
  v.setUint32(o, Math.floor(r.time / 0x1_0000_0000));
  v.setUint32(o + 4, r.time >>> 0);
  o += 8;
  for (const s of strings) {
    v.setUint32(o, s.length);
    out.set(s, o + 4);
    o += 4 + s.length;
  }
  out[o++] = r.frame ? 1 : 0;
  if (r.frame) v.setUint32(o, r.frame.length);
  return out;
}

export function encodeRecord(r: DigestInput): Uint8Array {
  const head = encodeHead(r);
  if (!r.frame) return head;
  const out = new Uint8Array(head.length + r.frame.length);
  out.set(head);
  out.set(r.frame, head.length);
  return out;
}

/** SHA-256 of encodeRecord(r), without copying the frame. */
export function recordDigest(r: DigestInput): Uint8Array {
  const h = sha256.create().update(encodeHead(r));
  if (r.frame) h.update(r.frame);
  return h.digest();
}

export const INITIAL_FINGERPRINT: Uint8Array = sha256(encoder.encode('sysplex-sim trace v1'));

/** A SHA-256 that never takes input: each link of the chain starts as a copy of it. */
const FRESH = sha256.create();

/** The running fingerprint: 32 bytes of state, chained one record digest at a time. */
export class Fingerprint {
  private readonly buf = new Uint8Array(64);
  /**
   * One hash object reused for every link (reset from FRESH): `sha256(buf)` made a new one, its
   * buffers and the output for each record, ~10 MB/s on the scheduler's thread at 10,000 connections.
   */
  private readonly work = sha256.create();

  constructor(state: Uint8Array = INITIAL_FINGERPRINT) {
    this.buf.set(state, 0);
  }

  add(digest: Uint8Array): void {
    this.buf.set(digest, 32);
    const h = FRESH._cloneInto(this.work);
    h.update(this.buf);
    // Writes the 32-byte digest over fpₙ, the first half of buf, which update() has consumed.
    h.digestInto(this.buf);
  }

  /** A copy of the 32-byte state (for checkpoints). */
  state(): Uint8Array {
    return this.buf.slice(0, 32);
  }

  restore(state: Uint8Array): void {
    this.buf.set(state, 0);
  }

  hex(): string {
    return bytesToHex(this.buf.subarray(0, 32));
  }
}
