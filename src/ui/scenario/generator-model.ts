import {
  type GeneratedDistMethod,
  type GenerateOptions,
  generateSysplex,
  MAX_GENERATED_DVIPAS,
  MAX_GENERATED_STACKS,
} from '../../scenario/generate';
import { formatIssue, LIMITS, parseScenario } from '../../scenario/schema';
import type { Scenario } from '../../scenario/types';
import { numberOf } from './editor-model';

// The generator form's draft (texts until Generate, like the editor's), its bounds, and the
// scenario it makes: generateSysplex's, checked by the schema like any other scenario.

export type GeneratorMethod = GeneratedDistMethod | 'mixed';

export interface GeneratorDraft {
  stacks: string;
  dvipas: string;
  backupsPerDvipa: string;
  clients: string;
  /** Connections of each client to each DVIPA. */
  connections: string;
  seed: string;
  ipsec: boolean;
  distMethod: GeneratorMethod;
  backupTargets: 'same-servers' | 'any';
}

export const GENERATOR_METHODS: readonly GeneratorMethod[] = [
  'ROUNDROBIN',
  'WEIGHTEDACTIVE',
  'BASEWLM',
  'HOTSTANDBY',
  'mixed',
];

type NumberField = 'stacks' | 'dvipas' | 'backupsPerDvipa' | 'clients' | 'connections' | 'seed';

export const GENERATOR_FIELDS: readonly { key: NumberField; label: string; min: number; max: number }[] = [
  { key: 'stacks', label: 'Stacks', min: 2, max: MAX_GENERATED_STACKS },
  { key: 'dvipas', label: 'DVIPAs', min: 1, max: MAX_GENERATED_DVIPAS },
  { key: 'backupsPerDvipa', label: 'Backups per DVIPA', min: 0, max: MAX_GENERATED_STACKS - 1 },
  { key: 'clients', label: 'Clients', min: 1, max: 50 },
  { key: 'connections', label: 'Connections per client and DVIPA', min: 0, max: 1_000 },
  { key: 'seed', label: 'Seed', min: 0, max: 0xffff_ffff },
];

export const DEFAULT_GENERATOR: GeneratorDraft = {
  stacks: '16',
  dvipas: '3',
  backupsPerDvipa: '2',
  clients: '1',
  connections: '4',
  seed: '1',
  ipsec: true,
  distMethod: 'ROUNDROBIN',
  backupTargets: 'same-servers',
};

/** Connections the draft makes in all (NaN while a field is not a number). */
export function totalConnections(d: GeneratorDraft): number {
  return numberOf(d.clients) * numberOf(d.dvipas) * numberOf(d.connections);
}

/** The generated scenario, or the draft's problems, one line each. */
export function generateFromDraft(
  d: GeneratorDraft,
): { ok: true; scenario: Scenario } | { ok: false; issues: string[] } {
  const issues: string[] = [];
  const n = {} as Record<NumberField, number>;
  for (const f of GENERATOR_FIELDS) {
    const v = numberOf(d[f.key]);
    if (!Number.isInteger(v) || v < f.min || v > f.max)
      issues.push(`${f.label}: a whole number from ${f.min} to ${f.max} (got “${d[f.key].trim()}”)`);
    n[f.key] = v;
  }
  if (!issues.length && n.backupsPerDvipa > n.stacks - 1)
    issues.push(`Backups per DVIPA: at most ${n.stacks - 1} with ${n.stacks} stacks`);
  const total = totalConnections(d);
  if (!issues.length && total > LIMITS.connections)
    issues.push(`${total} connections in all; at most ${LIMITS.connections}`);
  if (issues.length) return { ok: false, issues };
  const opts: GenerateOptions = {
    stacks: n.stacks,
    dvipas: n.dvipas,
    backupsPerDvipa: n.backupsPerDvipa,
    clients: n.clients,
    connections: n.connections,
    seed: n.seed,
    ipsec: d.ipsec,
    distMethod: d.distMethod,
    backupTargets: d.backupTargets,
  };
  const r = parseScenario(generateSysplex(opts));
  return r.ok ? { ok: true, scenario: r.value } : { ok: false, issues: r.error.map(formatIssue) };
}
