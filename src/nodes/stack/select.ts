import type { DptRow, DptTarget } from './dpt';

// Target selection for a new connection to DVIPA:port (Fig. 12, block 304), by the configured
// DISTMETHOD. Only current actual targets (ready) are eligible. Deterministic: same table, same
// choice; the round-robin cursor lives in the row.

/** Picks the target for a new connection and counts it; null when no target is ready. */
export function selectTarget(row: DptRow): DptTarget | null {
  const ready = row.targets.filter((t) => t.ready);
  if (ready.length === 0) return null;
  let chosen: DptTarget;
  switch (row.method) {
    case 'ROUNDROBIN':
      chosen = roundRobin(row, ready);
      break;
    case 'WEIGHTEDACTIVE':
      chosen = weightedActive(ready);
      break;
    case 'BASEWLM':
      chosen = weightedRoundRobin(row, ready);
      break;
    case 'HOTSTANDBY':
      chosen = hotStandby(ready);
      break;
  }
  chosen.activeConns++;
  chosen.totalConns++;
  return chosen;
}

function roundRobin(row: DptRow, ready: DptTarget[]): DptTarget {
  const t = ready[row.cursor % ready.length]!;
  row.cursor = (row.cursor + 1) % ready.length;
  return t;
}

/**
 * WEIGHTEDACTIVE: keep each target's share of active connections proportional to its weight —
 * the target furthest below its share gets the connection (ties: lowest XCF address first).
 */
function weightedActive(ready: DptTarget[]): DptTarget {
  const totalW = ready.reduce((s, t) => s + Math.max(t.weight, 0), 0);
  if (totalW === 0) return ready.reduce((a, b) => (b.activeConns < a.activeConns ? b : a));
  const totalActive = ready.reduce((s, t) => s + t.activeConns, 0) + 1;
  let best = ready[0]!;
  let bestDeficit = Number.NEGATIVE_INFINITY;
  for (const t of ready) {
    const deficit = (totalActive * Math.max(t.weight, 0)) / totalW - t.activeConns;
    if (deficit > bestDeficit) {
      best = t;
      bestDeficit = deficit;
    }
  }
  return best;
}

/**
 * BASEWLM: the real product asks WLM for capacity-based weights; the emulator takes each target's
 * weight as that WLM weight and spreads new connections in proportion (smooth weighted round robin
 * on the total counts, so it needs no extra state).
 */
function weightedRoundRobin(_row: DptRow, ready: DptTarget[]): DptTarget {
  const totalW = ready.reduce((s, t) => s + Math.max(t.weight, 1), 0);
  const total = ready.reduce((s, t) => s + t.totalConns, 0) + 1;
  let best = ready[0]!;
  let bestDeficit = Number.NEGATIVE_INFINITY;
  for (const t of ready) {
    const deficit = (total * Math.max(t.weight, 1)) / totalW - t.totalConns;
    if (deficit > bestDeficit) {
      best = t;
      bestDeficit = deficit;
    }
  }
  return best;
}

/** HOTSTANDBY: the preferred target while it is ready; else the ready backup of highest rank. */
function hotStandby(ready: DptTarget[]): DptTarget {
  const preferred = ready.find((t) => t.standbyRank === 0);
  if (preferred) return preferred;
  return ready.reduce((a, b) => (b.standbyRank > a.standbyRank ? b : a));
}

/** A connection to this target ended: it no longer counts as active. */
export function connectionEnded(t: DptTarget | undefined): void {
  if (t && t.activeConns > 0) t.activeConns--;
}
