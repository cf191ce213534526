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

/** A SHA-256 that never takes input: each digest and each link of the chain starts as a copy of it. */
const FRESH = sha256.create();
/** The hash object recordDigest reuses (reset from FRESH for each record). */
const work = sha256.create();

/**
 * The head is encoded into this buffer, reused record after record (grown when a record needs more):
 * four `TextEncoder.encode` calls and the head's own array per record were ~7% of a Worker's time
 * replaying at 10,000 connections, a native call and an allocation for strings of a few bytes.
 */
let scratch = new Uint8Array(1024);
let scratchView = new DataView(scratch.buffer);

/** Makes room for `size` bytes of head. */
function reserve(size: number): void {
  if (scratch.length >= size) return;
  scratch = new Uint8Array(Math.max(size, 2 * scratch.length));
  scratchView = new DataView(scratch.buffer);
}

/** Writes str at o (u32 UTF-8 length ‖ UTF-8 bytes); returns the offset after it. */
function putString(s: string, o: number): number {
  const at = o + 4;
  let n = 0;
  // Summaries, node and link names are ASCII: one byte per UTF-16 unit, no native call.
  for (; n < s.length; n++) {
    const c = s.charCodeAt(n);
    if (c >= 0x80) break;
    scratch[at + n] = c;
  }
  if (n < s.length) n = encoder.encodeInto(s, scratch.subarray(at)).written;
  scratchView.setUint32(o, n);
  return at + n;
}

/** Everything of the encoding but the frame bytes themselves (they follow it), in scratch[0, end). */
function encodeHead(r: DigestInput): number {
  const link = r.link ?? '';
  const port = r.port ?? '';
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  reserve(1 + 8 + 16 + 3 * (r.node.length + r.summary.length + link.length + port.length) + 1 + 4);
  let o = 0;
  scratch[o++] = KIND_CODES[r.kind];
  scratchView.setUint32(o, Math.floor(r.time / 0x1_0000_0000));
  scratchView.setUint32(o + 4, r.time >>> 0);
  o += 8;
  o = putString(r.node, o);
  o = putString(r.summary, o);
  o = putString(link, o);
  o = putString(port, o);
  scratch[o++] = r.frame ? 1 : 0;
  if (r.frame) {
    scratchView.setUint32(o, r.frame.length);
    o += 4;
  }
  return o;
}

export function encodeRecord(r: DigestInput): Uint8Array {
  const head = encodeHead(r);
  const out = new Uint8Array(head + (r.frame?.length ?? 0));
  out.set(scratch.subarray(0, head));
  if (r.frame) out.set(r.frame, head);
  return out;
}

/** SHA-256 of encodeRecord(r), without copying the frame. */
export function recordDigest(r: DigestInput): Uint8Array {
  const head = encodeHead(r);
  // update() consumes its input before returning, so the scratch can be reused after it.
  const h = FRESH._cloneInto(work).update(scratch.subarray(0, head));
  if (r.frame) h.update(r.frame);
  const out = new Uint8Array(32);
  h.digestInto(out);
  return out;
}

export const INITIAL_FINGERPRINT: Uint8Array = sha256(encoder.encode('sysplex-sim trace v1'));

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
