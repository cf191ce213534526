import { defaultPreset } from '../scenario/presets';
import type { Scenario } from '../scenario/types';

// `?stacks=N` (5–32): the default scenario with generated target stacks added, to see (and test)
// the topology at sizes past Figure 9's five. The extra stacks are plain candidate targets.

export function withStacks(base: Scenario, n: number): Scenario {
  const template = base.stacks.find((s) => !s.externalAddr) ?? base.stacks[0]!;
  const extra = Array.from({ length: Math.max(0, n - base.stacks.length) }, (_, i) => {
    const name = `MVS${base.stacks.length + i + 1}`;
    const xcf = `10.255.0.${base.stacks.length + i + 1}`;
    return {
      ...template,
      name,
      xcfAddr: xcf,
      apps: [],
      profile: template.profile.replaceAll(template.xcfAddr, xcf).replaceAll(template.name, name),
    };
  });
  return {
    ...base,
    stacks: [...base.stacks, ...extra],
    title: `${base.title} + ${extra.length} generated stacks`,
  };
}

export function scenarioFromLocation(search: string): Scenario {
  const n = Number(new URLSearchParams(search).get('stacks'));
  return Number.isInteger(n) && n > defaultPreset.stacks.length && n <= 32
    ? withStacks(defaultPreset, n)
    : defaultPreset;
}
