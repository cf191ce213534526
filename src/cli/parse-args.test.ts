import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';
import { DEFAULT_UNTIL_US, parseArgs, type RunArgs } from './parse-args';

const run = (...argv: string[]) => {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.value as RunArgs;
};
const error = (...argv: string[]) => {
  const r = parseArgs(argv);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('durations', () => {
  it('takes µs, ms and s, with decimals, as integer microseconds', () => {
    const us = (t: string) => {
      const d = parseDuration(t);
      return d.ok ? d.us : d.error;
    };
    expect([us('500ms'), us('2s'), us('1.5s'), us('250us'), us('250µs'), us('0.001ms')]).toEqual([
      500_000, 2_000_000, 1_500_000, 250, 250, 1,
    ]);
  });

  it('refuses bare numbers, other units, negatives and sub-µs values', () => {
    for (const t of ['2', '2m', '-1s', '1.5us', 's', '1e3ms', '']) expect(parseDuration(t).ok, t).toBe(false);
    const bare = parseDuration('2');
    expect(bare.ok ? '' : bare.error).toMatch(/use e\.g\. 500ms/);
  });

  it('formats for people', () => {
    expect([formatDuration(1_500_000), formatDuration(500_200), formatDuration(200)]).toEqual([
      '1.500 s',
      '500.2 ms',
      '200 µs',
    ]);
  });
});

describe('parseArgs', () => {
  it('parses a full run line, both --flag value and --flag=value', () => {
    expect(
      run(
        'run',
        'figure9',
        '--seed',
        '7',
        '--until=5s',
        '--kill',
        'MVS1@1s',
        '--stop=MVS2@1.5s',
        '--restart',
        'MVS1@3s',
        '--mode',
        'default',
        '--pcap',
        'a.pcap',
        '--keys',
        'k',
        '--json',
      ),
    ).toEqual({
      command: 'run',
      source: 'figure9',
      seed: 7,
      untilUs: 5_000_000,
      faults: [
        { node: 'MVS1', action: 'kill', atUs: 1_000_000, flag: '--kill MVS1@1s' },
        { node: 'MVS2', action: 'stop', atUs: 1_500_000, flag: '--stop MVS2@1.5s' },
        { node: 'MVS1', action: 'restart', atUs: 3_000_000, flag: '--restart MVS1@3s' },
      ],
      mode: 'default',
      pcap: 'a.pcap',
      keys: 'k',
      json: true,
    });
  });

  it('has defaults: the scenario’s seed, 10 s, no faults, the scenario’s mode, tables', () => {
    expect(run('run', 'x.json')).toMatchObject({
      seed: null,
      untilUs: DEFAULT_UNTIL_US,
      faults: [],
      mode: null,
      pcap: null,
      keys: null,
      json: false,
    });
  });

  it('knows help and presets', () => {
    expect(parseArgs(['--help'])).toEqual({ ok: true, value: { command: 'help' } });
    expect(parseArgs(['run', 'figure9', '-h'])).toEqual({ ok: true, value: { command: 'help' } });
    expect(parseArgs(['presets'])).toEqual({ ok: true, value: { command: 'presets' } });
  });

  it('gives one clear line for every bad argument', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [['walk'], /unknown command 'walk'/],
      [['presets', 'x'], /presets takes no arguments/],
      [['run'], /needs a preset id or a scenario JSON file/],
      [['run', 'a', 'b'], /unexpected argument 'b'/],
      [['run', 'figure9', '--frobnicate'], /unknown option --frobnicate/],
      [['run', 'figure9', '--json=yes'], /--json takes no value/],
      [['run', 'figure9', '--until'], /--until needs a value/],
      [['run', 'figure9', '--pcap='], /--pcap needs a value/],
      [['run', 'figure9', '--until', '10'], /bad --until: bad duration '10'/],
      [['run', 'figure9', '--until', '0s'], /must be more than 0/],
      [['run', 'figure9', '--until', '1s', '--until', '2s'], /--until given twice/],
      [['run', 'figure9', '--seed', '-3'], /bad --seed '-3'/],
      [['run', 'figure9', '--seed', '4294967296'], /bad --seed/],
      [['run', 'figure9', '--seed', '1.5'], /bad --seed/],
      [['run', 'figure9', '--kill', 'MVS1'], /bad --kill MVS1: use NODE@TIME/],
      [['run', 'figure9', '--restart', 'MVS1@soon'], /bad --restart MVS1@soon: bad duration 'soon'/],
      [['run', 'figure9', '--stop', '@2s'], /bad --stop @2s: use NODE@TIME/],
      [['run', 'figure9', '--mode', 'turbo'], /unknown mode 'turbo': default, no-recovery, not-distributed/],
      [
        ['run', 'figure9', '--until', '2s', '--kill', 'MVS1@3s'],
        /--kill MVS1@3s is after the end of the run/,
      ],
    ];
    for (const [argv, re] of cases) {
      const e = error(...argv);
      expect(e, argv.join(' ')).toMatch(re);
      expect(e).not.toContain('\n');
    }
  });
});
