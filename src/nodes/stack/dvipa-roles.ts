import type { VipaListEntry } from '../../wire/xcf';
import type { StackDvipaConfig } from './dvipa-config';

// What VIPA lists mean to a stack (Fig. 10 blocks 200–206, Fig. 6/11 for targets) and who takes a
// DVIPA over when its owner fails (Fig. 7A, 14). Pure functions: the stack actor calls them and
// turns the answers into XCF messages, home-list changes and trace records.

/** The VIPA list entries this stack broadcasts for the DVIPAs it owns by definition (block 204). */
export function ownVipaList(
  cfg: StackDvipaConfig,
  backupsFromOthers: Map<number, { xcf: number; rank: number }[]>,
): VipaListEntry[] {
  return cfg.defines.map((d) => {
    const dist = cfg.distributes.find((x) => x.addr === d.addr);
    return entryFor(cfg, d.addr, d.mask, dist, backupsFromOthers.get(d.addr) ?? []);
  });
}

/**
 * The VIPA list entry a backup broadcasts when it takes a DVIPA over (Fig. 14, block 404): its own
 * explicit VIPADISTRIBUTE when it has one (Fig. 9: MVS5 for DVA1), else the inherited list.
 */
export function takeoverVipaList(cfg: StackDvipaConfig, inherited: VipaListEntry): VipaListEntry {
  const explicit = cfg.distributes.find((x) => x.addr === inherited.dvipa);
  const backups = inherited.backups.filter((b) => b.xcf !== cfg.xcf);
  if (explicit) return entryFor(cfg, inherited.dvipa, inherited.mask, explicit, backups);
  return { ...inherited, owner: cfg.xcf, backups, ipsec: cfg.dvipsec };
}

function entryFor(
  cfg: StackDvipaConfig,
  dvipa: number,
  mask: number,
  dist: StackDvipaConfig['distributes'][number] | undefined,
  backups: { xcf: number; rank: number }[],
): VipaListEntry {
  return {
    dvipa,
    mask,
    owner: cfg.xcf,
    distMethod: dist?.method ?? 'ROUNDROBIN',
    ports: dist ? [...dist.ports] : [],
    destAll: dist?.destAll ?? false,
    dests: dist ? dist.dests.map((x) => ({ ...x })) : [],
    backups: backups.map((b) => ({ ...b })),
    ipsec: cfg.dvipsec,
  };
}

export type TargetRole = 'candidate' | 'not-named';

/** Fig. 6: is this stack a candidate target for the entry (named in DESTIP, or DESTIP ALL)? */
export function targetRole(entry: VipaListEntry, selfXcf: number): TargetRole {
  if (entry.destAll || entry.dests.some((d) => d.xcf === selfXcf)) return 'candidate';
  return 'not-named';
}

/** This stack's VIPABACKUP rank for a DVIPA, or 0 when it is no backup of it. */
export function backupRank(cfg: StackDvipaConfig, dvipa: number): number {
  return cfg.backups.find((b) => b.addr === dvipa)?.rank ?? 0;
}

/**
 * Who takes over a DVIPA whose owner failed (Fig. 14): the live backup of highest rank; ties go to
 * the lower XCF address so every stack reaches the same answer without asking. null: nobody.
 */
export function takeoverWinner(
  backups: { xcf: number; rank: number }[],
  live: (xcf: number) => boolean,
): number | null {
  let best: { xcf: number; rank: number } | null = null;
  for (const b of backups) {
    if (!live(b.xcf)) continue;
    if (!best || b.rank > best.rank || (b.rank === best.rank && b.xcf < best.xcf)) best = b;
  }
  return best ? best.xcf : null;
}
