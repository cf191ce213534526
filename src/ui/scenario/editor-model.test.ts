import { describe, expect, it } from 'vitest';
import { figure9 } from '../../scenario/presets/figure9';
import { formatIssue, parseScenarioDocument, scenarioDocument } from '../../scenario/schema';
import { applyDraft, draftOf, numberOf, offsetOf } from './editor-model';

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

  it('reads numbers strictly and finds line:column offsets', () => {
    expect(numberOf(' 42 ')).toBe(42);
    expect(Number.isNaN(numberOf(''))).toBe(true);
    expect(Number.isNaN(numberOf('1e3'))).toBe(true);
    expect(offsetOf('ab\ncde\nf', 2, 2)).toBe(4);
    expect(offsetOf('ab', 9, 1)).toBe(2);
  });
});
