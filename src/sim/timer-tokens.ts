// Node and timer key → the token of the timer scheduled last under it, kept by the kernel to drop
// replaced timers from its queue. After a restore the tokens come from the checkpoint; they are
// kept as a base nobody changes, with the changes since on top, so a restore shares the base
// instead of copying it (a copy of ~10,000 keys took ~4 ms of every step back at 10,000 connections).
//
// Keyed by node, then by timer key: not by one joined string, which every timer made anew (and
// hashed) on each set, take and restore (building the base from a queue of 10,000 timers at 10,000
// connections: ~10 ms joined, ~5 nested, in Node).

import type { QueuedEvent } from './events';

export type TokenMap = Map<string, Map<string, number>>;

/** The largest token under each node and key queued (a node's tokens only grow). */
export function latestTokens(queue: readonly QueuedEvent[]): TokenMap {
  const latest: TokenMap = new Map();
  for (const e of queue) {
    if (e.input.type !== 'timer') continue;
    let byKey = latest.get(e.node);
    if (!byKey) {
      byKey = new Map();
      latest.set(e.node, byKey);
    }
    if ((byKey.get(e.input.key) ?? -1) < e.input.token) byKey.set(e.input.key, e.input.token);
  }
  return latest;
}

export class TimerTokens {
  /** Changes since `base`: a token, or undefined for a key deleted from it. */
  private readonly own = new Map<string, Map<string, number | undefined>>();

  constructor(private readonly base: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map()) {}

  get(node: string, key: string): number | undefined {
    const mine = this.own.get(node);
    if (mine) {
      const v = mine.get(key);
      if (v !== undefined || mine.has(key)) return v;
    }
    return this.base.get(node)?.get(key);
  }

  set(node: string, key: string, token: number): void {
    this.ownOf(node).set(key, token);
  }

  delete(node: string, key: string): void {
    if (this.base.get(node)?.has(key)) this.ownOf(node).set(key, undefined);
    else this.own.get(node)?.delete(key);
  }

  private ownOf(node: string): Map<string, number | undefined> {
    let mine = this.own.get(node);
    if (!mine) {
      mine = new Map();
      this.own.set(node, mine);
    }
    return mine;
  }
}
