import type { Edge, Node } from '@xyflow/react';
import type { Scenario } from '../../scenario/types';

// Scenario → React Flow graph. Pure, so it is computed once per scenario (not per event) and can
// be unit-tested. Layout: clients on top, the router under them, the stacks in a row, the
// coupling facility underneath (XCF signalling runs through it, Fig. 9).

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

const STACK_GAP = 230;
const ROW = { client: 0, router: 150, stacks: 320, cf: 560 } as const;

export const stackNodeId = (name: string) => `stack:${name}`;
export const CF_NODE_ID = 'cf';
export const ROUTER_NODE_ID = 'router';
export const clientNodeId = (name: string) => `client:${name}`;

export function layoutTopology(scenario: Scenario): { nodes: TopologyNode[]; edges: Edge[] } {
  const n = scenario.stacks.length;
  const width = (n - 1) * STACK_GAP;
  const centre = width / 2;
  const nodes: TopologyNode[] = [];
  const edges: Edge[] = [];

  scenario.stacks.forEach((s, i) => {
    nodes.push({
      id: stackNodeId(s.name),
      type: 'stack',
      position: { x: i * STACK_GAP, y: ROW.stacks },
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
      source: stackNodeId(s.name),
      target: CF_NODE_ID,
      className: 'edge-xcf',
      label: 'XCF',
    });
    if (s.externalAddr) {
      edges.push({
        id: `ext:${s.name}`,
        source: ROUTER_NODE_ID,
        target: stackNodeId(s.name),
        className: 'edge-external',
        label: s.externalAddr,
      });
    }
  });

  nodes.push({
    id: CF_NODE_ID,
    type: 'cf',
    position: { x: centre, y: ROW.cf },
    data: { name: scenario.cf.name, structure: scenario.cf.structure },
  });
  nodes.push({
    id: ROUTER_NODE_ID,
    type: 'router',
    position: { x: centre, y: ROW.router },
    data: { name: scenario.router.name, addr: scenario.router.addr },
  });

  const cn = scenario.clients.length;
  scenario.clients.forEach((c, i) => {
    nodes.push({
      id: clientNodeId(c.name),
      type: 'client',
      position: { x: centre + (i - (cn - 1) / 2) * STACK_GAP, y: ROW.client },
      data: { name: c.name, addr: c.addr, targets: c.targets.map((t) => `${t.addr}:${t.port}`) },
    });
    edges.push({
      id: `net:${c.name}`,
      source: clientNodeId(c.name),
      target: ROUTER_NODE_ID,
      className: 'edge-external',
    });
  });

  return { nodes, edges };
}
