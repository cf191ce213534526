import type { Statement } from './ast';
import { ProfileBuilder } from './builder';
import { Cursor, SyntaxAbort } from './cursor';
import { Diagnostics, statementLabel } from './diagnostics';
import {
  describeTooShort,
  IPSEC_STATEMENTS,
  type Keyword,
  matchKeyword,
  OTHER_TOP_STATEMENTS,
  suggestKeyword,
  TOP_STATEMENTS,
  VIPADYNAMIC_STATEMENTS,
} from './keywords';
import { parseIpconfig } from './statements/ipconfig';
import { parseIpsec, parseIpsecRule } from './statements/ipsec';
import { parseVipaBackup } from './statements/vipabackup';
import { parseVipaDefine } from './statements/vipadefine';
import { parseVipaDelete } from './statements/vipadelete';
import { parseVipaDistribute } from './statements/vipadistribute';
import { parseVipaRange } from './statements/viparange';
import { type Block, CLOSES, classify, type InnerBlock, OPENS, statementEnd } from './structure';
import { type Token, tokenize } from './tokens';
import type { Diagnostic, ParseResult, StackProfile } from './types';

// The entry point: tokens → statements (./structure) → syntax (./statements) → semantics
// (./builder). Never throws: every problem, even a bug in here, becomes a diagnostic.

const ALL_STATEMENTS: readonly Keyword[] = [
  ...TOP_STATEMENTS,
  ...VIPADYNAMIC_STATEMENTS,
  ...IPSEC_STATEMENTS,
  ...OTHER_TOP_STATEMENTS,
];

const BLOCK_NAME: Record<InnerBlock, { open: string; close: string }> = {
  vipadynamic: { open: 'VIPADYNAMIC', close: 'ENDVIPADYNAMIC' },
  ipsec: { open: 'IPSEC', close: 'ENDIPSEC' },
};

function parseStatement(c: Cursor, name: string): Statement | undefined {
  switch (name) {
    case 'IPCONFIG':
      return parseIpconfig(c);
    case 'IPSEC':
      return parseIpsec(c);
    case 'IPSECRULE':
    case 'IPSEC6RULE':
      return parseIpsecRule(c);
    case 'VIPADEFINE':
      return parseVipaDefine(c);
    case 'VIPABACKUP':
      return parseVipaBackup(c);
    case 'VIPADELETE':
      return parseVipaDelete(c);
    case 'VIPARANGE':
      return parseVipaRange(c);
    case 'VIPADISTRIBUTE':
      return parseVipaDistribute(c);
    case 'VIPAROUTE':
    case 'VIPASMPARMS':
      c.warn(
        c.keywordToken,
        'not-emulated',
        `${name} is accepted but not emulated; the statement is skipped`,
      );
      return undefined;
    default:
      // VIPADYNAMIC and the END statements take no parameters.
      c.expectEnd();
      return undefined;
  }
}

function apply(b: ProfileBuilder, s: Statement): void {
  switch (s.kind) {
    case 'IPCONFIG':
      b.ipconfig(s);
      return;
    case 'IPSEC':
      b.ipsec(s);
      return;
    case 'IPSECRULE':
      b.ipsecRule(s);
      return;
    case 'VIPADEFINE':
      b.vipaDefine(s);
      return;
    case 'VIPABACKUP':
      b.vipaBackup(s);
      return;
    case 'VIPADELETE':
      b.vipaDelete(s);
      return;
    case 'VIPARANGE':
      b.vipaRange(s);
      return;
    case 'VIPADISTRIBUTE':
      b.vipaDistribute(s);
      return;
  }
}

/** Where a mistyped statement starts inside the statement that runs from `start` to `end`: a word
 * at the start of a line that is too short an abbreviation of a statement, or that begins like
 * one (VIPA…, END…; no parameter does). It becomes a statement of its own, reported as unknown,
 * instead of spoiling the statement before it. */
function strayStart(tokens: readonly Token[], start: number, end: number): number {
  for (let k = start + 1; k < end; k++) {
    const t = tokens[k]!;
    if (!t.firstOnLine || !/^[A-Z]/.test(t.upper)) continue;
    if (/^(VIPA|END)/.test(t.upper) || matchKeyword(t.upper, ALL_STATEMENTS).kind === 'short') return k;
  }
  return end;
}

function run(tokens: readonly Token[], diags: Diagnostics, builder: ProfileBuilder): void {
  let block: Block = 'top';
  let opener: Token | undefined;
  /** z/OS: "Syntax errors in a VIPADYNAMIC block end further processing of the VIPADYNAMIC
   * block". Later statements are still checked, so every error shows at once, but not applied. */
  let broken = false;

  const unclosed = (before: Token) => {
    if (block === 'top' || !opener) return;
    const { open, close } = BLOCK_NAME[block];
    diags.add(
      'error',
      opener,
      open,
      'unclosed-block',
      `the ${open} block is not closed: ${close} is missing before ${before.text} on line ${before.line}`,
    );
    block = 'top';
    opener = undefined;
  };

  const breakBlock = (at: Token, label: string) => {
    if (block !== 'vipadynamic' || broken) return;
    broken = true;
    diags.add(
      'info',
      at,
      label,
      'block-ignored',
      'as z/OS does after a syntax error, the rest of this VIPADYNAMIC block is not applied (it is still checked)',
    );
  };

  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i]!;
    const cls = classify(tok, block);
    if (cls.kind === 'statement' && cls.block === 'top' && block !== 'top') {
      unclosed(tok); // and look at the same token again at top level
      continue;
    }
    if (cls.kind === 'other' && block !== 'top') {
      unclosed(tok);
      continue;
    }
    if (cls.kind !== 'statement' || (block === 'top' && cls.block !== 'top')) {
      const end =
        cls.kind === 'none'
          ? strayStart(tokens, i, statementEnd(tokens, i, block))
          : statementEnd(tokens, i, 'top');
      const label = statementLabel(tokens.slice(i, end));
      if (cls.kind === 'other') {
        diags.add(
          'warning',
          tok,
          label,
          'not-emulated',
          `${cls.keyword.name} is a z/OS profile statement the emulator does not use; it is skipped`,
        );
      } else if (cls.kind === 'statement' && CLOSES[cls.keyword.name]) {
        const open = BLOCK_NAME[CLOSES[cls.keyword.name]!].open;
        diags.add('error', tok, label, 'unmatched-end', `${cls.keyword.name} without an open ${open} block`);
      } else if (cls.kind === 'statement') {
        const { open, close } = BLOCK_NAME[cls.block as InnerBlock];
        diags.add(
          'error',
          tok,
          label,
          'outside-block',
          `${cls.keyword.name} is only valid inside a ${open} … ${close} block`,
        );
      } else {
        const m = matchKeyword(tok.upper, ALL_STATEMENTS);
        const hint = suggestKeyword(tok.upper, ALL_STATEMENTS);
        if (m.kind === 'short')
          diags.add('error', tok, label, 'short-abbreviation', describeTooShort(tok.text, m.candidates));
        else {
          diags.add(
            'error',
            tok,
            label,
            'unknown-statement',
            `'${tok.text}' is not a known profile statement${hint ? ` (did you mean ${hint.name}?)` : ''}`,
          );
        }
      }
      if (cls.kind === 'none') breakBlock(tok, label);
      i = end;
      continue;
    }

    const name = cls.keyword.name;
    const end = strayStart(tokens, i, statementEnd(tokens, i, OPENS[name] ?? block));
    const stmtTokens = tokens.slice(i, end);
    i = end;
    const label = statementLabel(stmtTokens);
    const inBlock = block;
    if (OPENS[name]) {
      block = OPENS[name]!;
      opener = tok;
      broken = false;
    }
    const c = new Cursor(stmtTokens, diags, label, name, ALL_STATEMENTS);
    try {
      const s = parseStatement(c, name);
      if (s && !(broken && block === 'vipadynamic')) apply(builder, s);
    } catch (e) {
      if (!(e instanceof SyntaxAbort)) throw e;
      diags.add('error', e.at, label, e.code, e.message);
      // ENDVIPADYNAMIC's own error leaves nothing of the block to skip.
      if (!CLOSES[name]) breakBlock(e.at, label);
    }
    if (CLOSES[name] && inBlock === CLOSES[name]) {
      block = 'top';
      opener = undefined;
    }
  }
  const last: Block = block;
  if (last !== 'top' && opener) {
    const { open, close } = BLOCK_NAME[last];
    diags.add(
      'error',
      opener,
      open,
      'unclosed-block',
      `the ${open} block is not closed: ${close} is missing at the end of the profile`,
    );
  }
}

const byPosition = (a: Diagnostic, b: Diagnostic) => a.line - b.line || a.column - b.column;

/** Parses one stack's TCP/IP profile. Never throws. */
export function parseProfile(text: string): ParseResult {
  const diags = new Diagnostics();
  const builder = new ProfileBuilder(diags);
  let profile: StackProfile;
  try {
    run(tokenize(String(text)), diags, builder);
    profile = builder.finish();
  } catch (e) {
    let why = 'unknown';
    try {
      why = e instanceof Error ? e.message : String(e);
    } catch {
      // keep 'unknown'
    }
    diags.add('error', { line: 1, column: 1 }, '', 'internal-error', `internal parser error: ${why}`);
    profile = builder.profile;
  }
  const diagnostics = [...diags.list].sort(byPosition);
  return { profile, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
}
