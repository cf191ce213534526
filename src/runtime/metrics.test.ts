import { beforeAll, describe, expect, it } from 'vitest';
import { phaseNote } from '../nodes/phase';
import { figure9 } from '../scenario/presets/figure9';
import type { Fault, Scenario } from '../scenario/types';
import type { TraceRecord } from '../sim/types';
import { InProcessRuntime } from './in-process';
import {
  computeMetrics,
  dropReason,
  failoverEpisodes,
  type RunMetrics,
  runMetrics,
  saCount,
  tracePhases,
} from './metrics';
import { ScenarioRun } from './scenario-run';

const DVA1 = '203.0.113.11';
const DVB1 = '203.0.113.21';

let index = 0;
const note = (
  time: number,
  node: string,
  summary: string,
  kind: TraceRecord['kind'] = 'note',
): TraceRecord => ({
  index: index++,
  event: 0,
  time,
  node,
  kind,
  summary,
});
const kill: Fault = { atUs: 1_000_000, node: 'MVS1', action: 'kill' };
const restart: Fault = { atUs: 3_000_000, node: 'MVS1', action: 'restart' };

describe('failover episodes from the trace', () => {
  // What the nodes wrote before the phase notes existed.
  const legacy = [
    note(1_500_050, 'CF', 'XCF group: MVS1 failed (no status for 500 ms)'),
    note(1_500_100, 'MVS5', `takeover: MVS5 takes DVIPA ${DVA1} over from MVS1 (backup rank 10)`),
    note(3_000_150, 'MVS5', `takeback: MVS5 gives DVIPA ${DVA1} back to MVS1`),
  ];
  const phases = [
    note(
      1_500_100,
      'MVS5',
      phaseNote({ kind: 'takeover-start', subject: DVA1, at: 'MVS5', text: 'reads the CF' }),
    ),
    note(
      1_530_000,
      'MVS5',
      phaseNote({
        kind: 'takeover-complete',
        subject: DVA1,
        at: 'MVS5',
        text: '2 SA set(s) renegotiated in 29.9 ms',
      }),
    ),
    note(
      3_000_100,
      'MVS1',
      phaseNote({ kind: 'takeback-start', subject: DVA1, at: 'MVS1', text: 'reads the CF' }),
    ),
    note(
      3_040_000,
      'MVS1',
      phaseNote({ kind: 'takeback-complete', subject: DVA1, at: 'MVS1', text: '1 SA renegotiated' }),
    ),
  ];

  it('reads the older notes alone: takeover and takeback start, detection, no completion', () => {
    const { takeovers, takebacks } = failoverEpisodes(tracePhases(legacy), [kill, restart]);
    expect(takeovers).toEqual([
      {
        dvipa: DVA1,
        from: 'MVS1',
        to: 'MVS5',
        fault: { node: 'MVS1', action: 'kill', atUs: 1_000_000 },
        detectedAtUs: 1_500_050,
        startAtUs: 1_500_100,
        completeAtUs: null,
        detectionUs: 500_050,
        completionUs: null,
        sasRenegotiated: 0,
      },
    ]);
    expect(takebacks).toMatchObject([
      {
        dvipa: DVA1,
        from: 'MVS5',
        to: 'MVS1',
        fault: { action: 'restart', atUs: 3_000_000 },
        completionUs: null,
      },
    ]);
  });

  it('prefers the phase notes, kind by kind: no double counting, completion and SA counts', () => {
    const { takeovers, takebacks } = failoverEpisodes(tracePhases([...legacy, ...phases]), [kill, restart]);
    expect(takeovers).toHaveLength(1);
    expect(takeovers[0]).toMatchObject({
      from: 'MVS1', // from the (legacy) detection of MVS1, the only failure-detected there is
      to: 'MVS5',
      detectionUs: 500_050,
      completionUs: 530_000,
      sasRenegotiated: 2,
    });
    expect(takebacks).toHaveLength(1);
    expect(takebacks[0]).toMatchObject({
      from: 'MVS5',
      to: 'MVS1',
      completionUs: 40_000,
      sasRenegotiated: 1,
    });
  });

  it('takes the first detection since the fault when several nodes note it, and the giver’s own fault', () => {
    const records = [
      note(700_000, 'CF', 'XCF group: MVS3 left (planned)'),
      note(1_200_000, 'MVS2', phaseNote({ kind: 'failure-detected', subject: 'MVS1', at: 'MVS2', text: '' })),
      note(1_300_000, 'MVS5', phaseNote({ kind: 'failure-detected', subject: 'MVS1', at: 'MVS5', text: '' })),
      ...phases.slice(0, 2),
    ];
    const faults: Fault[] = [{ atUs: 600_000, node: 'MVS3', action: 'stop' }, kill];
    const [t] = failoverEpisodes(tracePhases(records), faults).takeovers;
    expect(t).toMatchObject({
      from: 'MVS1',
      fault: { node: 'MVS1' },
      detectionUs: 200_000,
      completionUs: 530_000,
    });
  });

  it('has no fault when none matches (a takeover nobody caused in the timeline)', () => {
    const [t] = failoverEpisodes(tracePhases(legacy), []).takeovers;
    expect(t).toMatchObject({ fault: null, detectionUs: null, completionUs: null, detectedAtUs: 1_500_050 });
  });

  it('counts SAs in the texts the stacks write', () => {
    expect(saCount('MVS5 routes 203.0.113.11; 3 SA set(s) renegotiated in 12.0 ms')).toBe(3);
    expect(saCount('renegotiated 2 phase 2 SAs')).toBe(2);
    expect(saCount('reads the IPsec recovery records')).toBe(0);
  });

  it('names drop reasons of nodes, the CF and the kernel', () => {
    expect(dropReason(note(0, 'MVS1', 'drop (no-crt-entry): 198.51.100.7:20000 → …'))).toBe('no-crt-entry');
    expect(dropReason(note(0, 'CF', 'drop (bad-cf-frame): stack:MVS2: truncated', 'drop'))).toBe(
      'bad-cf-frame',
    );
    expect(dropReason(note(0, 'MVS1', 'dropped 1.2.3.4 → 5.6.7.8 TCP: node down', 'drop'))).toBe('node down');
    expect(dropReason(note(0, 'MVS1', 'dropped timer x: node failed: boom', 'drop'))).toBe('node failed');
    expect(dropReason(note(0, 'MVS1', 'send on unconnected port net', 'drop'))).toBe('unconnected port');
    expect(dropReason(note(0, 'MVS1', 'takeover: something'))).toBeNull();
  });

  it('reports a trimmed trace as incomplete', () => {
    const m = computeMetrics({
      status: { eventIndex: 9, time: 1, fingerprint: 'f' },
      records: [{ ...note(0, 'MVS1', 'x'), index: 5 }],
      views: [],
      faults: [],
    });
    expect(m.traceComplete).toBe(false);
    expect(m.owners).toEqual({});
  });
});

describe('runMetrics on Figure 9: MVS1 killed at 1 s, restarted at 3 s', () => {
  const scenario: Scenario = { ...figure9, faults: [kill, restart] };
  const at: Record<string, RunMetrics> = {};

  beforeAll(async () => {
    const run = new ScenarioRun(new InProcessRuntime(undefined, { traceLimit: 10_000_000 }));
    await run.load(scenario);
    for (const [name, t] of [
      ['before', 900_000],
      ['takenOver', 2_500_000],
      ['takenBack', 5_000_000],
    ] as const) {
      await run.run({ time: t });
      at[name] = await runMetrics(run);
    }
  });

  it('names the owner of each DVIPA before, during and after the failover', () => {
    expect(at.before!.owners).toEqual({ [DVA1]: ['MVS1'], [DVB1]: ['MVS5'] });
    expect(at.takenOver!.owners).toEqual({ [DVA1]: ['MVS5'], [DVB1]: ['MVS5'] });
    expect(at.takenBack!.owners).toEqual({ [DVA1]: ['MVS1'], [DVB1]: ['MVS5'] });
  });

  it('counts the connections: all 8 alive, then the 2 on MVS1’s own APP A lost', () => {
    expect(at.before!.connections).toEqual({ opened: 8, established: 8, alive: 8, failed: 0 });
    expect(at.takenOver!.connections).toMatchObject({ alive: 6, failed: 2 });
    expect(at.takenBack!.connections).toMatchObject({ alive: 6, failed: 2 });
    const b = at.takenBack!;
    expect(b.bytes.received).toBeGreaterThan(at.takenOver!.bytes.received);
    expect(b.bytes.duplicated).toBe(0);
    expect([b.responses.mismatches, b.responses.duplicates, b.responses.outOfOrder]).toEqual([0, 0, 0]);
  });

  it('times the takeover: detection ≈ the scenario’s failure detection delay', () => {
    expect(at.before!.takeovers).toEqual([]);
    const [t, more] = at.takenOver!.takeovers;
    expect(more).toBeUndefined();
    expect(t).toMatchObject({
      dvipa: DVA1,
      from: 'MVS1',
      to: 'MVS5',
      fault: { action: 'kill', atUs: 1_000_000 },
    });
    // The CF declares the member failed the whole delay after its last status arrived, which was
    // sent at most one status interval (a quarter of the delay) before the kill.
    const d = scenario.failureDetectionUs;
    expect(t!.detectionUs).toBeGreaterThanOrEqual(d - d / 4);
    expect(t!.detectionUs).toBeLessThanOrEqual(d + 2 * scenario.xcfLatencyUs);
    // With the phase notes: complete after detection; without them: not known.
    if (t!.completionUs !== null) expect(t!.completionUs).toBeGreaterThanOrEqual(t!.detectionUs!);
  });

  it('records the takeback after the restart, and the run’s events and fingerprint', () => {
    const m = at.takenBack!;
    expect(m.takebacks).toMatchObject([
      { dvipa: DVA1, from: 'MVS5', to: 'MVS1', fault: { action: 'restart' } },
    ]);
    expect(m.takebacks[0]!.startAtUs).toBeGreaterThanOrEqual(3_000_000);
    expect(m.timeUs).toBe(5_000_000);
    expect(m.events).toBeGreaterThan(at.takenOver!.events);
    expect(m.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(m.traceComplete).toBe(true);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('counts drops by reason, the kernel’s frames to the dead MVS1 included, and the frames by class', () => {
    const m = at.takenOver!;
    expect(m.drops['node down']).toBeGreaterThan(0);
    expect(at.before!.drops['node down']).toBeUndefined();
    // Client traffic is TCP, or ESP and GRE once IPsec protects it; XCF and CF frames are not IP.
    const data = m.frames.tcp + m.frames.esp + m.frames.gre;
    expect(data).toBeGreaterThan(0);
    expect(m.frames['non-ip']).toBeGreaterThan(0);
    expect(m.frames.total).toBe(
      data + m.frames.ike + m.frames.udp + m.frames['other-ip'] + m.frames['non-ip'],
    );
  });
});
