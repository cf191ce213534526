import type { Edge, Node } from '@xyflow/react';
import type { Scenario } from '../../scenario/types';

// Scenario → React Flow graph. Pure, so it is computed once per scenario (not per event) and can
// be unit-tested. Layout: clients on top, the router under them, the stacks in one row (two
// staggered rows past 8, so the lines to the CF pass between the nodes of the lower row), the
// coupling facility underneath. A stack's line to the CF stands for its CF link and its XCF
// signalling path (XCF through CF list structures): a packet from MVS1 to MVS2 travels down
// MVS1's line and up MVS2's.

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
const ROW_GAP = 165;
const ROW = { client: 0, router: 120, stacks: 250 } as const;

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

export function stackPosition(i: number, n: number): { x: number; y: number } {
  const rows = Math.ceil(n / PER_ROW);
  const perRow = Math.ceil(n / rows);
  const row = Math.floor(i / perRow);
  const col = i % perRow;
  const gap = gapFor(n);
  const stagger = row % 2 === 1 ? gap / 2 : 0;
  return { x: col * gap + stagger, y: ROW.stacks + row * ROW_GAP };
}

export function layoutTopology(scenario: Scenario): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const n = scenario.stacks.length;
  const rows = Math.ceil(n / PER_ROW);
  const perRow = Math.ceil(n / rows);
  const gap = gapFor(n);
  const width = (perRow - 1) * gap + (rows > 1 ? gap / 2 : 0);
  const centre = width / 2;
  const cfY = ROW.stacks + (rows - 1) * ROW_GAP + (rows > 1 ? 190 : 230);
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];

  scenario.stacks.forEach((s, i) => {
    nodes.push({
      id: stackNodeId(s.name),
      type: 'stack',
      position: stackPosition(i, n),
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
      data: { kind: 'xcf' },
    });
    if (s.externalAddr) {
      edges.push({
        id: `ext:${s.name}`,
        type: 'link',
        source: ROUTER_NODE_ID,
        target: stackNodeId(s.name),
        data: { kind: 'external' },
      });
    }
  });

  nodes.push({
    id: CF_NODE_ID,
    type: 'cf',
    draggable: false,
    position: { x: centre - 20, y: cfY },
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
      data: { kind: 'external' },
    });
  });

  return { nodes, edges };
}
