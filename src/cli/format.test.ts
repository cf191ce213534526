import { describe, expect, it } from 'vitest';
import type { RunMetrics } from '../runtime/metrics';
import { figure9 } from '../scenario/presets/figure9';
import { formatPresets, formatRun, runJson, table } from './format';

const metrics: RunMetrics = {
  events: 48_273,
  timeUs: 5_000_000,
  fingerprint: 'ab'.repeat(32),
  traceComplete: true,
  connections: { opened: 8, established: 8, alive: 6, failed: 2 },
  bytes: { sent: 67_808, received: 66_576, lost: 4_576, duplicated: 0 },
  responses: { verified: 304, mismatches: 0, duplicates: 0, outOfOrder: 0 },
  takeovers: [
    {
      dvipa: '203.0.113.11',
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
  ],
  takebacks: [],
  drops: { 'no-crt-entry': 14, 'node down': 32 },
  owners: { '203.0.113.11': ['MVS1', 'MVS5'], '203.0.113.21': [] },
  cfRecords: 4,
  frames: { total: 3_708, esp: 0, gre: 0, ike: 0, tcp: 3_435, udp: 5, 'other-ip': 0, 'non-ip': 268 },
};
const header = {
  scenario: { ...figure9, faults: [{ atUs: 1_000_000, node: 'MVS1', action: 'kill' as const }] },
  untilUs: 5_000_000,
};

describe('formatting a run', () => {
  it('aligns table columns', () => {
    expect(
      table([
        ['a', 'bbb', 'c'],
        ['dddd', 'e', 'f'],
      ]),
    ).toBe('  a     bbb  c\n  dddd  e    f');
  });

  it('prints the run as tables: counts, owners (conflicts and gaps marked), episodes, drops, fingerprint', () => {
    const text = formatRun(header, metrics, {
      failures: ['node MVS2 (stack) threw'],
      files: ['x.pcap (3 frames)'],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('figure9: Figure 9: five-stack sysplex, DVA1 and DVB1');
    expect(lines[1]).toBe('seed 1, until 5.000 s, faults: kill MVS1 @ 1.000 s');
    expect(text).toContain('run          48,273 events, virtual time 5.000 s');
    expect(text).toContain('connections  opened 8, established 8, alive 6, failed 2');
    expect(text).toContain('frames       3,708 (tcp 3,435, udp 5, XCF/CF 268)');
    expect(text).toContain('  203.0.113.11  MVS1, MVS5 (CONFLICT)\n  203.0.113.21  (none: unavailable)');
    expect(text).toContain(
      'takeovers\n' +
        '  DVIPA         from  to    fault                detected after  complete after  SAs\n' +
        '  203.0.113.11  MVS1  MVS5  kill MVS1 @ 1.000 s  500.1 ms        -               0',
    );
    expect(text).toContain('takebacks: none');
    expect(text).toContain('drops\n  node down     32\n  no-crt-entry  14');
    expect(text).toContain('node failure: node MVS2 (stack) threw');
    expect(text).toContain('wrote x.pcap (3 frames)');
    expect(lines.at(-1)).toBe(`fingerprint ${'ab'.repeat(32)}`);
    expect(text).not.toContain('trimmed');
    expect(formatRun(header, { ...metrics, traceComplete: false })).toContain('the trace was trimmed');
  });

  it('gives --json one object with what was run and every metric', () => {
    const o = JSON.parse(JSON.stringify(runJson(header, metrics)));
    expect(o).toMatchObject({
      scenario: { id: 'figure9', seed: 1, untilUs: 5_000_000 },
      failures: [],
      files: [],
    });
    for (const k of [
      'fingerprint',
      'events',
      'connections',
      'bytes',
      'takeovers',
      'takebacks',
      'drops',
      'owners',
    ])
      expect(o).toHaveProperty(k);
  });

  it('lists the presets, the default first', () => {
    expect(formatPresets([figure9])).toBe('figure9 (default)  Figure 9: five-stack sysplex, DVA1 and DVB1');
  });
});
