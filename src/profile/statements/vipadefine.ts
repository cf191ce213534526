import type { VipaDefineStmt } from '../ast';
import type { Cursor, MaskValue } from '../cursor';
import { maskPrefixLength, parseIpv4 } from '../ipv4';
import { SERVICEMGR } from '../keywords';
import { dvipaList, optMoveableDvipa, rejectIpv6, rejectTier } from './common';

// VIPADEFINE (z/OS IP Configuration Reference, VIPADYNAMIC - VIPADEFINE; parameters in order):
//   VIPADEFine [TIER1|TIER2|CPCSCOPE] [MOVEable IMMEDiate | MOVEable WHENIDLE] [SERVICEMGR]
//              address_mask ipv4_addr [ipv4_addr …]
// MOVEABLE IMMEDIATE is the default (Netstat VIPADCFG shows "Moveable: Immediate" when it is not
// coded).

export function parseVipaDefine(c: Cursor): VipaDefineStmt {
  rejectTier(c);
  const moveable = optMoveableDvipa(c) ?? 'IMMEDIATE';
  const serviceMgr = c.optKeyword(SERVICEMGR) !== undefined;
  rejectIpv6(c);
  const mask = requiredMask(c);
  const addrs = dvipaList(c);
  return {
    kind: 'VIPADEFINE',
    keywordTok: c.keywordToken,
    label: c.label,
    moveable,
    serviceMgr,
    mask,
    addrs,
  };
}

/** The address mask, with a specific message when it was left out (the source's own examples omit
 * it: "VIPADefine MOVEable IMMEDIATE DVA1"). */
export function requiredMask(c: Cursor): MaskValue {
  const t = c.peek();
  if (t && parseIpv4(t.text) !== undefined && maskPrefixLength(parseIpv4(t.text)!) === undefined) {
    const after = c.tokens[c.tokens.indexOf(t) + 1];
    if (!after || parseIpv4(after.text) === undefined) {
      c.fail(
        t,
        'missing-mask',
        `${c.name}: the address mask is missing: write it before the address, e.g. 255.255.255.0 ${t.text}`,
      );
    }
  }
  return c.mask('address mask').value;
}
