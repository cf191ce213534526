import type { NodeView } from '../../sim/host';
import { phase2Sas } from './sas';

// A stack's role per DVIPA, read from its own NETSTAT-like views (VIPADYN for what it does now,
// VIPADCFG for the backup rank it was configured with): routing (owns and distributes), target
// (DEST: has a server bound), backup with its rank, or down when the stack is not running.

export interface DvipaRole {
  dvipa: string;
  routing: boolean;
  target: boolean;
  /** The VIPABACKUP rank when the stack backs this DVIPA up and does not route it now. */
  backupRank: number | null;
}

export interface StackSummary {
  name: string;
  up: boolean;
  failed: string | null;
  roles: DvipaRole[];
  /** Established TCP connections on the stack. */
  connections: number;
  /** Phase 2 SAs, when the view has them (null: no IPsec in the views yet). */
  sas: number | null;
}

interface StackLike {
  vipadyn?: { ipAddr: string; status: string; distStat: string }[];
  vipadcfg?: { kind: string; ipAddr: string; rank: number | null }[];
  tcp?: { states?: Partial<Record<string, number>> };
}

export function stackSummary(view: NodeView): StackSummary {
  const s = (view.state ?? {}) as StackLike;
  const ranks = new Map<string, number>();
  for (const r of s.vipadcfg ?? [])
    if (r.kind === 'VIPA BACKUP' && r.rank !== null) ranks.set(r.ipAddr, r.rank);
  const roles: DvipaRole[] = [];
  const seen = new Set<string>();
  for (const r of s.vipadyn ?? []) {
    seen.add(r.ipAddr);
    const routing = r.status === 'ACTIVE' && r.distStat.includes('DIST');
    roles.push({
      dvipa: r.ipAddr,
      routing,
      target: r.distStat.includes('DEST'),
      backupRank: routing ? null : (ranks.get(r.ipAddr) ?? null),
    });
  }
  // A configured backup the stack has not heard of yet still shows its rank.
  for (const [dvipa, rank] of ranks)
    if (!seen.has(dvipa)) roles.push({ dvipa, routing: false, target: false, backupRank: rank });
  roles.sort((a, b) => a.dvipa.localeCompare(b.dvipa, 'en', { numeric: true }));
  const sasRows = phase2Sas(view.state);
  return {
    name: view.id,
    up: view.up,
    failed: view.failed,
    roles,
    connections: s.tcp?.states?.ESTABLISHED ?? 0,
    sas: sasRows.length ? sasRows.length : hasSaFields(view.state) ? 0 : null,
  };
}

function hasSaFields(state: unknown): boolean {
  if (!state || typeof state !== 'object') return false;
  const s = state as Record<string, unknown>;
  return ['phase2', 'phase2Sas', 'childSas', 'ipsec'].some((k) => k in s);
}

/** "routing", "target · backup 30", … for one DVIPA; "down" when the stack is down. */
export function roleText(r: DvipaRole, up: boolean): string {
  if (!up) return 'down';
  const parts: string[] = [];
  if (r.routing) parts.push('routing');
  if (r.target) parts.push('target');
  if (r.backupRank !== null) parts.push(`backup ${r.backupRank}`);
  return parts.length ? parts.join(' · ') : 'known';
}

/** The routing owners of each DVIPA among the stacks that are up. */
export function routingOwners(summaries: readonly StackSummary[]): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const s of summaries) {
    if (!s.up) continue;
    for (const r of s.roles) {
      if (!owners.has(r.dvipa)) owners.set(r.dvipa, []);
      if (r.routing) owners.get(r.dvipa)!.push(s.name);
    }
  }
  return owners;
}

/** Same summary content → the previous object, so memoized nodes skip re-rendering. */
export function sameSummary(a: StackSummary | undefined, b: StackSummary): boolean {
  return !!a && JSON.stringify(a) === JSON.stringify(b);
}
