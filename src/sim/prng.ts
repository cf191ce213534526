import { sha256 } from '@noble/hashes/sha2.js';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { ActorRandom } from './types';

// Seeded PRNG streams. Every actor has its own stream derived from (world seed, actor id) and kept
// with the actor, so actors running in parallel in different Workers draw exactly what they would
// draw in-process. The kernel has one more stream, for link faults, drawn in canonical event order.

export type PrngState = readonly number[];

/** A stream named by (seed, purpose, name): SHA-256 of the three, first 16 bytes as the state. */
export function deriveStream(seed: number, purpose: string, name: string): RandomGenerator {
  const label = new TextEncoder().encode(`${purpose}\u0000${name}`);
  const input = new Uint8Array(4 + label.length);
  new DataView(input.buffer).setUint32(0, seed >>> 0);
  input.set(label, 4);
  const h = sha256(input);
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const state = [v.getInt32(0), v.getInt32(4), v.getInt32(8), v.getInt32(12)];
  // xoroshiro must not start from all zeros.
  if (state.every((x) => x === 0)) return xoroshiro128plus(seed);
  return xoroshiro128plusFromState(state);
}

export function streamFromState(state: PrngState): RandomGenerator {
  return xoroshiro128plusFromState(state);
}

/** Uniform float in [0, 1) from one 32-bit draw. */
export function nextFloat(rng: RandomGenerator): number {
  return (rng.next() >>> 0) / 0x1_0000_0000;
}

/** Uniform integer in [0, maxExclusive), rejection-sampled so it has no modulo bias. */
export function nextInt(rng: RandomGenerator, maxExclusive: number): number {
  if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 0x1_0000_0000) {
    throw new RangeError(`random.int(${maxExclusive}): need an integer in 1..2^32`);
  }
  const limit = Math.floor(0x1_0000_0000 / maxExclusive) * maxExclusive;
  let v = rng.next() >>> 0;
  while (v >= limit) v = rng.next() >>> 0;
  return v % maxExclusive;
}

export function nextBytes(rng: RandomGenerator, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const v = rng.next();
    out[i] = v >>> 24;
    if (i + 1 < n) out[i + 1] = v >>> 16;
    if (i + 2 < n) out[i + 2] = v >>> 8;
    if (i + 3 < n) out[i + 3] = v;
  }
  return out;
}

export function actorRandom(rng: RandomGenerator): ActorRandom {
  return {
    int: (max) => nextInt(rng, max),
    float: () => nextFloat(rng),
    bytes: (n) => nextBytes(rng, n),
  };
}
