import { defineActorKind } from '../registry';
import type { Output } from '../types';

// A synthetic actor for tests and benchmarks: on a jittered timer it sends a ping on every port and
// answers every ping with a pong. It exercises timers (including cancelled ones), the actor's PRNG
// and frames in both directions.

export interface PingerConfig {
  periodUs: number;
  /** Random extra delay per tick, 0..jitterUs-1. */
  jitterUs?: number;
  frameBytes?: number;
  /** Every noteEvery-th frame received adds a trace note. */
  noteEvery?: number;
}

export interface PingerState {
  config: Required<PingerConfig>;
  ticks: number;
  sent: number;
  received: number;
  /** Pings received per port. */
  pingsFrom: Record<string, number>;
  lastNonce: number;
}

const PING = 1;
const PONG = 2;

export const pinger = defineActorKind<PingerState, PingerConfig>({
  kind: 'pinger',
  init(config) {
    return {
      config: { jitterUs: 0, frameBytes: 64, noteEvery: 10, ...config },
      ticks: 0,
      sent: 0,
      received: 0,
      pingsFrom: {},
      lastNonce: 0,
    };
  },
  handle(s, input, ctx) {
    const c = s.config;
    const nextTick = (): Output => ({
      type: 'set-timer',
      key: 'tick',
      delayUs: c.periodUs + (c.jitterUs > 0 ? ctx.random.int(c.jitterUs) : 0),
    });
    switch (input.type) {
      case 'control':
        return input.action === 'start' || input.action === 'restart' ? [nextTick()] : [];
      case 'timer': {
        if (input.key !== 'tick') return [];
        s.ticks++;
        const out: Output[] = [];
        for (const port of ctx.ports) {
          const frame = ctx.random.bytes(Math.max(8, c.frameBytes));
          frame[0] = PING;
          new DataView(frame.buffer).setUint32(4, s.ticks);
          out.push({ type: 'send', port, frame });
          s.sent++;
        }
        // A timer that is replaced before it fires every other tick: stale timers must not count.
        out.push({ type: 'set-timer', key: 'aux', delayUs: c.periodUs * 3 });
        if (s.ticks % 2 === 0) out.push({ type: 'cancel-timer', key: 'aux' });
        out.push(nextTick());
        return out;
      }
      case 'frame': {
        s.received++;
        const out: Output[] = [];
        if (input.frame[0] === PING) {
          s.pingsFrom[input.port] = (s.pingsFrom[input.port] ?? 0) + 1;
          const pong = input.frame.slice(0, 8);
          pong[0] = PONG;
          out.push({ type: 'send', port: input.port, frame: pong });
          s.sent++;
        }
        s.lastNonce =
          input.frame.length >= 8 ? new DataView(input.frame.buffer, input.frame.byteOffset).getUint32(4) : 0;
        if (s.received % c.noteEvery === 0)
          out.push({ type: 'trace', summary: `${s.received} frames received` });
        return out;
      }
    }
  },
  view: (s) => ({ ticks: s.ticks, sent: s.sent, received: s.received, pingsFrom: { ...s.pingsFrom } }),
  describeFrame: (frame) =>
    `${frame[0] === PING ? 'ping' : frame[0] === PONG ? 'pong' : 'frame'} ${frame.length} B`,
});
