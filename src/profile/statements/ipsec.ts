import type { IpsecRuleStmt, IpsecStmt } from '../ast';
import type { Cursor } from '../cursor';
import { IPSEC_PARAMS } from '../keywords';

// IPSEC (z/OS IP Configuration Reference, IPSEC statement):
//   IPSEC [DVIPsec [DVLOCALFLTR]] [LOGDISable|LOGENable] [NOLOGImplicit|LOGImplicit]
//     [IPSECRule …] [IPSEC6Rule …]
//   ENDIPSEC
// DVIPSEC (Sysplex-wide IPsec for DVIPAs) is what the emulator needs; logging options are accepted
// with an info diagnostic. The filter rules are kept as text: the emulated policy comes from the
// scenario, not from these rules.

export function parseIpsec(c: Cursor): IpsecStmt {
  const stmt: IpsecStmt = { kind: 'IPSEC', keywordTok: c.keywordToken, label: c.label, dvipsec: false };
  while (!c.atEnd()) {
    const t = c.peek()!;
    if (!/^[A-Za-z]/.test(t.text)) c.unexpected(t);
    const k = c.keyword(IPSEC_PARAMS, 'DVIPSEC, DVLOCALFLTR, a logging option or an IPSECRULE');
    if (k.value.name === 'DVIPSEC') stmt.dvipsec = true;
    else c.info(k.tok, 'not-emulated', `IPSEC ${k.value.name} is accepted but not emulated`);
  }
  return stmt;
}

export function parseIpsecRule(c: Cursor): IpsecRuleStmt {
  if (c.atEnd())
    c.fail(undefined, 'missing-value', `${c.name}: the source and destination addresses are missing`);
  const text = c.tokens.map((t) => t.text).join(' ');
  while (c.next());
  return { kind: 'IPSECRULE', keywordTok: c.keywordToken, label: c.label, text };
}
