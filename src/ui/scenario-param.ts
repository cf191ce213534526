import { defaultPreset } from '../scenario/presets';
import { clip, type Issue, type Result, type ScenarioDocument, scenarioDocument } from '../scenario/schema';
import { decodeShareHash, isShareHash } from '../scenario/share';
import type { Scenario } from '../scenario/types';
import { GALLERY, galleryEntry } from './scenario/gallery';

// What the page opens on, from its URL:
// - `#s1=…` (a shared link, or a generated, edited or imported scenario): that scenario, replayed
//   to where it was shared; another `#name=` field is a bad link;
// - `?preset=ID`: a preset of the gallery (Figure 9's comparison modes included);
// - `?stacks=N` (5–32): the default scenario with generated target stacks added, to see (and
//   test) the topology at sizes past Figure 9's five. The extra stacks are plain candidate targets.
// A link that cannot be read (a cut share link, an unknown preset, a number of stacks out of range)
// opens nothing: the banner says why, naming the URL field. Other query parameters are not ours and
// are left alone.

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

const MAX_STACKS = 32;

/** The scenario the query names, or what is wrong with it (each issue names its URL field). */
export function scenarioFromLocation(search: string): Result<Scenario, Issue[]> {
  const params = new URLSearchParams(search);
  const preset = params.get('preset');
  const stacks = params.get('stacks');
  if (preset !== null && stacks !== null)
    return bad('?preset, ?stacks', 'give one of them: ?stacks adds stacks to the default scenario only');
  if (preset !== null) {
    const entry = galleryEntry(preset);
    return entry
      ? { ok: true, value: entry.scenario }
      : bad(
          '?preset',
          `no preset is named "${clip(preset, 40)}"; the presets are ${GALLERY.map((e) => e.id).join(', ')}`,
        );
  }
  if (stacks === null) return { ok: true, value: defaultPreset };
  const min = defaultPreset.stacks.length;
  const n = /^\d{1,3}$/.test(stacks) ? Number(stacks) : Number.NaN;
  if (!(n >= min && n <= MAX_STACKS))
    return bad('?stacks', `"${clip(stacks, 40)}" is not a number of stacks from ${min} to ${MAX_STACKS}`);
  return { ok: true, value: n > min ? withStacks(defaultPreset, n) : defaultPreset };
}

const bad = (path: string, message: string) => ({ ok: false as const, error: [{ path, message }] });

export type Startup = { kind: 'document'; doc: ScenarioDocument } | { kind: 'bad-link'; issues: Issue[] };

/** The document the page opens on (a shared link wins over the query), or why the link is bad. */
export function startupFromLocation(search: string, hash: string): Startup {
  if (isShareHash(hash)) {
    const r = decodeShareHash(hash);
    return r.ok ? { kind: 'document', doc: r.value } : { kind: 'bad-link', issues: r.error };
  }
  const sc = scenarioFromLocation(search);
  return sc.ok
    ? { kind: 'document', doc: scenarioDocument(sc.value) }
    : { kind: 'bad-link', issues: sc.error };
}
