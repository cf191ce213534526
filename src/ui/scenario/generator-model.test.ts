import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../profile';
import { DEFAULT_GENERATOR, generateFromDraft, totalConnections } from './generator-model';

// The generator form: what it accepts, what it refuses (one line per problem), and that what it
// makes is a scenario the schema accepts, up to 32 stacks and 4 DVIPAs.

describe('generateFromDraft', () => {
  it('makes the default sysplex', () => {
    const r = generateFromDraft(DEFAULT_GENERATOR);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.stacks).toHaveLength(16);
    expect(r.scenario.ipsec?.protect).toHaveLength(3);
  });

  it('makes 32 stacks with 4 DVIPAs whose profiles parse clean', () => {
    const r = generateFromDraft({ ...DEFAULT_GENERATOR, stacks: '32', dvipas: '4', distMethod: 'mixed' });
    expect(r.ok ? [] : r.issues).toEqual([]);
    if (!r.ok) return;
    expect(r.scenario.stacks.map((s) => s.name).at(-1)).toBe('MVS32');
    expect(r.scenario.clients[0]!.targets).toHaveLength(4);
    for (const s of r.scenario.stacks) expect(parseProfile(s.profile).diagnostics).toEqual([]);
  });

  it('refuses what is out of bounds or not a number, one line each', () => {
    const r = generateFromDraft({ ...DEFAULT_GENERATOR, stacks: '33', dvipas: '5', seed: 'x' });
    expect(r.ok ? [] : r.issues).toEqual([
      'Stacks: a whole number from 2 to 32 (got “33”)',
      'DVIPAs: a whole number from 1 to 4 (got “5”)',
      'Seed: a whole number from 0 to 4294967295 (got “x”)',
    ]);
    const b = generateFromDraft({ ...DEFAULT_GENERATOR, stacks: '4', backupsPerDvipa: '4' });
    expect(b.ok ? [] : b.issues).toEqual(['Backups per DVIPA: at most 3 with 4 stacks']);
  });

  it('refuses more connections than a scenario may have', () => {
    const d = { ...DEFAULT_GENERATOR, clients: '50', dvipas: '4', connections: '1000' };
    expect(totalConnections(d)).toBe(200_000);
    const r = generateFromDraft(d);
    expect(r.ok ? [] : r.issues).toEqual(['200000 connections in all; at most 100000']);
  });
});
