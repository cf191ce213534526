import { describe, expect, it } from 'vitest';
import { addSample, checkInvariants, type MetricSample, movesInProgress } from './metrics';
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

describe('the metric samples', () => {
  const at = (event: number, gap?: true): MetricSample => ({
    ...sample,
    event,
    time: event,
    ...(gap ? { gap } : {}),
  });

  it('forget the samples at and after a new one (a seek back), and keep the ones before', () => {
    const s = [at(1), at(2), at(3, true), at(4)];
    expect(addSample(s, at(3), 10).map((x) => [x.event, x.gap ?? false])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
  });

  it('halve past the maximum, moving a dropped gap on to the next sample kept', () => {
    const s = [at(0), at(1), at(2), at(3, true), at(4), at(5)];
    const out = addSample(s, at(6), 6);
    expect(out.map((x) => x.event)).toEqual([0, 2, 4, 6]);
    expect(out.map((x) => x.gap ?? false)).toEqual([false, false, true, false]);
    // The samples given are not changed.
    expect(s[4]!.gap).toBeUndefined();
  });
});
