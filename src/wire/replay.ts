// The ESP anti-replay window (RFC 4303 §3.4.3): a sliding window over 64-bit sequence numbers,
// 64 packets wide by default. Callers check BEFORE verifying the ICV, and update only AFTER it
// verifies, so a forged packet cannot move the window (§3.4.3: "the receive window is updated only
// if the integrity verification succeeds"). Extended sequence numbers: the high 32 bits are not on
// the wire and are inferred from the window (RFC 4303 Appendix A2.2).
//
// Plain data (clonable for checkpoints): the bitmap is a ring indexed by seq mod ring size; bits for
// numbers above `top` are cleared when the window slides forward. Sequence numbers are JS numbers,
// exact below 2^53.

export interface ReplayWindow {
  /** Window size in packets (RFC 4303: at least 32, default 64). */
  readonly size: number;
  /** Highest sequence number verified so far; 0 before the first. */
  top: number;
  /** Ring bitmap of received numbers in (top - size, top]. */
  readonly bits: Uint32Array;
}

export type ReplayVerdict = 'ok' | 'duplicate' | 'too-old';

const TWO32 = 0x1_0000_0000;

export function createReplayWindow(size = 64): ReplayWindow {
  if (!Number.isInteger(size) || size < 1 || size > 65536) throw new RangeError(`replay window size ${size}`);
  const words = Math.ceil(size / 32) + 1;
  return { size, top: 0, bits: new Uint32Array(words) };
}

function ringBits(w: ReplayWindow): number {
  return w.bits.length * 32;
}

function getBit(w: ReplayWindow, seq: number): boolean {
  const i = seq % ringBits(w);
  return (w.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
}

function setBit(w: ReplayWindow, seq: number, on: boolean): void {
  const i = seq % ringBits(w);
  const word = i >>> 5;
  if (on) w.bits[word] = w.bits[word]! | (1 << (i & 31));
  else w.bits[word] = w.bits[word]! & ~(1 << (i & 31));
}

/** Would a packet with this (64-bit) sequence number be accepted? Does not change the window. */
export function replayCheck(w: ReplayWindow, seq: number): ReplayVerdict {
  if (seq <= 0) return 'too-old'; // 0 is never sent (RFC 4303 §3.3.3: the first packet is 1)
  if (seq > w.top) return 'ok';
  if (seq + w.size <= w.top) return 'too-old';
  return getBit(w, seq) ? 'duplicate' : 'ok';
}

/**
 * Records a verified packet; call only after the ICV verified. Re-checks first (another packet
 * with the same number may have been verified meanwhile) and returns the verdict.
 */
export function replayUpdate(w: ReplayWindow, seq: number): ReplayVerdict {
  const v = replayCheck(w, seq);
  if (v !== 'ok') return v;
  if (seq > w.top) {
    const shift = seq - w.top;
    if (shift >= ringBits(w)) w.bits.fill(0);
    else for (let s = w.top + 1; s < seq; s++) setBit(w, s, false);
    w.top = seq;
  }
  setBit(w, seq, true);
  return 'ok';
}

/** RFC 4303 Appendix A2.2: the high 32 bits of an ESN given its low 32 bits and the window. */
export function inferEsnHigh(w: ReplayWindow, seqLow: number): number {
  const th = Math.floor(w.top / TWO32);
  const tl = w.top % TWO32;
  const W = w.size;
  if (tl >= W - 1) return seqLow >= tl - W + 1 ? th : th + 1;
  // The window spans a 2^32 boundary: numbers near the top of the space belong to the previous cycle.
  if (seqLow >= tl - W + 1 + TWO32) return th > 0 ? th - 1 : th;
  return th;
}
