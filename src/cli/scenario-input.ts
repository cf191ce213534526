import { presetById, presets } from '../scenario/presets/index';
import type { Fault, Scenario } from '../scenario/types';
import { buildWorld } from '../scenario/world';
import type { RunArgs } from './parse-args';

// The scenario a `run` is about: a preset by id or a JSON file (read by the caller), with the
// command line's seed, faults and mode applied. Every problem is one line for stderr.

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Looks like a path rather than a preset id. */
export const isFileSource = (source: string) => /[/\\]|\.json$/i.test(source);

const fields: [keyof Scenario, 'string' | 'number' | 'object' | 'array'][] = [
  ['id', 'string'],
  ['title', 'string'],
  ['seed', 'number'],
  ['stacks', 'array'],
  ['cf', 'object'],
  ['router', 'object'],
  ['clients', 'array'],
  ['xcfLatencyUs', 'number'],
  ['externalLatencyUs', 'number'],
  ['failureDetectionUs', 'number'],
  ['workload', 'object'],
  ['faults', 'array'],
];

/**
 * A light shape check of a scenario read from JSON (the scenario layer has no validator yet):
 * enough to refuse a wrong file with a clear line instead of a crash deep in the world builder.
 */
export function scenarioFromJson(text: string, name: string): ScenarioResult {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${name}: invalid JSON: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, error: `${name}: not a scenario (a JSON object is expected)` };
  const o = v as Record<string, unknown>;
  if (o.version !== 1)
    return { ok: false, error: `${name}: not a scenario of version 1 (version: ${String(o.version)})` };
  for (const [key, type] of fields) {
    const x = o[key];
    const good =
      type === 'array'
        ? Array.isArray(x)
        : type === 'object'
          ? typeof x === 'object' && x !== null
          : typeof x === type;
    if (!good)
      return {
        ok: false,
        error: `${name}: not a scenario: '${key}' must be ${type === 'array' ? 'an' : 'a'} ${type}`,
      };
  }
  const sc = v as Scenario;
  try {
    buildWorld(sc);
  } catch (e) {
    return { ok: false, error: `${name}: not a usable scenario: ${(e as Error).message}` };
  }
  return { ok: true, scenario: sc };
}

export function presetScenario(id: string): ScenarioResult {
  const sc = presetById(id);
  return sc
    ? { ok: true, scenario: sc }
    : { ok: false, error: `unknown preset '${id}' (presets: ${presets.map((p) => p.id).join(', ')})` };
}

/** The node ids faults can name: every actor of the world (stacks, CF, router, client hosts). */
export const nodeIds = (sc: Scenario): string[] => buildWorld(sc).actors.map((a) => a.id);

/** The scenario with the command line's seed, faults (after its own) and mode. */
export function applyArgs(sc: Scenario, args: RunArgs): ScenarioResult {
  const ids = nodeIds(sc);
  for (const f of args.faults)
    if (!ids.includes(f.node))
      return { ok: false, error: `unknown node '${f.node}' in ${f.flag} (nodes: ${ids.join(', ')})` };
  const faults: Fault[] = [
    ...sc.faults,
    ...args.faults.map((f): Fault => ({ atUs: f.atUs, node: f.node, action: f.action })),
  ];
  return { ok: true, scenario: { ...sc, seed: args.seed ?? sc.seed, faults, mode: args.mode } };
}
