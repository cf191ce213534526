import { describe, expect, it } from 'vitest';
import { checkInvariants, type MetricSample, movesInProgress } from './metrics';
import type { StackSummary } from './roles';

const routing = (name: string, dvipa: string): StackSummary => ({
  name,
  up: true,
  failed: null,
  roles: [{ dvipa, routing: true, target: false, backupRank: null }],
  connections: 0,
  sas: null,
});
const sample: MetricSample = { event: 1, time: 1, alive: 8, verified: 3, failed: 0, badBytes: 0 };

describe('the invariant monitor', () => {
  const two = [routing('MVS1', 'D'), routing('MVS5', 'D')];

  it('breaks on two routing owners of one DVIPA', () => {
    expect(checkInvariants(two, sample, undefined, new Map())[0]!.state).toBe('broken');
  });

  it('calls two owners settling while a takeback of that DVIPA is under way', () => {
    const moving = movesInProgress([{ kind: 'takeback-start', subject: 'D' }]);
    expect(checkInvariants(two, sample, undefined, new Map(), moving)[0]!.state).toBe('settling');
    const done = movesInProgress([
      { kind: 'takeback-start', subject: 'D' },
      { kind: 'takeback-complete', subject: 'D' },
    ]);
    expect(done.size).toBe(0);
  });

  it('gives two owners a grace time to converge', () => {
    expect(
      checkInvariants(two, sample, undefined, new Map(), new Set(), () => 5_000, 1_000_000)[0]!.state,
    ).toBe('settling');
    expect(
      checkInvariants(two, sample, undefined, new Map(), new Set(), () => 2_000_000, 1_000_000)[0]!.state,
    ).toBe('broken');
  });

  it('breaks when an application byte is wrong', () => {
    expect(checkInvariants([], { ...sample, badBytes: 1 }, undefined, new Map())[1]!.state).toBe('broken');
  });
});
