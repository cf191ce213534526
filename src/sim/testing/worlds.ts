import type { LinkFaults, LinkSpec, World } from '../types';
import type { CryptoRelayConfig } from './crypto-relay';
import type { PingerConfig } from './pinger';

// Small synthetic worlds for tests, the benchmark and the browser test page.

/** n pingers on a ring plus chords between opposite nodes; latencies vary by link. */
export function pingerMesh(n: number, seed: number, faults?: LinkFaults, kind = 'pinger'): World {
  const config: PingerConfig = { periodUs: 1000, jitterUs: 300, frameBytes: 64, noteEvery: 7 };
  const actors = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, kind, config }));
  const links: LinkSpec[] = [];
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    if (n > 2 || i === 0) {
      links.push({
        id: `ring${i}`,
        a: { node: `p${i}`, port: 'next' },
        b: { node: `p${j}`, port: 'prev' },
        latencyUs: 100 + 37 * i,
        ...(faults ? { faults } : {}),
      });
    }
  }
  for (let i = 0; i + n / 2 < n && n >= 4; i++) {
    const j = i + Math.floor(n / 2);
    if (j <= i || j >= n) continue;
    links.push({
      id: `chord${i}`,
      a: { node: `p${i}`, port: 'across' },
      b: { node: `p${j}`, port: 'back' },
      latencyUs: 250,
    });
  }
  return { seed, actors, links };
}

/** n crypto relays on a ring; each puts framesPerNode 1400-byte frames into it at start. */
export function relayRing(n: number, seed: number, framesPerNode: number, faults?: LinkFaults): World {
  const config: CryptoRelayConfig = {
    key: Array.from({ length: 16 }, (_, i) => i * 17),
    framesAtStart: framesPerNode,
  };
  return {
    seed,
    actors: Array.from({ length: n }, (_, i) => ({ id: `relay${i}`, kind: 'crypto-relay', config })),
    links: Array.from({ length: n }, (_, i) => ({
      id: `hop${i}`,
      a: { node: `relay${i}`, port: 'out' },
      b: { node: `relay${(i + 1) % n}`, port: 'in' },
      latencyUs: 100 + 13 * i,
      ...(faults ? { faults } : {}),
    })),
  };
}
