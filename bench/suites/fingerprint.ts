import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Figure, type Suite, sideBySide } from '../harness';

// The trace fingerprint hashes every event's canonical bytes with @noble/hashes SHA-256 (pure, so
// the same code runs in Node, the browser and workers). Compared here with OpenSSL's SHA-256.
export const suite: Suite = {
  name: 'fingerprint',
  async run(): Promise<Figure[]> {
    const frame = new Uint8Array(1400).map((_, i) => i * 7);
    const r = await sideBySide(
      () => sha256(frame),
      () => createHash('sha256').update(frame).digest(),
    );
    return [
      {
        suite: 'fingerprint',
        name: 'SHA-256 of a 1400-byte frame, @noble/hashes',
        value: r.a,
        unit: 'hashes/s',
        ratio: r.ratio,
        baseline: 'node:crypto SHA-256',
      },
    ];
  },
};
