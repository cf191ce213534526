import { gcm } from '@noble/ciphers/aes.js';
import { defineActorKind } from '../registry';

// A synthetic actor whose every event costs one AES-GCM operation on a 1400-byte frame, like an
// ESP stack: frames go round a ring; a relay opens a sealed frame and seals a plain one, then
// forwards it on its other port. The nonce comes from the actor's PRNG stream.

/** Frame layout (both kinds are FRAME_BYTES long): type(1) ‖ nonce(12) ‖ body(PAYLOAD) ‖ tag(16). */
export const FRAME_BYTES = 1400;
const NONCE = 12;
const TAG = 16;
const PAYLOAD = FRAME_BYTES - 1 - NONCE - TAG;
const PLAIN = 0;
const SEALED = 1;

export interface CryptoRelayConfig {
  /** 16-byte AES key shared by the ring, as numbers (plain data). */
  key: number[];
  /** Frames this relay puts into the ring at start. */
  framesAtStart: number;
}

export interface CryptoRelayState {
  key: Uint8Array;
  framesAtStart: number;
  sealed: number;
  opened: number;
  rejected: number;
}

export const cryptoRelay = defineActorKind<CryptoRelayState, CryptoRelayConfig>({
  kind: 'crypto-relay',
  init: (config) => ({
    key: Uint8Array.from(config.key),
    framesAtStart: config.framesAtStart,
    sealed: 0,
    opened: 0,
    rejected: 0,
  }),
  handle(s, input, ctx) {
    if (input.type === 'control') {
      if (input.action !== 'start' || ctx.ports.length === 0) return [];
      const port = ctx.ports[0]!;
      return Array.from({ length: s.framesAtStart }, () => {
        const frame = new Uint8Array(FRAME_BYTES);
        frame.set(ctx.random.bytes(PAYLOAD), 1 + NONCE);
        return { type: 'send' as const, port, frame };
      });
    }
    if (input.type !== 'frame') return [];
    const f = input.frame;
    const out = ctx.ports.find((p) => p !== input.port) ?? input.port;
    const frame = new Uint8Array(FRAME_BYTES);
    if (f[0] === SEALED) {
      try {
        const body = gcm(s.key, f.subarray(1, 1 + NONCE)).decrypt(f.subarray(1 + NONCE));
        frame.set(body, 1 + NONCE);
      } catch {
        s.rejected++;
        return [{ type: 'trace', summary: 'ICV check failed: frame dropped' }];
      }
      frame[0] = PLAIN;
      s.opened++;
    } else {
      const nonce = ctx.random.bytes(NONCE);
      frame[0] = SEALED;
      frame.set(nonce, 1);
      frame.set(gcm(s.key, nonce).encrypt(f.subarray(1 + NONCE, 1 + NONCE + PAYLOAD)), 1 + NONCE);
      s.sealed++;
    }
    return [{ type: 'send', port: out, frame }];
  },
  view: (s) => ({ sealed: s.sealed, opened: s.opened, rejected: s.rejected }),
  describeFrame: (f) => `${f[0] === SEALED ? 'sealed' : 'plain'} ${f.length} B`,
});
