import type { VipaBackupStmt } from '../ast';
import type { Cursor } from '../cursor';
import { maskPrefixLength, parseIpv4 } from '../ipv4';
import { SERVICEMGR } from '../keywords';
import { dvipaList, optMoveableDvipa, rejectTier } from './common';
import { requiredMask } from './vipadefine';

// VIPABACKUP (z/OS IP Configuration Reference, VIPADYNAMIC - VIPABACKUP; parameters in order):
//   VIPABackup [rank] [TIER1|TIER2|CPCSCOPE]
//              { ipv4_addr … | MOVEable {IMMEDiate|WHENIDLE} [SERVICEMGR] address_mask ipv4_addr … }
// rank 1–254, default 1; larger ranks are earlier in the backup chain. The plain form takes over an
// active DVIPA only; the MOVEABLE form can also create it when no owner is up (IBM support Q&A
// dwa1433874), and only that form takes a mask.

export const RANK_MIN = 1;
export const RANK_MAX = 254;

export function parseVipaBackup(c: Cursor): VipaBackupStmt {
  const rank = c.peekIsInt() ? c.int('the VIPABACKUP rank', RANK_MIN, RANK_MAX).value : 1;
  rejectTier(c);
  const base = { kind: 'VIPABACKUP' as const, keywordTok: c.keywordToken, label: c.label, rank };
  const moveable = optMoveableDvipa(c);
  if (moveable) {
    const serviceMgr = c.optKeyword(SERVICEMGR) !== undefined;
    const mask = requiredMask(c);
    return { ...base, moveable, mask, serviceMgr, addrs: dvipaList(c) };
  }
  const t = c.peek();
  const v = t ? parseIpv4(t.text) : undefined;
  if (t && v !== undefined && v >>> 24 === 255 && maskPrefixLength(v) !== undefined && c.tokens.length > 3) {
    c.fail(
      t,
      'mask-needs-moveable',
      'VIPABACKUP takes an address mask only in the MOVEABLE IMMEDIATE (or WHENIDLE) form: VIPABACKUP rank MOVEABLE IMMEDIATE mask address',
    );
  }
  return { ...base, serviceMgr: false, addrs: dvipaList(c) };
}
