import type { DistMethodName, XcfDest } from '../../wire/xcf';

// The destination port table (DPT) of a routing stack (Fig. 10, blocks 208–210): per DVIPA:port,
// which candidate targets are current actual targets (an application is bound and listening there,
// as told by SRVSTAT), with their weights and connection counts. Plain data, cloned in checkpoints.

export interface DptTarget {
  xcf: number;
  /** An app is bound to DVIPA:port and listening on this target (last SRVSTAT said ready). */
  ready: boolean;
  /** Names of the apps SRVSTAT reported, for the operator view. */
  app: string;
  weight: number;
  /** HOTSTANDBY: 0 = preferred, n > 0 = backup of rank n. */
  standbyRank: number;
  activeConns: number;
  totalConns: number;
}

export interface DptRow {
  dvipa: number;
  port: number;
  method: DistMethodName;
  targets: DptTarget[];
  /** Round-robin position, so selection is deterministic and resumable. */
  cursor: number;
}

export type Dpt = Record<string, DptRow>;

/** The weight of a target no DESTIP WEIGHT names (z/OS: 10). */
export const DEFAULT_WEIGHT = 10;

export const dptKey = (dvipa: number, port: number) => `${dvipa >>> 0}:${port}`;

/** A DPT row for DVIPA:port with the candidate targets known so far, none of them ready yet. */
export function dptRow(dvipa: number, port: number, method: DistMethodName, dests: XcfDest[]): DptRow {
  return {
    dvipa,
    port,
    method,
    cursor: 0,
    targets: dests.map((d) => ({
      xcf: d.xcf,
      ready: false,
      app: '',
      weight: d.weight,
      standbyRank: d.standbyRank,
      activeConns: 0,
      totalConns: 0,
    })),
  };
}

/**
 * Applies a SRVSTAT from xcf: marks it ready (or not). A target not named among the candidates is
 * added only when the DVIPA is distributed to ALL stacks (DESTIP ALL); otherwise it is ignored and
 * the caller counts it.
 */
export function applySrvstat(
  row: DptRow,
  xcf: number,
  ready: boolean,
  app: string,
  destAll: boolean,
): boolean {
  let t = row.targets.find((x) => x.xcf === xcf);
  if (!t) {
    if (!destAll) return false;
    t = { xcf, ready: false, app: '', weight: DEFAULT_WEIGHT, standbyRank: 0, activeConns: 0, totalConns: 0 };
    row.targets.push(t);
    row.targets.sort((a, b) => a.xcf - b.xcf);
  }
  t.ready = ready;
  t.app = ready ? app : t.app;
  return true;
}

export function findTarget(row: DptRow, xcf: number): DptTarget | undefined {
  return row.targets.find((t) => t.xcf === xcf);
}
