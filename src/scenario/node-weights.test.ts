import { describe, expect, it } from 'vitest';
import { assignNodes } from '../runtime/worker-runtime';
import { generateSysplex } from './generate';
import { nodeWeights } from './node-weights';
import { figure9 } from './presets/figure9';
import { buildWorld, CF_ID, ROUTER_ID } from './world';

const ids = { cf: CF_ID, router: ROUTER_ID };

describe('nodeWeights', () => {
  const sc = generateSysplex({
    stacks: 32,
    dvipas: 4,
    backupsPerDvipa: 2,
    clients: 13,
    connections: 192,
    ipsec: true,
    backupTargets: 'same-servers',
    seed: 10,
  });
  const w = nodeWeights(sc, ids);

  it('weighs every node buildWorld makes, the router and the DVIPAs’ routing stacks most', () => {
    const world = buildWorld(sc);
    expect(world.actors.map((a) => a.weight)).toEqual(world.actors.map((a) => w.get(a.id)));
    expect(world.actors.every((a) => (a.weight ?? 0) >= 1)).toBe(true);
    const owners = sc.stacks.filter((s) => /VIPADEFINE/.test(s.profile)).map((s) => s.name);
    expect(owners).toHaveLength(4);
    const ranked = [...w].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    expect(ranked[0]).toBe(ROUTER_ID);
    expect(new Set(ranked.slice(1, 5))).toEqual(new Set(owners));
    expect(w.get(CF_ID)).toBe(1);
  });

  it('grows with the connections: a client by its own, a routing stack by its DVIPA’s', () => {
    const twice = nodeWeights(
      { ...sc, clients: sc.clients.map((c) => ({ ...c, connections: c.connections * 2 })) },
      ids,
    );
    for (const c of sc.clients) expect(twice.get(c.name)! - 1).toBeCloseTo(2 * (w.get(c.name)! - 1));
    const owner = sc.stacks.find((s) => /VIPADEFINE/.test(s.profile))!.name;
    expect(twice.get(owner)!).toBeGreaterThan(1.9 * w.get(owner)! - 1);
  });

  it('spreads the scale scenario’s work evenly over 2 Workers', () => {
    const world = buildWorld(sc);
    const load = assignNodes(world.actors, 2).map((nodes) => nodes.reduce((s, id) => s + w.get(id)!, 0));
    expect(Math.min(...load) / Math.max(...load)).toBeGreaterThan(0.95);
  });

  it('a profile that does not parse weighs only what parsed (here: not its DVIPA), no throw', () => {
    const f9 = figure9;
    const broken = {
      ...f9,
      stacks: f9.stacks.map((s, i) => (i === 0 ? { ...s, profile: 'VIPADYNAMIC\n  VIPADEFINE ???' } : s)),
    };
    const wb = nodeWeights(broken, ids);
    const first = f9.stacks[0]!;
    expect(first.profile).toMatch(/VIPADEFINE/);
    expect(wb.get(first.name)!).toBeLessThan(nodeWeights(f9, ids).get(first.name)! / 2);
    expect([...wb.values()].every((x) => Number.isFinite(x) && x >= 1)).toBe(true);
  });
});
