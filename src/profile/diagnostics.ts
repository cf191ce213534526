import type { Token } from './tokens';
import type { Diagnostic, Severity } from './types';

// Collects diagnostics; each one points at a token and names the statement it belongs to.

const LABEL_MAX = 60;

/** "VIPADISTRIBUTE DEFINE … DESTIP 10.255.0.1 …", shortened so a message stays one line. */
export function statementLabel(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) {
    const next = s ? `${s} ${t.text}` : t.text;
    if (next.length > LABEL_MAX) return `${s || t.text.slice(0, LABEL_MAX)} …`;
    s = next;
  }
  return s;
}

export interface Place {
  line: number;
  column: number;
  endColumn?: number;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  /** `at` is normally a token; a recorded position without an end is accepted too. */
  add(severity: Severity, at: Place, statement: string, code: string, message: string): void {
    this.list.push({
      severity,
      line: at.line,
      column: at.column,
      ...(at.endColumn === undefined ? {} : { endColumn: at.endColumn }),
      statement,
      message,
      code,
    });
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
}
