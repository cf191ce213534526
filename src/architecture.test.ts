import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md §4: layers, lower ones know nothing of higher ones. This reads every import under src/
// and fails when one points upward (or sideways into a layer of the same rank that is not its own).
// Production code only: test files may import from above to run real parts together.
const RANK: Record<string, number> = {
  wire: 0,
  sim: 1,
  ipsec: 2,
  profile: 2,
  nodes: 3,
  scenario: 4,
  runtime: 5,
  store: 6,
  cli: 6,
  ui: 7,
};
const SRC = resolve(__dirname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}
const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;

describe('layering (DESIGN.md §4)', () => {
  it('knows every folder under src/', () => {
    const dirs = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());
    for (const d of dirs) expect(RANK, `src/${d} needs a rank`).toHaveProperty(d);
  });

  it('has no import from a lower layer into a higher one', () => {
    const violations: string[] = [];
    for (const file of files(SRC)) {
      const from = layerOf(file);
      // Tests may reach up a layer to drive real parts together (e.g. an actor through a runtime).
      if (!(from in RANK) || /\.test\.tsx?$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
        const to = layerOf(resolve(file, '..', m[1]!));
        if (to === from || !(to in RANK)) continue;
        if (RANK[to]! >= RANK[from]!) violations.push(`${relative(SRC, file)} imports ${to}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
