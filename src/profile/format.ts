import type { Diagnostic } from './types';

/** `line 7:24 error: … (in "VIPADISTRIBUTE …")` — one line per diagnostic for logs and the CLI. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.statement ? ` (in "${d.statement}")` : '';
  return `line ${d.line}:${d.column} ${d.severity}: ${d.message}${where}`;
}
