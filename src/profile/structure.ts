import {
  IPSEC_STATEMENTS,
  type Keyword,
  matchKeyword,
  OTHER_TOP_STATEMENTS,
  TOP_STATEMENTS,
  VIPADYNAMIC_STATEMENTS,
} from './keywords';
import type { Token } from './tokens';

// Where statements begin. Profile statements are free-form: a statement runs from its keyword up
// to the next token that begins a statement, across any number of lines, so
//     VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN 203.0.113.11
//       PORT 60
//       DESTIP 10.255.0.1
//              10.255.0.2
// is one statement. Which words begin a statement depends on the block the parser is in:
//   top level    IPCONFIG, IPSEC, VIPADYNAMIC, the other real top-level statements (skipped with
//                a warning), and the block statements (reported as out of place);
//   VIPADYNAMIC  the VIPA… statements and ENDVIPADYNAMIC; also IPCONFIG, IPSEC and VIPADYNAMIC,
//                and at the start of a line any other top-level statement but PORT and DELETE
//                (VIPADISTRIBUTE parameters), which all mean ENDVIPADYNAMIC was forgotten;
//   IPSEC        IPSECRULE, IPSEC6RULE and ENDIPSEC; also IPCONFIG, IPSEC and VIPADYNAMIC.

export type Block = 'top' | 'vipadynamic' | 'ipsec';
export type InnerBlock = Exclude<Block, 'top'>;

export type StatementKind =
  | { kind: 'statement'; keyword: Keyword; block: Block }
  /** a real statement the emulator skips */
  | { kind: 'other'; keyword: Keyword }
  | { kind: 'none' };

const NOT_BREAKING_IN_VIPADYNAMIC = new Set(['PORT', 'DELETE']);

function find(tok: Token, table: readonly Keyword[]): Keyword | undefined {
  const m = matchKeyword(tok.upper, table);
  return m.kind === 'match' ? m.keyword : undefined;
}

/** What `tok` begins when the parser is in `block`, if anything. */
export function classify(tok: Token, block: Block): StatementKind {
  const own =
    block === 'vipadynamic' ? VIPADYNAMIC_STATEMENTS : block === 'ipsec' ? IPSEC_STATEMENTS : undefined;
  if (own) {
    const k = find(tok, own);
    if (k) return { kind: 'statement', keyword: k, block };
  }
  const top = find(tok, TOP_STATEMENTS);
  if (top) return { kind: 'statement', keyword: top, block: 'top' };
  if (block === 'top') {
    const v = find(tok, VIPADYNAMIC_STATEMENTS);
    if (v) return { kind: 'statement', keyword: v, block: 'vipadynamic' };
    const i = find(tok, IPSEC_STATEMENTS);
    if (i) return { kind: 'statement', keyword: i, block: 'ipsec' };
  }
  const other = find(tok, OTHER_TOP_STATEMENTS);
  if (other && (block === 'top' || (tok.firstOnLine && !NOT_BREAKING_IN_VIPADYNAMIC.has(other.name)))) {
    return { kind: 'other', keyword: other };
  }
  return { kind: 'none' };
}

/** Index one past the last token of the statement that starts at `start`. */
export function statementEnd(tokens: readonly Token[], start: number, block: Block): number {
  let j = start + 1;
  while (j < tokens.length && classify(tokens[j]!, block).kind === 'none') j++;
  return j;
}

/** Statements that open a block, with the block their parameters and body belong to. */
export const OPENS: Readonly<Record<string, InnerBlock>> = { VIPADYNAMIC: 'vipadynamic', IPSEC: 'ipsec' };
export const CLOSES: Readonly<Record<string, InnerBlock>> = {
  ENDVIPADYNAMIC: 'vipadynamic',
  ENDIPSEC: 'ipsec',
};
