import type { PortMap } from './host';
import type { Endpoint, LinkSpec, World } from './types';

// The link table: which port of which node is wired to which, with latency and up/down state.

export interface LinkState {
  spec: LinkSpec;
  up: boolean;
}

export class LinkTable {
  private readonly links = new Map<string, LinkState>();
  /** Per node, the smallest latency of its links: nothing it does reaches another node sooner. */
  private readonly reach = new Map<string, number>();

  constructor(world: World) {
    const ids = new Set(world.actors.map((a) => a.id));
    const used = new Set<string>();
    for (const l of world.links) {
      if (this.links.has(l.id)) throw new Error(`duplicate link id '${l.id}'`);
      if (!Number.isSafeInteger(l.latencyUs) || l.latencyUs < 0) {
        throw new Error(`link '${l.id}': latencyUs must be a non-negative integer`);
      }
      if (l.a.node === l.b.node) throw new Error(`link '${l.id}' connects node '${l.a.node}' to itself`);
      for (const end of [l.a, l.b]) {
        if (!ids.has(end.node)) throw new Error(`link '${l.id}' names unknown node '${end.node}'`);
        const key = `${end.node}\u0000${end.port}`;
        if (used.has(key)) throw new Error(`port ${end.node}:${end.port} is on two links`);
        used.add(key);
      }
      this.links.set(l.id, { spec: l, up: l.up ?? true });
      for (const end of [l.a, l.b])
        this.reach.set(end.node, Math.min(this.reach.get(end.node) ?? Infinity, l.latencyUs));
    }
  }

  /**
   * The node's lookahead: an event it runs at time t sends nothing that arrives anywhere before
   * t + this (its fastest link; Infinity for a node without links).
   */
  lookaheadOf(node: string): number {
    return this.reach.get(node) ?? Infinity;
  }

  get(id: string): LinkState {
    const l = this.links.get(id);
    if (!l) throw new Error(`unknown link '${id}'`);
    return l;
  }

  /** The end a frame sent by `from` on this link arrives at. */
  peerOf(link: LinkState, from: string): Endpoint {
    return link.spec.a.node === from ? link.spec.b : link.spec.a;
  }

  ports(node: string): PortMap {
    const out: PortMap = {};
    for (const { spec } of this.links.values()) {
      if (spec.a.node === node) out[spec.a.port] = spec.id;
      if (spec.b.node === node) out[spec.b.port] = spec.id;
    }
    return out;
  }

  upStates(): boolean[] {
    return [...this.links.values()].map((l) => l.up);
  }

  restoreUpStates(states: readonly boolean[]): void {
    let i = 0;
    for (const l of this.links.values()) l.up = states[i++] ?? true;
  }
}
