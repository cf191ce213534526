import { describe, expect, it } from 'vitest';
import { generateSysplex } from '../../scenario/generate';
import { figure9 } from '../../scenario/presets/figure9';
import { withStacks as grow } from '../scenario-param';
import {
  CF_NODE_ID,
  HANDLE,
  keepUnchanged,
  layoutTopology,
  ROUTER_NODE_ID,
  stackNodeId,
  type TopologyNode,
} from './layout';

const withStacks = (n: number) => grow(figure9, n);

/** Rendered sizes, at most (a stack card lists up to 4 roles and its counters; max-width 170px). */
const SIZE: Record<string, { w: number; h: number }> = {
  stack: { w: 170, h: 150 },
  cf: { w: 210, h: 90 },
  router: { w: 170, h: 60 },
  client: { w: 170, h: 90 },
};

function overlaps(nodes: readonly TopologyNode[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      const [sa, sb] = [SIZE[a.type]!, SIZE[b.type]!];
      const apart =
        a.position.x + sa.w <= b.position.x ||
        b.position.x + sb.w <= a.position.x ||
        a.position.y + sa.h <= b.position.y ||
        b.position.y + sb.h <= a.position.y;
      if (!apart) out.push(`${a.id} × ${b.id}`);
    }
  return out;
}

const generated = (stacks: number) =>
  generateSysplex({
    stacks,
    dvipas: 4,
    backupsPerDvipa: 2,
    clients: 2,
    connections: 1,
    seed: 3,
    ipsec: true,
  });

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
    expect(overlaps(nodes)).toEqual([]);
    const big = layoutTopology(withStacks(16));
    expect(big.nodes.filter((n) => n.type === 'stack')).toHaveLength(16);
    expect(overlaps(big.nodes)).toEqual([]);
  });

  it('keeps 16 stacks in two rows no wider than eight stacks', () => {
    const big = layoutTopology(withStacks(16)).nodes.filter((n) => n.type === 'stack');
    expect(new Set(big.map((n) => n.position.y)).size).toBe(2);
    const xs = big.map((n) => n.position.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(8 * 180);
  });
});

describe('layoutTopology past 16 stacks', () => {
  const sc = generated(32);
  const { nodes, edges } = layoutTopology(sc);
  const cf = nodes.find((n) => n.id === CF_NODE_ID)!;
  const stacks = nodes.filter((n) => n.type === 'stack');
  const isNet = (id: string) => sc.stacks.some((s) => stackNodeId(s.name) === id && s.externalAddr);

  it('puts 32 stacks in four staggered rows of 8, two above the CF and two under it', () => {
    expect(stacks).toHaveLength(32);
    const rows = [...new Set(stacks.map((n) => n.position.y))].sort((a, b) => a - b);
    expect(rows).toHaveLength(4);
    expect(rows.filter((y) => y < cf.position.y)).toHaveLength(2);
    for (const y of rows) expect(stacks.filter((n) => n.position.y === y)).toHaveLength(8);
    // Every other row is shifted by half a column.
    const firstX = rows.map((y) =>
      Math.min(...stacks.filter((n) => n.position.y === y).map((n) => n.position.x)),
    );
    expect(firstX[1]! - firstX[0]!).toBe(90);
    expect(firstX[3]! - firstX[2]!).toBe(90);
    const xs = stacks.map((n) => n.position.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(8 * 180);
  });

  it('never overlaps two nodes, from 17 to 32 stacks', () => {
    for (const n of [17, 20, 23, 24, 31, 32]) {
      const g = layoutTopology(generated(n));
      expect(g.nodes.filter((x) => x.type === 'stack')).toHaveLength(n);
      expect(overlaps(g.nodes), `${n} stacks`).toEqual([]);
    }
    expect(overlaps(layoutTopology(withStacks(32)).nodes)).toEqual([]);
  });

  it('keeps the stacks that reach the network above the CF', () => {
    const net = stacks.filter((n) => isNet(n.id));
    expect(net.length).toBeGreaterThan(0);
    expect(net.length).toBeLessThanOrEqual(16);
    for (const n of net) expect(n.position.y).toBeLessThan(cf.position.y);
  });

  it('links the stacks under the CF up to its bottom, the others down to its top', () => {
    for (const s of stacks) {
      const e = edges.find((x) => x.id === `xcf:${s.data.name}`)!;
      const under = s.position.y > cf.position.y;
      expect([e.sourceHandle, e.targetHandle]).toEqual(
        under ? [HANDLE.up, HANDLE.below] : [HANDLE.out, HANDLE.in],
      );
    }
  });
});

describe('keepUnchanged', () => {
  it('keeps the whole graph when a new scenario draws the same (another mode)', () => {
    const a = layoutTopology(figure9);
    expect(keepUnchanged(a, layoutTopology({ ...figure9, mode: 'no-recovery' }))).toBe(a);
    expect(keepUnchanged(null, a)).toBe(a);
  });

  it('keeps the objects of unchanged nodes and edges, and takes the changed ones', () => {
    const a = layoutTopology(figure9);
    const b = keepUnchanged(a, layoutTopology(withStacks(6)));
    const same = (id: string) => b.nodes.find((n) => n.id === id) === a.nodes.find((n) => n.id === id);
    expect(same(stackNodeId('MVS1'))).toBe(true);
    expect(same(stackNodeId('MVS5'))).toBe(true);
    // One more stack moves the row's centre: the CF and the router move.
    expect(same(CF_NODE_ID)).toBe(false);
    expect(same(ROUTER_NODE_ID)).toBe(false);
    expect(b.nodes.some((n) => n.id === stackNodeId('MVS6'))).toBe(true);
    expect(b.edges.find((e) => e.id === 'xcf:MVS1')).toBe(a.edges.find((e) => e.id === 'xcf:MVS1'));
    expect(b.nodes).not.toBe(a.nodes);
  });
});
