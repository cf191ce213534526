import { describe, expect, it } from 'vitest';
import { figure9 } from '../../scenario/presets/figure9';
import { CF_NODE_ID, layoutTopology, ROUTER_NODE_ID, stackNodeId } from './layout';

describe('layoutTopology', () => {
  const { nodes, edges } = layoutTopology(figure9);

  it('draws every stack, the CF, the router and the client', () => {
    expect(nodes.map((n) => n.id).sort()).toEqual(
      [
        'stack:MVS1',
        'stack:MVS2',
        'stack:MVS3',
        'stack:MVS4',
        'stack:MVS5',
        CF_NODE_ID,
        ROUTER_NODE_ID,
        'client:Client',
      ].sort(),
    );
  });

  it('links every stack to the CF and only MVS1 and MVS5 to the network', () => {
    expect(edges.filter((e) => e.target === CF_NODE_ID)).toHaveLength(5);
    expect(edges.filter((e) => e.source === ROUTER_NODE_ID).map((e) => e.target)).toEqual([
      stackNodeId('MVS1'),
      stackNodeId('MVS5'),
    ]);
  });

  it('never overlaps two nodes', () => {
    const key = (n: { position: { x: number; y: number } }) => `${n.position.x},${n.position.y}`;
    expect(new Set(nodes.map(key)).size).toBe(nodes.length);
  });
});
