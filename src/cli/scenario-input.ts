import { faultLabel, timelineRefusal } from '../runtime/scenario-run';
import { importScenarioJson } from '../scenario/import-export';
import { presetById, presets } from '../scenario/presets/index';
import { formatIssue } from '../scenario/schema';
import type { Fault, Scenario } from '../scenario/types';
import { buildWorld } from '../scenario/world';
import type { RunArgs } from './parse-args';

// The scenario a `run` is about: a preset by id or a JSON file (read by the caller), with the
// command line's seed, faults and mode applied. Every problem is a line for stderr.

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Looks like a path rather than a preset id. */
export const isFileSource = (source: string) => /[/\\]|\.json$/i.test(source);

/** Issues shown at most, one line each (the rest are counted). */
const MAX_ISSUES = 20;

/**
 * A scenario read from JSON: a bare scenario, or a document the browser exported or shared
 * (`format`, `version`, `scenario`, `view`; the view is not used here). The browser's own import
 * and validation (scenario/import-export.ts, scenario/schema.ts with the profile diagnostics), so
 * whatever one refuses the other does too; each issue is a line with its place: the line:column
 * of the JSON, or of the stack's profile text for a profile's.
 */
export function scenarioFromJson(text: string, name: string): ScenarioResult {
  const r = importScenarioJson(text);
  if (!r.ok) {
    const lines = r.error.slice(0, MAX_ISSUES).map((i) => `${name}: ${formatIssue(i)}`);
    if (r.error.length > MAX_ISSUES) lines.push(`${name}: … and ${r.error.length - MAX_ISSUES} more`);
    return { ok: false, error: lines.join('\n') };
  }
  const sc = r.value.scenario;
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
  const added = args.faults.map((f): Fault => ({ atUs: f.atUs, node: f.node, action: f.action }));
  const faults: Fault[] = [...sc.faults, ...added];
  // As the UI's menu refuses it: a restart of a running node, a kill or stop of a down one.
  const refused = timelineRefusal(faults);
  if (refused) {
    const flag = args.faults[added.indexOf(refused.fault)]?.flag;
    return {
      ok: false,
      error: `${flag ?? `the scenario's fault ${faultLabel(refused.fault)}`} refused: ${refused.reason}`,
    };
  }
  return {
    ok: true,
    scenario: { ...sc, seed: args.seed ?? sc.seed, faults, mode: args.mode ?? sc.mode ?? 'default' },
  };
}
