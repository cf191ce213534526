import { describe, expect, it } from 'vitest';
import { exportScenarioJson } from '../scenario/import-export';
import { figure9 } from '../scenario/presets/figure9';
import { scenarioDocument } from '../scenario/schema';
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

  it('reads a bare scenario and the document the browser exports, with its view', () => {
    expect(scenarioFromJson(JSON.stringify(figure9), 'f.json')).toEqual({ ok: true, scenario: figure9 });
    const doc = exportScenarioJson(scenarioDocument(figure9, { eventIndex: 1234, panel: 'Metrics' }));
    expect(scenarioFromJson(doc, 'exported.json')).toEqual({ ok: true, scenario: figure9 });
  });

  it('refuses bad JSON and wrong shapes with the place: line:column and field', () => {
    expect(errorOf(scenarioFromJson('{"version":', 'f.json'))).toBe(
      'f.json: json 1:12: the text ends: expected a value',
    );
    expect(errorOf(scenarioFromJson('[]', 'f.json'))).toBe(
      'f.json: (document) 1:1: not a scenario document (a JSON object is expected)',
    );
    expect(errorOf(scenarioFromJson('{"format":"pcap"}', 'f.json'))).toBe(
      'f.json: format 1:11: not a scenario document: format must be "sysplex-ipsec-emulator"',
    );
    expect(errorOf(scenarioFromJson('{"stacks":[],"version":2}', 'f.json'))).toMatch(
      /^f\.json: version 1:24: .*version/,
    );
    expect(errorOf(scenarioFromJson(JSON.stringify({ ...figure9, stacks: {} }), 'f.json'))).toMatch(
      /^f\.json: stacks 1:\d+: /,
    );
  });

  it('validates as the browser does: a negative requestBytes, a misspelled DISTMETHOD', () => {
    const bad = { ...figure9, workload: { ...figure9.workload, requestBytes: -5 } };
    expect(errorOf(scenarioFromJson(JSON.stringify(bad, null, 2), 'f.json'))).toMatch(
      /^f\.json: workload\.requestBytes \d+:\d+: must be a whole number from 1 to 65536 \(got -5\)$/,
    );
    // In the exported document: the path and the place of the same field inside it.
    const doc = exportScenarioJson(scenarioDocument(bad));
    const line = doc.split('\n').findIndex((l) => l.includes('"requestBytes": -5')) + 1;
    expect(errorOf(scenarioFromJson(doc, 'f.json'))).toMatch(
      new RegExp(`^f\\.json: scenario\\.workload\\.requestBytes ${line}:\\d+: must be a whole number`),
    );
    const misspelled = {
      ...figure9,
      stacks: figure9.stacks.map((st) => ({ ...st, profile: st.profile.replace('ROUNDROBIN', 'ROUNDROBN') })),
    };
    const lines = String(errorOf(scenarioFromJson(JSON.stringify(misspelled), 'f.json'))).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^f\.json: stacks\[0\]\.profile 7:36: VIPADISTRIBUTE: expected a distribution method .* found 'ROUNDROBN' \(did you mean ROUNDROBIN\?\)/,
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

  it('refuses what the UI refuses: a restart of a running stack, a kill of a down one', () => {
    expect(errorOf(applyArgs(figure9, args('--restart', 'MVS1@3s')))).toBe(
      '--restart MVS1@3s refused: MVS1 is running: kill or stop it first',
    );
    expect(errorOf(applyArgs(figure9, args('--kill', 'MVS1@1s', '--stop', 'MVS1@2s')))).toBe(
      '--stop MVS1@2s refused: MVS1 is already down',
    );
    // Restarted, it runs again: a second restart is refused, a second kill is not.
    const again = args('--kill', 'MVS1@1s', '--restart', 'MVS1@2s', '--restart', 'MVS1@3s');
    expect(errorOf(applyArgs(figure9, again))).toBe(
      '--restart MVS1@3s refused: MVS1 is running: kill or stop it first',
    );
    expect(
      applyArgs(figure9, args('--kill', 'MVS1@1s', '--restart', 'MVS1@2s', '--kill', 'MVS1@3s')).ok,
    ).toBe(true);
    // In time order, whatever the order on the command line; the scenario's own faults count too.
    expect(applyArgs(figure9, args('--restart', 'MVS1@2s', '--kill', 'MVS1@1s')).ok).toBe(true);
    const own = { ...figure9, faults: [{ atUs: 500_000, node: 'MVS2', action: 'restart' as const }] };
    expect(errorOf(applyArgs(own, args()))).toBe(
      "the scenario's fault restart MVS2 @ 0.500 s refused: MVS2 is running: kill or stop it first",
    );
  });

  it('sets the comparison mode', () => {
    for (const mode of ['default', 'no-recovery', 'not-distributed'] as const) {
      const r = applyArgs(figure9, args('--mode', mode));
      expect(r.ok && r.scenario.mode).toBe(mode);
    }
  });

  it("keeps the scenario's own mode without --mode, and --mode overrides it", () => {
    const own = { ...figure9, mode: 'no-recovery' as const };
    const kept = applyArgs(own, args());
    expect(kept.ok && kept.scenario.mode).toBe('no-recovery');
    const over = applyArgs(own, args('--mode', 'default'));
    expect(over.ok && over.scenario.mode).toBe('default');
    const none = applyArgs({ ...figure9, mode: undefined }, args());
    expect(none.ok && none.scenario.mode).toBe('default');
  });
});
