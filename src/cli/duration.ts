// Durations on the command line: "500ms", "2s", "1.5s", "250us" (or "250µs") → integer
// microseconds of virtual time. A bare number is refused: its unit would be a guess.

const UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000 };

export function parseDuration(text: string): { ok: true; us: number } | { ok: false; error: string } {
  const m = /^(\d+(?:\.\d+)?)(us|µs|ms|s)$/.exec(text.trim());
  if (!m) return { ok: false, error: `bad duration '${text}' (use e.g. 500ms, 2s, 1.5s, 250us)` };
  const us = Number(m[1]) * UNIT_US[m[2]!]!;
  const whole = Math.round(us);
  if (Math.abs(us - whole) > 1e-6) return { ok: false, error: `bad duration '${text}': finer than 1 µs` };
  if (!Number.isSafeInteger(whole)) return { ok: false, error: `bad duration '${text}': too long` };
  return { ok: true, us: whole };
}

/** 1500000 → "1.500 s", 500200 → "500.2 ms", 200 → "200 µs". */
export function formatDuration(us: number): string {
  const a = Math.abs(us);
  if (a >= 1_000_000) return `${(us / 1_000_000).toFixed(3)} s`;
  if (a >= 1_000) return `${(us / 1_000).toFixed(1)} ms`;
  return `${us} µs`;
}
