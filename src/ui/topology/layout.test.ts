import { describe, expect, it } from 'vitest';
import { figure9 } from '../../scenario/presets/figure9';
import { withStacks as grow } from '../scenario-param';
import { CF_NODE_ID, layoutTopology, ROUTER_NODE_ID, stackNodeId } from './layout';

const withStacks = (n: number) => grow(figure9, n);

const NODE_W = 165;
/** Rendered heights, roughly (a stack card lists its roles and counters). */
const height = (type: string | undefined) => (type === 'stack' ? 160 : 90);

function overlaps(nodes: { type?: string; position: { x: number; y: number } }[]): number {
  let count = 0;
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const [a, b] = [nodes[i]!, nodes[j]!].sort((p, q) => p.position.y - q.position.y) as [
        (typeof nodes)[number],
        (typeof nodes)[number],
      ];
      const dx = Math.abs(a.position.x - b.position.x);
      if (dx < NODE_W && b.position.y - a.position.y < height(a.type)) count++;
    }
  return count;
}

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

  it('never overlaps two nodes, at 5 stacks and at 16', () => {
    expect(overlaps(nodes)).toBe(0);
    const big = layoutTopology(withStacks(16));
    expect(big.nodes.filter((n) => n.type === 'stack')).toHaveLength(16);
    expect(overlaps(big.nodes)).toBe(0);
  });

  it('keeps 16 stacks in two rows no wider than eight stacks', () => {
    const big = layoutTopology(withStacks(16)).nodes.filter((n) => n.type === 'stack');
    expect(new Set(big.map((n) => n.position.y)).size).toBe(2);
    const xs = big.map((n) => n.position.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(8 * 180);
  });
});
