import { parseDuration } from './duration';

// The command line of `npm run emu`, parsed into a plain value or one error line. No I/O and no
// scenario knowledge here: node names and files are checked once the scenario is known.

export type NodeAction = 'kill' | 'stop' | 'restart';
export type Mode = 'default' | 'no-recovery' | 'not-distributed';
export const MODES: readonly Mode[] = ['default', 'no-recovery', 'not-distributed'];

export interface CliFault {
  node: string;
  action: NodeAction;
  atUs: number;
  /** As typed ("--kill MVS1@2s"), for error messages. */
  flag: string;
}

export interface RunArgs {
  command: 'run';
  /** A preset id or a path to a scenario JSON file. */
  source: string;
  seed: number | null;
  untilUs: number;
  faults: CliFault[];
  /** null: the scenario's own mode. */
  mode: Mode | null;
  pcap: string | null;
  keys: string | null;
  json: boolean;
}

export type Command = { command: 'help' } | { command: 'presets' } | RunArgs;
export type ParseResult = { ok: true; value: Command } | { ok: false; error: string };

export const DEFAULT_UNTIL_US = 10_000_000;

export const USAGE = `Usage:
  npm run emu -- run <preset|scenario.json> [options]   run a scenario headless, print its metrics
  npm run emu -- presets                                list the presets
  npm run emu -- --help                                 this text

Options of run:
  --seed N                  the PRNG seed (0 … 4294967295; default: the scenario's)
  --until T                 run until virtual time T (default 10s)
  --kill NODE@T             crash NODE at time T (repeatable)
  --stop NODE@T             stop NODE in a planned way at time T (repeatable)
  --restart NODE@T          restart NODE at time T (repeatable)
  --mode M                  default | no-recovery | not-distributed
  --pcap FILE               write every IPv4 frame that crossed a link as a pcap file
  --keys FILE               write Wireshark's esp_sa table to FILE and its
                            ikev2_decryption_table to FILE.ikev2
  --json                    print one JSON object instead of the tables

A scenario file is a bare scenario or a document the browser exported (Export scenario).
Times: 500ms, 2s, 1.5s, 250us. Exit codes: 0 done, 1 a node failed, 2 bad arguments.
Example: npm run emu -- run figure9 --kill MVS1@1s --restart MVS1@3s --until 5s`;

const VALUE_FLAGS = new Set([
  '--seed',
  '--until',
  '--kill',
  '--stop',
  '--restart',
  '--mode',
  '--pcap',
  '--keys',
]);
const BOOL_FLAGS = new Set(['--json', '--help', '-h']);

type Err = { ok: false; error: string };
const err = (error: string): Err => ({ ok: false, error });

function parseFault(action: NodeAction, value: string): CliFault | Err {
  const flag = `--${action} ${value}`;
  const m = /^([^@\s]+)@(.+)$/.exec(value);
  if (!m) return err(`bad ${flag}: use NODE@TIME, e.g. MVS1@2s`);
  const t = parseDuration(m[2]!);
  if (!t.ok) return err(`bad ${flag}: ${t.error}`);
  return { node: m[1]!, action, atUs: t.us, flag };
}

function parseSeed(value: string): number | Err {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff)
    return err(`bad --seed '${value}': an integer from 0 to 4294967295`);
  return Number(value);
}

const isErr = (v: unknown): v is Err => typeof v === 'object' && v !== null && (v as Err).ok === false;

export function parseArgs(argv: readonly string[]): ParseResult {
  const positional: string[] = [];
  const options: [string, string][] = [];
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    if (BOOL_FLAGS.has(name)) {
      if (eq >= 0) return err(`${name} takes no value`);
      flags.add(name);
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return err(`${name} needs a value`);
      options.push([name, value]);
    } else return err(`unknown option ${name} (see --help)`);
  }
  if (flags.has('--help') || flags.has('-h')) return { ok: true, value: { command: 'help' } };

  const [command, ...rest] = positional;
  if (command === undefined) return err('missing command: run or presets (see --help)');
  if (command === 'presets') {
    if (rest.length || options.length || flags.size) return err('presets takes no arguments');
    return { ok: true, value: { command: 'presets' } };
  }
  if (command !== 'run') return err(`unknown command '${command}': run or presets (see --help)`);
  if (rest.length === 0) return err('run needs a preset id or a scenario JSON file');
  if (rest.length > 1) return err(`unexpected argument '${rest[1]}'`);

  const run: RunArgs = {
    command: 'run',
    source: rest[0]!,
    seed: null,
    untilUs: DEFAULT_UNTIL_US,
    faults: [],
    mode: null,
    pcap: null,
    keys: null,
    json: flags.has('--json'),
  };
  const once = new Set<string>();
  for (const [name, value] of options) {
    const repeatable = name === '--kill' || name === '--stop' || name === '--restart';
    if (!repeatable && once.has(name)) return err(`${name} given twice`);
    once.add(name);
    switch (name) {
      case '--seed': {
        const s = parseSeed(value);
        if (isErr(s)) return s;
        run.seed = s;
        break;
      }
      case '--until': {
        const t = parseDuration(value);
        if (!t.ok) return err(`bad --until: ${t.error}`);
        if (t.us === 0) return err('bad --until: must be more than 0');
        run.untilUs = t.us;
        break;
      }
      case '--kill':
      case '--stop':
      case '--restart': {
        const f = parseFault(name.slice(2) as NodeAction, value);
        if (isErr(f)) return f;
        run.faults.push(f);
        break;
      }
      case '--mode':
        if (!(MODES as readonly string[]).includes(value))
          return err(`unknown mode '${value}': ${MODES.join(', ')}`);
        run.mode = value as Mode;
        break;
      case '--pcap':
        run.pcap = value;
        break;
      case '--keys':
        run.keys = value;
        break;
    }
  }
  for (const f of run.faults)
    if (f.atUs > run.untilUs) return err(`${f.flag} is after the end of the run (--until)`);
  return { ok: true, value: run };
}
