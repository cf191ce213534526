import type { Micros, TcpEndpoint } from './types';

// Initial sequence numbers for passive opens, RFC 9293 §3.4.1 with RFC 6528: ISN = M + F(4-tuple,
// secret), M a clock ticking every 4 µs. F here is a 32-bit integer mix, not a cryptographic PRF:
// nothing in the emulator attacks sequence numbers, and the secret comes from the owner's seeded
// PRNG, so the numbers look random yet replay exactly.

function mix(h: number, v: number): number {
  let x = Math.imul(h ^ (v >>> 0), 0x9e3779b1);
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca77);
  x ^= x >>> 13;
  return x >>> 0;
}

export function initialSeq(secret: number, local: TcpEndpoint, remote: TcpEndpoint, now: Micros): number {
  let h = mix(0x2545f491, secret);
  h = mix(h, local.addr);
  h = mix(h, (local.port << 16) | remote.port);
  h = mix(h, remote.addr);
  return (Math.floor(now / 4) + h) >>> 0;
}
