import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Figure, formatFigure, type Suite } from './harness';

// npm run bench [-- --json] [-- --only NAME]
// Every bench/suites/*.ts exporting `suite: Suite` is run, in file-name order.
const here = dirname(fileURLToPath(import.meta.url));
const suiteDir = join(here, 'suites');
const suites: Suite[] = [];
for (const file of readdirSync(suiteDir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const mod = (await import(pathToFileURL(join(suiteDir, file)).href)) as { suite?: Suite };
  if (mod.suite) suites.push(mod.suite);
}

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
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
if (json) console.log(JSON.stringify(summary));
