import { defaultPreset } from '../scenario/presets';
import { type Issue, type ScenarioDocument, scenarioDocument } from '../scenario/schema';
import { decodeShareHash, isShareHash } from '../scenario/share';
import type { Scenario } from '../scenario/types';
import { galleryEntry } from './scenario/gallery';

// What the page opens on, from its URL:
// - `#s1=…` (a shared link): that scenario, replayed to where it was shared;
// - `?preset=ID`: a preset of the gallery (Figure 9's comparison modes included);
// - `?stacks=N` (5–32): the default scenario with generated target stacks added, to see (and
//   test) the topology at sizes past Figure 9's five. The extra stacks are plain candidate targets.
// A link that cannot be read opens nothing: the banner says why.

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
  const params = new URLSearchParams(search);
  const preset = params.get('preset');
  const entry = preset === null ? undefined : galleryEntry(preset);
  if (entry) return entry.scenario;
  const n = Number(params.get('stacks'));
  return Number.isInteger(n) && n > defaultPreset.stacks.length && n <= 32
    ? withStacks(defaultPreset, n)
    : defaultPreset;
}

export type Startup = { kind: 'document'; doc: ScenarioDocument } | { kind: 'bad-link'; issues: Issue[] };

/** The document the page opens on (a shared link wins over the query), or why the link is bad. */
export function startupFromLocation(search: string, hash: string): Startup {
  if (isShareHash(hash)) {
    const r = decodeShareHash(hash);
    return r.ok ? { kind: 'document', doc: r.value } : { kind: 'bad-link', issues: r.error };
  }
  return { kind: 'document', doc: scenarioDocument(scenarioFromLocation(search)) };
}
