// Benchmarks measure side by side in one run and report ratios (DEVELOPERS: never a timing in a
// unit test). Each suite returns figures; the runner prints them or one JSON object (--json).

export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  /** value / baseline value, when the figure is compared against a baseline in the same run. */
  ratio?: number;
  baseline?: string;
  goal?: string;
}

export interface Suite {
  name: string;
  run: () => Promise<Figure[]>;
}

/** Operations per second of fn, run for at least minMs after a warm-up. */
export async function opsPerSecond(fn: () => unknown | Promise<unknown>, minMs = 400): Promise<number> {
  const warmUntil = performance.now() + minMs / 4;
  while (performance.now() < warmUntil) await fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    await fn();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/**
 * Measures a and b interleaved in rounds so machine noise hits both alike; returns the medians.
 */
export async function sideBySide(
  a: () => unknown | Promise<unknown>,
  b: () => unknown | Promise<unknown>,
  rounds = 5,
  msPerRound = 200,
): Promise<{ a: number; b: number; ratio: number }> {
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(await opsPerSecond(a, msPerRound));
    rb.push(await opsPerSecond(b, msPerRound));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const ma = median(ra);
  const mb = median(rb);
  return { a: ma, b: mb, ratio: ma / mb };
}

export function formatFigure(f: Figure): string {
  const v = f.value >= 100 ? Math.round(f.value).toLocaleString('en-US') : f.value.toFixed(2);
  const r = f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(2)} vs ${f.baseline}`;
  const g = f.goal ? `  (goal ${f.goal})` : '';
  return `${f.suite.padEnd(12)} ${f.name.padEnd(48)} ${v.padStart(14)} ${f.unit}${r}${g}`;
}
