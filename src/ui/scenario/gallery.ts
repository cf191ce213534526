import { presets } from '../../scenario/presets';
import { figure9 } from '../../scenario/presets/figure9';
import type { Scenario, ScenarioMode } from '../../scenario/types';

// The presets gallery: every preset, and Figure 9 in each comparison mode (the same workload and
// faults, only `mode` differs) so the modes can be run side by side.

export interface GalleryEntry {
  id: string;
  title: string;
  description: string;
  mode: ScenarioMode;
  /** The comparison group it belongs to (Figure 9's modes), or null. */
  group: string | null;
  scenario: Scenario;
}

const MODE_NOTES: Record<ScenarioMode, string> = {
  default:
    'The source’s design: the routing stack keeps IPsec recovery records in the CF and a backup takes the SAs over.',
  'no-recovery':
    'No IPsec recovery records in the CF: the backup takes the DVIPA but the peers keep sending on SAs nobody holds.',
  'not-distributed':
    'IPsec connections are not distributed (the earlier release’s restriction): they all die with the routing stack.',
};

export const MODE_LABELS: Record<ScenarioMode, string> = {
  default: 'default',
  'no-recovery': 'no-recovery',
  'not-distributed': 'not-distributed',
};

function modeOf(sc: Scenario): ScenarioMode {
  return sc.mode ?? 'default';
}

function figure9In(mode: Exclude<ScenarioMode, 'default'>): Scenario {
  return { ...figure9, id: `figure9-${mode}`, title: `Figure 9 — ${mode}`, mode };
}

const FIGURE9_GROUP = 'Figure 9: comparison modes (same workload)';

export const GALLERY: readonly GalleryEntry[] = [
  ...[figure9, figure9In('no-recovery'), figure9In('not-distributed')].map((sc) => ({
    id: sc.id,
    title: sc.id === figure9.id ? 'Figure 9 — default' : sc.title,
    description: MODE_NOTES[modeOf(sc)],
    mode: modeOf(sc),
    group: FIGURE9_GROUP,
    scenario: sc,
  })),
  ...presets
    .filter((p) => p.id !== figure9.id)
    .map((sc) => ({
      id: sc.id,
      title: sc.title,
      description: sc.description,
      mode: modeOf(sc),
      group: null,
      scenario: sc,
    })),
];

export function galleryEntry(id: string): GalleryEntry | undefined {
  return GALLERY.find((e) => e.id === id);
}
