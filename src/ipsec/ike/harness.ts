// A tiny in-process network of IKE engines: delivers datagrams in order, fires the earliest timer when
// nothing is in flight, and records every datagram. For tests and demos; the real simulation kernel
// (src/sim) does this job in the product.

import { initiate, receive, timer } from './engine';
import type {
  ChildPolicyDecision,
  ChildPolicyQuery,
  IkeDatagram,
  IkeEngineState,
  IkeEvent,
  IkeRequest,
  IkeResult,
} from './engine-types';

/** Deterministic bytes from a 32-bit seed (mulberry32); a stand-in for the kernel's seeded PRNG. */
export function seededRandomBytes(seed: number): (n: number) => Uint8Array {
  let a = seed >>> 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
    }
    return out;
  };
}

export interface HarnessNode {
  name: string;
  addrs: string[];
  state: IkeEngineState;
  randomBytes: (n: number) => Uint8Array;
  timers: Record<string, number>;
  events: IkeEvent[];
  checkChild?: (q: ChildPolicyQuery) => ChildPolicyDecision;
}

export interface Harness {
  now: number;
  /** one-way delay of every datagram, µs */
  latencyUs: number;
  nodes: HarnessNode[];
  inFlight: { at: number; d: IkeDatagram }[];
  /** every datagram sent, with its send time and whether it was dropped */
  wire: { at: number; d: IkeDatagram; dropped: boolean }[];
  /** drop the n-th datagram ever sent (0-based) when this says so */
  dropIf?: (d: IkeDatagram, n: number) => boolean;
}

export function newHarness(nodes: HarnessNode[], latencyUs = 1000): Harness {
  return { now: 0, latencyUs, nodes, inFlight: [], wire: [] };
}

export function newNode(name: string, addrs: string[], state: IkeEngineState, seed: number): HarnessNode {
  return { name, addrs, state, randomBytes: seededRandomBytes(seed), timers: {}, events: [] };
}

const ctxOf = (h: Harness, n: HarnessNode) => ({
  now: h.now,
  randomBytes: n.randomBytes,
  ...(n.checkChild ? { checkChild: n.checkChild } : {}),
});

/** Take an engine result: new state, timers, events, datagrams onto the wire. */
export function apply(h: Harness, n: HarnessNode, res: IkeResult): IkeResult {
  n.state = res.state;
  n.events.push(...res.events);
  for (const t of res.timers) {
    if (t.op === 'set') n.timers[t.id] = t.at;
    else delete n.timers[t.id];
  }
  for (const d of res.out) {
    const dropped = h.dropIf?.(d, h.wire.length) ?? false;
    h.wire.push({ at: h.now, d, dropped });
    if (!dropped) h.inFlight.push({ at: h.now + h.latencyUs, d });
  }
  return res;
}

export function request(h: Harness, n: HarnessNode, req: IkeRequest): IkeResult {
  return apply(h, n, initiate(n.state, req, ctxOf(h, n)));
}

/** Run until nothing is in flight and (if `timers`) no timer is left, or `untilUs` is reached. */
export function run(h: Harness, opts: { timers?: boolean; untilUs?: number; maxSteps?: number } = {}): void {
  const until = opts.untilUs ?? Number.POSITIVE_INFINITY;
  for (let step = 0; step < (opts.maxSteps ?? 10_000); step++) {
    let nextTimer: { n: HarnessNode; id: string; at: number } | undefined;
    if (opts.timers !== false)
      for (const n of h.nodes)
        for (const [id, at] of Object.entries(n.timers))
          if (!nextTimer || at < nextTimer.at) nextTimer = { n, id, at };
    const msg = h.inFlight[0];
    if (msg && (!nextTimer || msg.at <= nextTimer.at) && msg.at <= until) {
      h.inFlight.shift();
      h.now = Math.max(h.now, msg.at);
      const to = h.nodes.find((n) => n.addrs.includes(msg.d.to.addr));
      if (to) apply(h, to, receive(to.state, msg.d.bytes, msg.d.from, msg.d.to, ctxOf(h, to)));
      continue;
    }
    if (nextTimer && nextTimer.at <= until) {
      h.now = Math.max(h.now, nextTimer.at);
      delete nextTimer.n.timers[nextTimer.id];
      apply(h, nextTimer.n, timer(nextTimer.n.state, nextTimer.id, ctxOf(h, nextTimer.n)));
      continue;
    }
    return;
  }
}
