import type { Diagnostics } from './diagnostics';
import { looksLikeIpv4, maskPrefixLength, parseIpv4, unicastProblem } from './ipv4';
import { describeTooShort, type Keyword, matchKeyword, suggestKeyword } from './keywords';
import type { Token } from './tokens';
import type { Ipv4 } from './types';

// A cursor over one statement's tokens with the typed expectations every statement parser needs.
// A syntax error throws SyntaxAbort, which the statement dispatcher turns into one diagnostic:
// z/OS stops at the first syntax error of a statement too, and it keeps the parsers linear.

export class SyntaxAbort {
  constructor(
    readonly at: Token,
    readonly code: string,
    readonly message: string,
  ) {}
}

export interface At<T> {
  value: T;
  tok: Token;
}

export interface MaskValue {
  mask: Ipv4;
  prefixLength: number;
}

const INT = /^\d+$/;

export class Cursor {
  private i = 1;

  constructor(
    /** The statement keyword followed by its parameters. */
    readonly tokens: readonly Token[],
    readonly diags: Diagnostics,
    readonly label: string,
    /** Names the statement in messages, e.g. VIPADISTRIBUTE. */
    readonly name: string,
    /** Keywords that could be meant when a stray word starts a line (for "did you mean"). */
    readonly statementHints: readonly Keyword[] = [],
  ) {}

  get keywordToken(): Token {
    return this.tokens[0]!;
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  next(): Token | undefined {
    const t = this.tokens[this.i];
    if (t) this.i++;
    return t;
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  /** The token to point at when something is missing: the last one of the statement. */
  private last(): Token {
    return this.tokens[this.tokens.length - 1]!;
  }

  fail(at: Token | undefined, code: string, message: string): never {
    throw new SyntaxAbort(at ?? this.last(), code, message);
  }

  warn(at: Token, code: string, message: string): void {
    this.diags.add('warning', at, this.label, code, message);
  }

  info(at: Token, code: string, message: string): void {
    this.diags.add('info', at, this.label, code, message);
  }

  private missing(what: string): never {
    return this.fail(
      undefined,
      'missing-value',
      `${this.name}: ${what} is missing after '${this.last().text}'`,
    );
  }

  /** Takes the next token if it is one of `table`; a too-short abbreviation of one is an error. */
  optKeyword(table: readonly Keyword[]): At<Keyword> | undefined {
    const t = this.peek();
    if (!t) return undefined;
    const m = matchKeyword(t.upper, table);
    if (m.kind === 'match') {
      this.i++;
      return { value: m.keyword, tok: t };
    }
    if (m.kind === 'short') this.fail(t, 'short-abbreviation', describeTooShort(t.text, m.candidates));
    return undefined;
  }

  keyword(table: readonly Keyword[], what: string): At<Keyword> {
    const k = this.optKeyword(table);
    if (k) return k;
    const t = this.peek();
    if (!t) return this.missing(what);
    // A word starting a line is more likely a mistyped statement than a bad parameter.
    if (t.firstOnLine) this.unexpected(t);
    const hint = suggestKeyword(t.upper, table);
    this.fail(
      t,
      'unexpected-token',
      `${this.name}: expected ${what}, found '${t.text}'${hint ? ` (did you mean ${hint.name}?)` : ''}`,
    );
  }

  ipv4(what: string): At<Ipv4> {
    const t = this.next();
    if (!t) return this.missing(what);
    const v = parseIpv4(t.text);
    if (v === undefined) {
      this.fail(
        t,
        'invalid-address',
        looksLikeIpv4(t.text)
          ? `${this.name}: '${t.text}' is not a valid IPv4 address (${what}): four numbers 0–255 separated by dots`
          : `${this.name}: expected ${what} (a dotted IPv4 address), found '${t.text}'`,
      );
    }
    return { value: v, tok: t };
  }

  /** An address that names a host (a DVIPA or a stack's XCF address). */
  hostAddress(what: string): At<Ipv4> {
    const a = this.ipv4(what);
    const problem = unicastProblem(a.value);
    if (problem) this.fail(a.tok, 'invalid-address', `${this.name}: ${what} ${a.tok.text} ${problem}`);
    return a;
  }

  mask(what: string): At<MaskValue> {
    const t = this.peek();
    if (!t) return this.missing(what);
    const a = this.ipv4(what);
    const prefixLength = maskPrefixLength(a.value);
    if (prefixLength === undefined || prefixLength === 0) {
      this.fail(
        t,
        'invalid-mask',
        `${this.name}: '${t.text}' is not a valid ${what}: it must be contiguous one bits followed by zero bits, such as 255.255.255.0`,
      );
    }
    return { value: { mask: a.value, prefixLength }, tok: t };
  }

  int(what: string, min: number, max: number): At<number> {
    const t = this.next();
    if (!t) return this.missing(what);
    if (!INT.test(t.text))
      this.fail(t, 'invalid-number', `${this.name}: expected ${what} (a number), found '${t.text}'`);
    const v = t.text.length > 9 ? Number.POSITIVE_INFINITY : Number(t.text);
    if (v < min || v > max) {
      this.fail(t, 'out-of-range', `${this.name}: ${what} ${t.text} is out of range ${min}–${max}`);
    }
    return { value: v, tok: t };
  }

  peekIsInt(): boolean {
    const t = this.peek();
    return t !== undefined && INT.test(t.text);
  }

  peekIsIpv4(): boolean {
    const t = this.peek();
    return t !== undefined && looksLikeIpv4(t.text);
  }

  /** Everything has been consumed; otherwise the first leftover token is the error. */
  expectEnd(): void {
    const t = this.peek();
    if (!t) return;
    this.unexpected(t);
  }

  unexpected(t: Token): never {
    if (t.text === ',') {
      this.fail(
        t,
        'comma',
        `${this.name}: ',' is not a separator in a z/OS profile; separate values with blanks`,
      );
    }
    const m = matchKeyword(t.upper, this.statementHints);
    if (m.kind === 'short') this.fail(t, 'short-abbreviation', describeTooShort(t.text, m.candidates));
    if (t.firstOnLine && /^[A-Za-z]/.test(t.text)) {
      const hint = suggestKeyword(t.upper, this.statementHints);
      this.fail(
        t,
        'unknown-statement',
        `'${t.text}' is not a statement here and not a parameter of the ${this.name} on line ${this.keywordToken.line}${hint ? ` (did you mean ${hint.name}?)` : ''}`,
      );
    }
    this.fail(t, 'unexpected-token', `${this.name}: unexpected '${t.text}'`);
  }
}
