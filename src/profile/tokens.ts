// The lexer. A z/OS TCP/IP profile is a stream of blank-separated tokens; `;` starts a comment that
// runs to the end of the line; line ends carry no meaning, so a statement may continue on any
// number of following lines (statement boundaries are found by the parser, see ./structure).

export interface Token {
  text: string;
  /** text in upper case, for case-insensitive keyword matching */
  upper: string;
  /** 1-based line and column of the first character (UTF-16 code units) */
  line: number;
  column: number;
  /** one past the last character */
  endColumn: number;
  /** the first token on its line (used to tell a new statement from a continuation) */
  firstOnLine: boolean;
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\v' || /\s/.test(c);

/** Splits a profile into tokens. `,` is a token of its own so the parser can say that commas are
 * not separators in profile syntax (the source writes "DESTIP XCF1, XCF2"). Never throws. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let col = 1;
  let lineHasToken = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      col = 1;
      lineHasToken = false;
      continue;
    }
    if (c === ';') {
      while (i < n && text[i] !== '\r' && text[i] !== '\n') {
        i++;
        col++;
      }
      continue;
    }
    if (isBlank(c)) {
      i++;
      col++;
      continue;
    }
    const start = i;
    const startCol = col;
    if (c === ',') {
      i++;
      col++;
    } else {
      while (i < n) {
        const d = text[i]!;
        if (d === '\r' || d === '\n' || d === ';' || d === ',' || isBlank(d)) break;
        i++;
        col++;
      }
    }
    const t = text.slice(start, i);
    tokens.push({
      text: t,
      upper: t.toUpperCase(),
      line,
      column: startCol,
      endColumn: col,
      firstOnLine: !lineHasToken,
    });
    lineHasToken = true;
  }
  return tokens;
}
