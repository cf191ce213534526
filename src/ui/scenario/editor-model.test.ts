import { describe, expect, it } from 'vitest';
import { figure9 } from '../../scenario/presets/figure9';
import { formatIssue, parseScenarioDocument, scenarioDocument } from '../../scenario/schema';
import { applyDraft, checkDraft, draftOf, numberOf, offsetOf } from './editor-model';

describe('the scenario editor model', () => {
  it('round-trips a scenario through its draft unchanged', () => {
    expect(applyDraft(figure9, draftOf(figure9))).toEqual({ ...figure9, mode: figure9.mode ?? 'default' });
  });

  it('applies edits, and a field that is not a number is reported by the schema at its path', () => {
    const d = draftOf(figure9);
    const client = figure9.clients[0]!.name;
    const edited = applyDraft(figure9, {
      ...d,
      seed: '7',
      mode: 'no-recovery',
      connections: { ...d.connections, [client]: '3' },
    });
    expect(edited.seed).toBe(7);
    expect(edited.mode).toBe('no-recovery');
    expect(edited.clients[0]!.connections).toBe(3);
    expect(parseScenarioDocument(scenarioDocument(edited)).ok).toBe(true);
    const bad = parseScenarioDocument(scenarioDocument(applyDraft(figure9, { ...d, requestBytes: '12x' })));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.map(formatIssue).join('\n')).toContain('scenario.workload.requestBytes');
  });

  it('names a bad field by its label on screen and says what it expects, never NaN or a path', () => {
    const d = draftOf(figure9);
    const problems = (patch: Partial<typeof d>) => {
      const r = checkDraft(figure9, { ...d, ...patch });
      return r.ok ? [] : r.issues;
    };
    expect(problems({ requestBytes: '12x' })).toEqual([
      'Request size (bytes): a whole number from 1 to 65,536 is expected (got “12x”)',
    ]);
    expect(problems({ seed: ' ', intervalUs: '-5' })).toEqual([
      'Request interval (µs): a whole number from 0 to 3,600,000,000 is expected (got “-5”)',
      'Seed: a whole number from 0 to 4,294,967,295 is expected (the field is empty)',
    ]);
    expect(problems({ failureDetectionUs: '0', connections: { Client: '2.5' } })).toEqual([
      'Connections of Client: a whole number from 0 to 100,000 is expected (got “2.5”)',
      'Failure detection delay (µs): a whole number from 1 to 60,000,000 is expected (got “0”)',
    ]);
    // The schema's own problems are named by label too: a profile error keeps its line:column.
    const both = problems({
      seed: '12x',
      profiles: { ...d.profiles, MVS1: 'VIPADYNAMIC\nFOO\nENDVIPADYNAMIC\n' },
    });
    expect(both[0]).toBe('Seed: a whole number from 0 to 4,294,967,295 is expected (got “12x”)');
    expect(both[1]).toMatch(/^TCP\/IP profile of MVS1 2:1: /);
    for (const line of [...both, ...problems({ requestBytes: 'abc' })]) {
      expect(line).not.toMatch(/NaN|scenario\.|\[\d+\]/);
    }
    const ok = checkDraft(figure9, { ...d, requestBytes: '512' });
    expect(ok.ok && ok.scenario.workload.requestBytes).toBe(512);
  });

  it('reads numbers strictly and finds line:column offsets', () => {
    expect(numberOf(' 42 ')).toBe(42);
    expect(Number.isNaN(numberOf(''))).toBe(true);
    expect(Number.isNaN(numberOf('1e3'))).toBe(true);
    expect(offsetOf('ab\ncde\nf', 2, 2)).toBe(4);
    expect(offsetOf('ab', 9, 1)).toBe(2);
  });
});
