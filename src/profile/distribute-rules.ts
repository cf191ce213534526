import type { VipaDistributeStmt } from './ast';
import type { Diagnostics } from './diagnostics';
import type { Token } from './tokens';

// Semantic rules of one VIPADISTRIBUTE DEFINE on its own (the ones that need other statements are
// in ./builder). Breaking any of them rejects the statement, as z/OS does ("the VIPADISTRIBUTE
// DEFINE statement is ignored"), but does not end the VIPADYNAMIC block.
//   EZZ0165I  DESTIP ALL cannot be used with DISTMETHOD HOTSTANDBY
//   EZZ0826I  with HOTSTANDBY every DESTIP needs PREFERRED or BACKUP
//   EZZ0827I  with HOTSTANDBY exactly one PREFERRED and at least one BACKUP
//   EZZ0829I  with HOTSTANDBY at most 31 BACKUPs
//   (emulator) at most 32 DESTIP addresses — a sysplex has at most 32 systems, and 1 PREFERRED +
//              31 BACKUPs is the HOTSTANDBY maximum above; no duplicate DESTIP address.

export const MAX_DESTIPS = 32;
export const MAX_HOTSTANDBY_BACKUPS = 31;

/** Returns true when the statement may be applied. */
export function checkDistribute(s: VipaDistributeStmt, diags: Diagnostics): boolean {
  const err = (at: Token, code: string, message: string): false => {
    diags.add('error', at, s.label, code, message);
    return false;
  };
  const seen = new Map<number, Token>();
  for (const d of s.dests) {
    const first = seen.get(d.xcf);
    if (first)
      return err(
        d.tok,
        'duplicate-destip',
        `DESTIP ${d.tok.text} is listed twice (first at column ${first.column})`,
      );
    seen.set(d.xcf, d.tok);
  }
  if (s.distMethod === 'HOTSTANDBY' && s.action === 'DEFINE' && !checkHotStandby(s, err)) return false;
  if (s.dests.length > MAX_DESTIPS) {
    return err(
      s.dests[MAX_DESTIPS]!.tok,
      'too-many-destips',
      `at most ${MAX_DESTIPS} DESTIP addresses per VIPADISTRIBUTE`,
    );
  }
  return true;
}

function checkHotStandby(
  s: VipaDistributeStmt,
  err: (at: Token, code: string, message: string) => false,
): boolean {
  if (s.destAll)
    return err(s.destTok, 'hotstandby-destip-all', 'DESTIP ALL cannot be used with DISTMETHOD HOTSTANDBY');
  const untagged = s.dests.find((d) => !d.hotStandby);
  if (untagged) {
    return err(
      untagged.tok,
      'hotstandby-role-missing',
      `with DISTMETHOD HOTSTANDBY, DESTIP ${untagged.tok.text} needs PREFERRED or BACKUP rank`,
    );
  }
  const preferred = s.dests.filter((d) => d.hotStandby?.kind === 'preferred');
  const backups = s.dests.filter((d) => d.hotStandby?.kind === 'backup');
  if (preferred.length !== 1 || backups.length === 0) {
    const at = preferred[1]?.tok ?? s.destTok;
    return err(
      at,
      'hotstandby-preferred',
      `DISTMETHOD HOTSTANDBY needs exactly one PREFERRED and at least one BACKUP (found ${preferred.length} PREFERRED, ${backups.length} BACKUP)`,
    );
  }
  if (backups.length > MAX_HOTSTANDBY_BACKUPS) {
    return err(
      backups[MAX_HOTSTANDBY_BACKUPS]!.tok,
      'hotstandby-backups',
      `DISTMETHOD HOTSTANDBY allows at most ${MAX_HOTSTANDBY_BACKUPS} BACKUPs`,
    );
  }
  return true;
}
