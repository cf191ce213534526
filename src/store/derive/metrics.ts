import type { NodeView } from '../../sim/host';
import { routingOwners, type StackSummary } from './roles';

// What the metrics plot and the invariant monitor read from the views after each refresh.

export interface MetricSample {
  event: number;
  time: number;
  /** Client connections established and not failed, over every client. */
  alive: number;
  /** Responses whose every byte the client verified. */
  verified: number;
  failed: number;
  /** Application bytes wrong, duplicated or out of order (must stay 0). */
  badBytes: number;
  /**
   * Nothing was seen between the previous sample and this one: a far seek forward replayed the
   * stretch without showing it. The plot breaks its lines here instead of drawing a straight one.
   */
  gap?: true;
}

/** Seeks forward over at least this many events leave a gap in the samples (playing never does). */
export const SAMPLE_GAP_EVENTS = 2_000;

/**
 * Appends sample after the samples before its event (a seek back forgets the ones after), and
 * halves them (every other one) past max. A gap dropped by the halving moves on to the next
 * sample kept, so the break stays where it was.
 */
export function addSample(
  samples: readonly MetricSample[],
  sample: MetricSample,
  max: number,
): MetricSample[] {
  const out = samples.filter((x) => x.event < sample.event);
  out.push(sample);
  if (out.length <= max) return out;
  const kept: MetricSample[] = [];
  let gap = false;
  out.forEach((x, i) => {
    gap ||= x.gap === true;
    if (i % 2 !== 0 && i !== out.length - 1) return;
    kept.push(gap && !x.gap ? { ...x, gap: true } : x);
    gap = false;
  });
  return kept;
}

interface ClientMetricsLike {
  connectionsAlive?: number;
  responsesVerified?: number;
  connectionsFailed?: number;
  mismatches?: number;
  duplicates?: number;
  outOfOrder?: number;
}

export function sampleMetrics(views: readonly NodeView[], event: number, time: number): MetricSample {
  const s: MetricSample = { event, time, alive: 0, verified: 0, failed: 0, badBytes: 0 };
  for (const v of views) {
    if (v.kind !== 'peer') continue;
    const clients = ((v.state ?? {}) as { clients?: ClientMetricsLike[] }).clients ?? [];
    for (const c of clients) {
      s.alive += c.connectionsAlive ?? 0;
      s.verified += c.responsesVerified ?? 0;
      s.failed += c.connectionsFailed ?? 0;
      s.badBytes += (c.mismatches ?? 0) + (c.duplicates ?? 0) + (c.outOfOrder ?? 0);
    }
  }
  return s;
}

export type InvariantState = 'ok' | 'broken' | 'settling' | 'n/a';

export interface InvariantCheck {
  id: 'one-owner' | 'app-bytes' | 'cf-owner';
  label: string;
  state: InvariantState;
  detail: string;
}

interface CfLike {
  structure?: { entries?: Record<string, { dvipa: number; owner: number; phase1: object; phase2: object }> };
}

const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** DVIPAs with a takeover or takeback under way (a *-start phase without its *-complete yet). */
export function movesInProgress(phases: readonly { kind: string; subject: string }[]): Set<string> {
  const open = new Set<string>();
  for (const p of phases) {
    if (p.kind === 'takeover-start' || p.kind === 'takeback-start') open.add(p.subject);
    if (p.kind === 'takeover-complete' || p.kind === 'takeback-complete') open.delete(p.subject);
  }
  return open;
}

/**
 * The invariants of DESIGN.md §5 that one moment's views can show. Two routing owners of a DVIPA
 * are "settling" while a takeover or takeback of it is under way or for less than `graceUs` of
 * virtual time (the invariant holds once converged: a restarted primary announces itself before
 * the backup gives the DVIPA back); beyond that it is broken.
 */
export function checkInvariants(
  stacks: readonly StackSummary[],
  sample: MetricSample,
  cf: NodeView | undefined,
  xcfToName: ReadonlyMap<string, string>,
  moving: ReadonlySet<string> = new Set(),
  dualFor: (dvipa: string) => number = () => Number.POSITIVE_INFINITY,
  graceUs = 0,
): InvariantCheck[] {
  const owners = routingOwners(stacks);
  const multiAll = [...owners].filter(([, o]) => o.length > 1);
  const multi = multiAll.filter(([d]) => !moving.has(d) && dualFor(d) > graceUs);
  const none = [...owners].filter(([, o]) => o.length === 0);
  const oneOwner: InvariantCheck = {
    id: 'one-owner',
    label: 'At most one routing owner per DVIPA',
    state: multi.length ? 'broken' : multiAll.length || none.length ? 'settling' : 'ok',
    detail: multiAll.length
      ? multiAll
          .map(
            ([d, o]) =>
              `${d}: ${o.join(' and ')}${moving.has(d) ? ' (move under way)' : ` for ${(dualFor(d) / 1000).toFixed(1)} ms`}`,
          )
          .join('; ')
      : none.length
        ? `no owner yet for ${none.map(([d]) => d).join(', ')}`
        : [...owners].map(([d, o]) => `${d} → ${o[0]}`).join(', '),
  };
  const appBytes: InvariantCheck = {
    id: 'app-bytes',
    // Connections may fail as the design says they do (those ended on a stack that failed; every
    // in the comparison modes, the IPsec ones the failed routing stack owned): never a wrong byte.
    label: 'No application byte wrong',
    state: sample.badBytes > 0 ? 'broken' : 'ok',
    detail: `${sample.alive} alive, ${sample.failed} failed, ${sample.verified} responses verified, ${sample.badBytes} bad`,
  };
  const entries = Object.values(((cf?.state ?? {}) as CfLike).structure?.entries ?? {});
  const withRecords = entries.filter((e) => Object.keys(e.phase1).length + Object.keys(e.phase2).length > 0);
  const mismatched = entries.filter((e) => {
    const o = owners.get(dotted(e.dvipa));
    const cfOwner = xcfToName.get(dotted(e.owner));
    return o && o.length === 1 && cfOwner !== o[0];
  });
  const cfOwner: InvariantCheck = {
    id: 'cf-owner',
    label: 'CF records belong to the routing owner',
    state: !entries.length ? 'n/a' : mismatched.length ? 'settling' : 'ok',
    detail: !entries.length
      ? 'no EZBDVIPA entries'
      : mismatched.length
        ? mismatched
            .map((e) => `${dotted(e.dvipa)} held by ${xcfToName.get(dotted(e.owner)) ?? dotted(e.owner)}`)
            .join('; ')
        : `${withRecords.length ? `${withRecords.length} DVIPA(s) with SA records` : 'ownership only (no SA records)'}`,
  };
  return [oneOwner, appBytes, cfOwner];
}
