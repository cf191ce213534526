import { readFileSync, writeFileSync } from 'node:fs';
import { presets } from '../scenario/presets/index';
import { formatPresets, formatRun, runJson } from './format';
import { parseArgs, type RunArgs, USAGE } from './parse-args';
import { runHeadless } from './run-scenario';
import {
  applyArgs,
  isFileSource,
  presetScenario,
  type ScenarioResult,
  scenarioFromJson,
} from './scenario-input';

// `npm run emu -- …`: the headless command line. The only place with process and file I/O;
// everything it prints is built by the pure modules beside it. Exit codes: 0 done, 1 a node's
// handler threw during the run, 2 bad arguments or input.

function usageError(message: string): never {
  for (const line of message.split('\n')) process.stderr.write(`emu: ${line}\n`);
  process.exit(2);
}

function loadScenario(source: string): ScenarioResult {
  if (!isFileSource(source)) return presetScenario(source);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    return {
      ok: false,
      error: `cannot read ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    };
  }
  return scenarioFromJson(text, source);
}

function write(file: string, data: Uint8Array | string): void {
  try {
    writeFileSync(file, data);
  } catch (e) {
    usageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function run(args: RunArgs): Promise<number> {
  const loaded = loadScenario(args.source);
  if (!loaded.ok) usageError(loaded.error);
  const applied = applyArgs(loaded.scenario, args);
  if (!applied.ok) usageError(applied.error);
  const scenario = applied.scenario;
  const capture = args.pcap !== null || args.keys !== null;
  const res = await runHeadless(scenario, args.untilUs, { capture });
  const files: string[] = [];
  if (res.capture && args.pcap !== null) {
    write(args.pcap, res.capture.pcap);
    files.push(`${args.pcap} (${res.capture.frames} frames)`);
  }
  if (res.capture && args.keys !== null) {
    write(args.keys, res.capture.espSa);
    write(`${args.keys}.ikev2`, res.capture.ikev2);
    const espLines = res.capture.espSa.split('\n').filter(Boolean).length;
    const ikeLines = res.capture.ikev2.split('\n').filter((l) => l && !l.startsWith('#')).length;
    files.push(
      `${args.keys} (esp_sa, ${espLines} SAs)`,
      `${args.keys}.ikev2 (ikev2_decryption_table, ${ikeLines} IKE SAs)`,
    );
  }
  const header = { scenario, untilUs: args.untilUs };
  const extra = { failures: res.failures, files };
  process.stdout.write(
    args.json
      ? `${JSON.stringify(runJson(header, res.metrics, extra))}\n`
      : `${formatRun(header, res.metrics, extra)}\n`,
  );
  return res.failures.length ? 1 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) usageError(parsed.error);
  const cmd = parsed.value;
  switch (cmd.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'presets':
      process.stdout.write(`${formatPresets(presets)}\n`);
      return 0;
    case 'run':
      return run(cmd);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`emu: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
