import type { Edge, Node } from '@xyflow/react';
import type { Scenario } from '../../scenario/types';

// Scenario → React Flow graph. Pure, so it is computed once per scenario (not per event) and can
// be unit-tested. Layout: clients on top, the router under them, then the stacks and the coupling
// facility. Up to 8 stacks stand in one row with the CF underneath; up to 16 in two staggered rows
// (the lines to the CF pass between the nodes of the lower row). Past 16 (up to 32, a sysplex's
// most), the CF moves between two blocks of two staggered rows each: the stacks that reach the
// network above it (their lines to the router stay short), the others below, linked up to the CF.
// A stack's line to the CF stands for its CF link and its XCF signalling path (XCF through CF list
// structures): a packet from MVS1 to MVS2 travels down MVS1's line and up MVS2's.

export type StackNodeData = {
  name: string;
  xcfAddr: string;
  externalAddr?: string;
  apps: string[];
  runsIke: boolean;
};
export type CfNodeData = { name: string; structure: string };
export type RouterNodeData = { name: string; addr: string };
export type ClientNodeData = { name: string; addr: string; targets: string[] };

export type TopologyNode =
  | Node<StackNodeData, 'stack'>
  | Node<CfNodeData, 'cf'>
  | Node<RouterNodeData, 'router'>
  | Node<ClientNodeData, 'client'>;

export type EdgeData = { kind: 'xcf' | 'external' };
export type TopologyEdge = Edge<EdgeData, 'link'>;

const STACK_GAP = 215;
/** Past 8 stacks the columns close up (the cards are as narrow as their text allows). */
const COMPACT_GAP = 180;
const PER_ROW = 8;
/** Up to this many stacks all stand above the CF. */
const ABOVE_ONLY = 16;
const ROW_GAP = 165;
const ROW = { client: 0, router: 120, stacks: 250 } as const;
/** From the last row above the CF to the CF, and from the CF to the first row under it. */
const CF_BELOW_ROW = 190;
const ROW_BELOW_CF = 150;

/** The handles the edges use (see StackNode and nodes.tsx). */
export const HANDLE = { in: 'in', out: 'out', up: 'up', below: 'below' } as const;

const gapFor = (n: number) => (n > PER_ROW ? COMPACT_GAP : STACK_GAP);

export const stackNodeId = (name: string) => `stack:${name}`;
export const CF_NODE_ID = 'cf';
export const ROUTER_NODE_ID = 'router';
export const clientNodeId = (name: string) => `client:${name}`;

/** Node id in the graph of a runtime actor id ('MVS1', 'CF', 'Router', 'Client'). */
export function graphNodeId(scenario: Scenario, actor: string): string {
  if (actor === 'CF') return CF_NODE_ID;
  if (actor === 'Router') return ROUTER_NODE_ID;
  if (scenario.clients.some((c) => c.name === actor)) return clientNodeId(actor);
  return stackNodeId(actor);
}

interface Placement {
  /** Stack index → position. */
  positions: { x: number; y: number }[];
  /** Stack index → under the CF (its line goes up to it). */
  below: boolean[];
  cf: { x: number; y: number };
  centre: number;
}

/** Rows of `count` stacks from `y` on, `perRow` a row, every other row shifted by half a gap. */
function placeRows(
  order: readonly number[],
  perRow: number,
  gap: number,
  y: number,
  out: Placement['positions'],
): void {
  order.forEach((i, k) => {
    const row = Math.floor(k / perRow);
    const inRow = Math.min(perRow, order.length - row * perRow);
    // A short last row is centred under the full ones (by whole gaps, so it stays staggered).
    const indent = Math.floor((perRow - inRow) / 2) * gap;
    const stagger = row % 2 === 1 ? gap / 2 : 0;
    out[i] = { x: indent + (k % perRow) * gap + stagger, y: y + row * ROW_GAP };
  });
}

function placeStacks(scenario: Scenario): Placement {
  const n = scenario.stacks.length;
  const gap = gapFor(n);
  const positions: Placement['positions'] = [];
  const all = scenario.stacks.map((_, i) => i);
  if (n <= ABOVE_ONLY) {
    const rows = Math.ceil(n / PER_ROW);
    const perRow = Math.ceil(n / rows);
    placeRows(all, perRow, gap, ROW.stacks, positions);
    const width = (perRow - 1) * gap + (rows > 1 ? gap / 2 : 0);
    const cfY = ROW.stacks + (rows - 1) * ROW_GAP + (rows > 1 ? CF_BELOW_ROW : 230);
    return { positions, below: all.map(() => false), cf: { x: width / 2 - 20, y: cfY }, centre: width / 2 };
  }
  // Two blocks of (up to) two rows: the network stacks first, each group in its own order.
  const perRow = Math.ceil(n / 4);
  const order = [
    ...all.filter((i) => scenario.stacks[i]!.externalAddr),
    ...all.filter((i) => !scenario.stacks[i]!.externalAddr),
  ];
  const aboveCount = Math.min(2 * perRow, Math.ceil(n / 2 / perRow) * perRow);
  const above = order.slice(0, aboveCount);
  const under = order.slice(aboveCount);
  placeRows(above, perRow, gap, ROW.stacks, positions);
  const cfY = ROW.stacks + ROW_GAP + CF_BELOW_ROW;
  placeRows(under, perRow, gap, cfY + ROW_BELOW_CF, positions);
  const width = (perRow - 1) * gap + gap / 2;
  const below = all.map(() => false);
  for (const i of under) below[i] = true;
  return { positions, below, cf: { x: width / 2 - 20, y: cfY }, centre: width / 2 };
}

/** Where each stack stands (index order), for tests and the kill zone's neighbours. */
export function stackPositions(scenario: Scenario): { x: number; y: number }[] {
  return placeStacks(scenario).positions;
}

export function layoutTopology(scenario: Scenario): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const place = placeStacks(scenario);
  const { centre } = place;
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];

  scenario.stacks.forEach((s, i) => {
    const below = place.below[i]!;
    nodes.push({
      id: stackNodeId(s.name),
      type: 'stack',
      position: place.positions[i]!,
      data: {
        name: s.name,
        xcfAddr: s.xcfAddr,
        ...(s.externalAddr ? { externalAddr: s.externalAddr } : {}),
        apps: s.apps.map((a) => a.name),
        runsIke: s.runsIke,
      },
    });
    edges.push({
      id: `xcf:${s.name}`,
      type: 'link',
      source: stackNodeId(s.name),
      target: CF_NODE_ID,
      // A stack under the CF links up to the CF's bottom.
      sourceHandle: below ? HANDLE.up : HANDLE.out,
      targetHandle: below ? HANDLE.below : HANDLE.in,
      data: { kind: 'xcf' },
    });
    if (s.externalAddr) {
      edges.push({
        id: `ext:${s.name}`,
        type: 'link',
        source: ROUTER_NODE_ID,
        target: stackNodeId(s.name),
        sourceHandle: HANDLE.out,
        targetHandle: HANDLE.in,
        data: { kind: 'external' },
      });
    }
  });

  nodes.push({
    id: CF_NODE_ID,
    type: 'cf',
    draggable: false,
    position: place.cf,
    data: { name: scenario.cf.name, structure: scenario.cf.structure },
  });
  nodes.push({
    id: ROUTER_NODE_ID,
    type: 'router',
    draggable: false,
    position: { x: centre, y: ROW.router },
    data: { name: scenario.router.name, addr: scenario.router.addr },
  });

  const cn = scenario.clients.length;
  scenario.clients.forEach((c, i) => {
    nodes.push({
      id: clientNodeId(c.name),
      type: 'client',
      draggable: false,
      position: { x: centre + (i - (cn - 1) / 2) * STACK_GAP, y: ROW.client },
      data: { name: c.name, addr: c.addr, targets: c.targets.map((t) => `${t.addr}:${t.port}`) },
    });
    edges.push({
      id: `net:${c.name}`,
      type: 'link',
      source: clientNodeId(c.name),
      target: ROUTER_NODE_ID,
      sourceHandle: HANDLE.out,
      targetHandle: HANDLE.in,
      data: { kind: 'external' },
    });
  });

  return { nodes, edges };
}

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * `next` with the objects of `prev` wherever a node or edge is unchanged (same id, type, position,
 * data), so loading a variant of the scenario (another mode, an edited profile) re-renders only
 * what differs. The arrays are `prev`'s own when nothing changed at all.
 */
export function keepUnchanged(
  prev: { nodes: TopologyNode[]; edges: TopologyEdge[] } | null,
  next: { nodes: TopologyNode[]; edges: TopologyEdge[] },
): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  if (!prev) return next;
  const reuse = <T extends { id: string }>(old: T[], fresh: T[]): T[] => {
    const byId = new Map(old.map((x) => [x.id, x]));
    const out = fresh.map((x) => {
      const o = byId.get(x.id);
      return o && sameJson(o, x) ? o : x;
    });
    return out.length === old.length && out.every((x, i) => x === old[i]) ? old : out;
  };
  const nodes = reuse(prev.nodes, next.nodes);
  const edges = reuse(prev.edges, next.edges);
  return nodes === prev.nodes && edges === prev.edges ? prev : { nodes, edges };
}
