import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { parseArgs, type RunArgs } from './parse-args';
import { applyArgs, isFileSource, presetScenario, scenarioFromJson } from './scenario-input';

const args = (...argv: string[]) => {
  const r = parseArgs(['run', 'figure9', ...argv]);
  if (!r.ok) throw new Error(r.error);
  return r.value as RunArgs;
};
const errorOf = (r: { ok: boolean; error?: string }) => (r.ok ? 'ok' : r.error);

describe('the scenario of a run', () => {
  it('finds presets by id, files by their look', () => {
    expect(presetScenario('figure9')).toEqual({ ok: true, scenario: figure9 });
    expect(errorOf(presetScenario('figure8'))).toBe(
      "unknown preset 'figure8' (presets: figure9, two-stack, hotstandby, destip-all-8)",
    );
    expect([
      isFileSource('figure9'),
      isFileSource('my.json'),
      isFileSource('./x'),
      isFileSource('a/b'),
    ]).toEqual([false, true, true, true]);
  });

  it('reads a scenario from JSON, and refuses bad JSON and wrong shapes in one line', () => {
    expect(scenarioFromJson(JSON.stringify(figure9), 'f.json')).toEqual({ ok: true, scenario: figure9 });
    expect(errorOf(scenarioFromJson('{"version":', 'f.json'))).toMatch(/^f\.json: invalid JSON: /);
    expect(errorOf(scenarioFromJson('[]', 'f.json'))).toBe(
      'f.json: not a scenario (a JSON object is expected)',
    );
    expect(errorOf(scenarioFromJson('{"version":2}', 'f.json'))).toBe(
      'f.json: not a scenario of version 1 (version: 2)',
    );
    expect(errorOf(scenarioFromJson(JSON.stringify({ ...figure9, stacks: {} }), 'f.json'))).toBe(
      "f.json: not a scenario: 'stacks' must be an array",
    );
  });

  it('applies seed and faults (after the scenario’s own), checking node names', () => {
    const own = { ...figure9, faults: [{ atUs: 5, node: 'MVS3', action: 'stop' as const }] };
    const r = applyArgs(own, args('--seed', '9', '--kill', 'MVS1@1s', '--restart', 'MVS1@2s'));
    if (!r.ok) throw new Error(r.error);
    expect(r.scenario.seed).toBe(9);
    expect(r.scenario.faults).toEqual([
      { atUs: 5, node: 'MVS3', action: 'stop' },
      { atUs: 1_000_000, node: 'MVS1', action: 'kill' },
      { atUs: 2_000_000, node: 'MVS1', action: 'restart' },
    ]);
    expect(applyArgs(figure9, args()).ok && figure9.faults).toEqual([]);
    expect(errorOf(applyArgs(figure9, args('--kill', 'MVS9@1s')))).toBe(
      "unknown node 'MVS9' in --kill MVS9@1s (nodes: MVS1, MVS2, MVS3, MVS4, MVS5, CF, Router, Client)",
    );
  });

  it('sets the comparison mode', () => {
    for (const mode of ['default', 'no-recovery', 'not-distributed'] as const) {
      const r = applyArgs(figure9, args('--mode', mode));
      expect(r.ok && r.scenario.mode).toBe(mode);
    }
  });
});
