import { mkdirSync, writeFileSync } from 'node:fs';
import { type Figure, formatFigure, type Suite } from './harness';
import { fingerprintSuite } from './suites/fingerprint';

// npm run bench [-- --json] [-- --only NAME]
const suites: Suite[] = [fingerprintSuite];

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;

const figures: Figure[] = [];
for (const suite of suites) {
  if (only && suite.name !== only) continue;
  const got = await suite.run();
  figures.push(...got);
  if (!json) for (const f of got) console.log(formatFigure(f));
}
const summary = { date: new Date().toISOString(), node: process.version, figures };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(summary, null, 2)}\n`);
if (json) console.log(JSON.stringify(summary));
