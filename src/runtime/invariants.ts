import { parsePhase } from '../nodes/phase';
import type { NodeView } from '../sim/host';
import type { Micros, TraceRecord } from '../sim/types';
import type { Runtime } from './runtime';

// The invariants of DESIGN.md §5, checked at one point of a run from the node views and the trace
// (pure; platform-neutral):
//   one-owner     once converged, at most one routing owner per DVIPA (ACTIVE with DIST, live stacks)
//   app-bytes     no application byte wrong, duplicated or reordered, ever
//   connections   every failed connection is explained by a downed stack (its server ran there)
//   cf-records    once converged, the CF holds exactly the recovery records of the owner's SAs
//   one-sa-owner  no SA is active on two live stacks at once
//   converged     (when asked) the run has converged: no stuck takeover leaves the above unjudged
// "Converged": every takeover/takeback started has completed (or its stack went down since), every
// kill/stop of a stack has been noticed by the XCF group, and the last fault is settleUs old.

export type InvariantId =
  | 'one-owner'
  | 'app-bytes'
  | 'connections'
  | 'cf-records'
  | 'one-sa-owner'
  | 'converged';

export interface Violation {
  invariant: InvariantId;
  /** The event index and virtual time of the point checked. */
  event: number;
  timeUs: Micros;
  /** The DVIPA or client concerned, when there is one. */
  subject: string;
  /** What differs. */
  detail: string;
}

export interface InvariantInput {
  status: { eventIndex: number; time: Micros };
  views: readonly NodeView[];
  /** The trace from record 0 up to the point checked (phases and controls are read from it). */
  records: Iterable<TraceRecord>;
}

export interface InvariantOptions {
  /** How long after the last fault (kill, stop, restart, link change) the sysplex is settling. */
  settleUs?: Micros;
  /**
   * The workload has stopped and every answer had time to arrive: a client whose connections all
   * ran on surviving servers must then have no request bytes unanswered ("no application byte
   * lost").
   */
  drained?: boolean;
  /**
   * The run should have converged by now (e.g. the detection delay and a margin after the last
   * fault): if it has not, that is a 'converged' violation — else a stuck takeover would leave
   * the other invariants unjudged.
   */
  requireConverged?: boolean;
  /** Check only these (default: all). */
  only?: readonly InvariantId[];
}

export const DEFAULT_SETTLE_US = 50_000;

export interface Convergence {
  converged: boolean;
  /** Why not, one line each. */
  pending: string[];
  /** Stacks killed or stopped at some point (their connections may die with them). */
  downed: Set<string>;
}

const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const isLive = (v: NodeView) => v.up && !v.failed;

/** Convergence from the trace (see the file comment). */
export function convergence(
  records: Iterable<TraceRecord>,
  now: Micros,
  stacks: ReadonlySet<string>,
  settleUs: Micros = DEFAULT_SETTLE_US,
): Convergence {
  const moves = new Map<string, string>(); // "subject at" → the start note
  const undetected = new Map<string, Micros>(); // stack → kill/stop time not yet noticed
  const downed = new Set<string>();
  let lastFault = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    if (r.kind === 'link') lastFault = Math.max(lastFault, r.time);
    if (r.kind === 'control' && stacks.has(r.node)) {
      const action = r.summary.replace(/^control /, '');
      if (action === 'start') continue;
      lastFault = Math.max(lastFault, r.time);
      if (action === 'kill' || action === 'stop') {
        downed.add(r.node);
        undetected.set(r.node, r.time);
        // A move this stack was making is abandoned (another backup takes over from it).
        for (const k of [...moves.keys()]) if (k.endsWith(` ${r.node}`)) moves.delete(k);
      } else if (action === 'restart') undetected.delete(r.node);
      continue;
    }
    if (r.kind !== 'note') continue;
    const left = /^XCF group: (\S+) (?:failed|left)\b/.exec(r.summary);
    if (left) undetected.delete(left[1]!);
    const p = parsePhase(r.summary);
    if (!p) continue;
    const key = `${p.subject} ${p.at}`;
    if (p.kind === 'failure-detected') undetected.delete(p.subject);
    else if (p.kind === 'takeover-start' || p.kind === 'takeback-start') moves.set(key, p.kind);
    else moves.delete(key);
  }
  const pending = [
    ...[...moves].map(([k, kind]) => `${kind} ${k} without its completion`),
    ...[...undetected].map(([s, t]) => `${s} went down at ${t} µs, not yet noticed by the XCF group`),
  ];
  if (now - lastFault < settleUs)
    pending.push(`last fault at ${lastFault} µs, settling until ${lastFault + settleUs} µs`);
  return { converged: pending.length === 0, pending, downed };
}

// ---------------------------------------------------------------------------------------------
// The views, as far as the checker reads them (src/nodes/stack/views.ts, cf/actor.ts, peer/kind.ts).

interface StackLike {
  name: string;
  xcf: string;
  vipadyn: { ipAddr: string; status: string; distStat: string }[];
  ipsec: {
    phase1: { local: string; spiI: string; spiR: string }[];
    phase2: { spi: string; dir: string; local: string }[];
  };
}
interface CfLike {
  structure: {
    entries: Record<
      string,
      {
        dvipa: number;
        owner: number;
        phase1: Record<string, { spiI: string; spiR: string }>;
        phase2: Record<string, { phase1Id: string; inboundSpi: string }>;
      }
    >;
  };
}
interface ClientLike {
  name: string;
  connectionsOpened: number;
  connectionsFailed: number;
  mismatches: number;
  duplicates: number;
  outOfOrder: number;
  bytesDuplicated: number;
  bytesUnanswered: number;
  servers: Record<string, number>;
}

/** Inbound SPIs a stack has installed for a DVIPA (the routing stack's SAs have it as local). */
const inboundSpis = (s: StackLike, dvipa: string) =>
  s.ipsec.phase2.filter((p) => p.dir === 'in' && p.local === dvipa).map((p) => p.spi);

// ---------------------------------------------------------------------------------------------

/** The violations of DESIGN.md §5 at the point the input shows. */
export function checkInvariants(input: InvariantInput, opts: InvariantOptions = {}): Violation[] {
  const out: Violation[] = [];
  const on = (id: InvariantId) => !opts.only || opts.only.includes(id);
  const at = { event: input.status.eventIndex, timeUs: input.status.time };
  const add = (invariant: InvariantId, subject: string, detail: string) =>
    out.push({ invariant, ...at, subject, detail });

  const stackViews = input.views.filter((v) => v.kind === 'stack');
  const live = stackViews.filter(isLive).map((v) => v.state as StackLike);
  const byXcf = new Map(stackViews.map((v) => [(v.state as StackLike).xcf, v.id]));
  const conv = convergence(
    input.records,
    input.status.time,
    new Set(stackViews.map((v) => v.id)),
    opts.settleUs,
  );

  // Routing owners per DVIPA, over live stacks (a killed stack's view is frozen at the crash).
  const owners = new Map<string, StackLike[]>();
  for (const s of live)
    for (const r of s.vipadyn) {
      if (!owners.has(r.ipAddr)) owners.set(r.ipAddr, []);
      if (r.status === 'ACTIVE' && r.distStat.startsWith('DIST')) owners.get(r.ipAddr)!.push(s);
    }

  if (on('one-owner') && conv.converged)
    for (const [dvipa, o] of owners)
      if (o.length > 1)
        add(
          'one-owner',
          dvipa,
          `${o.length} routing owners: ${o
            .map((s) => s.name)
            .sort()
            .join(', ')}`,
        );

  if (on('app-bytes') || on('connections'))
    for (const v of input.views.filter((x) => x.kind === 'peer'))
      for (const c of (v.state as { clients?: ClientLike[] }).clients ?? [])
        checkClient(c, conv.downed, opts, on, add);

  const cf = input.views.find((v) => v.kind === 'cf')?.state as CfLike | undefined;
  if (on('cf-records') && conv.converged && cf)
    for (const [dvipa, o] of owners) {
      if (o.length !== 1) continue;
      checkCfEntry(dvipa, o[0]!, cf, byXcf, add);
    }

  if (on('one-sa-owner')) checkOneSaOwner(live, add);
  if (opts.requireConverged && !conv.converged)
    add('converged', '', `not converged: ${conv.pending.join('; ')}`);
  return out;
}

type Add = (invariant: InvariantId, subject: string, detail: string) => void;

/** app-bytes and connections for one client (DESIGN.md §5, second invariant). */
function checkClient(
  c: ClientLike,
  downed: ReadonlySet<string>,
  opts: InvariantOptions,
  on: (id: InvariantId) => boolean,
  add: Add,
): void {
  // The peer view has no per-connection status: a failed connection is explained when as many
  // were answered by a server on a downed stack, or were never answered at all.
  let onDowned = 0;
  let answered = 0;
  for (const [server, n] of Object.entries(c.servers)) {
    answered += n;
    if (downed.has(server.slice(server.lastIndexOf('@') + 1))) onDowned += n;
  }
  const unanswered = c.connectionsOpened - answered;
  if (on('app-bytes')) {
    const bad = {
      mismatches: c.mismatches,
      duplicates: c.duplicates,
      outOfOrder: c.outOfOrder,
      bytesDuplicated: c.bytesDuplicated,
    };
    const wrong = Object.entries(bad).filter(([, n]) => n !== 0);
    if (wrong.length) add('app-bytes', c.name, wrong.map(([k, n]) => `${k} ${n}`).join(', '));
    // Unanswered bytes are lost ones only where every connection ran on a surviving server (a
    // connection whose server died may stall rather than be reset, e.g. when the reset is lost).
    if (opts.drained && onDowned + unanswered === 0 && c.bytesUnanswered !== 0)
      add('app-bytes', c.name, `${c.bytesUnanswered} request bytes never answered, every server alive`);
  }
  if (on('connections') && c.connectionsFailed > onDowned + unanswered)
    add(
      'connections',
      c.name,
      `${c.connectionsFailed} failed, but only ${onDowned} ran on a downed stack` +
        ` (${[...downed].join(', ') || 'none'}) and ${unanswered} were never answered; servers ${JSON.stringify(c.servers)}`,
    );
}

/** cf-records for a DVIPA with one live owner (DESIGN.md §5, third invariant; Fig. 14, 15). */
function checkCfEntry(
  dvipa: string,
  owner: StackLike,
  cf: CfLike,
  byXcf: ReadonlyMap<string, string>,
  add: Add,
): void {
  const entry = Object.values(cf.structure.entries).find((e) => dotted(e.dvipa) === dvipa);
  const installed = new Set(inboundSpis(owner, dvipa));
  if (!entry) {
    if (installed.size)
      add('cf-records', dvipa, `no CF entry, but ${owner.name} holds SAs ${[...installed].join(' ')}`);
    return;
  }
  const cfOwner = byXcf.get(dotted(entry.owner)) ?? dotted(entry.owner);
  if (cfOwner !== owner.name)
    add('cf-records', dvipa, `CF entry owned by ${cfOwner}, routing owner is ${owner.name}`);
  const recorded = new Set(Object.values(entry.phase2).map((p) => p.inboundSpi));
  const missing = [...installed].filter((s) => !recorded.has(s));
  const stale = [...recorded].filter((s) => !installed.has(s));
  if (missing.length || stale.length)
    add(
      'cf-records',
      dvipa,
      `phase 2 records differ from ${owner.name}'s inbound SAs: not in the CF [${missing.join(' ')}], ` +
        `in the CF only [${stale.join(' ')}]`,
    );
  const ikeSas = new Set(
    owner.ipsec.phase1.filter((p) => p.local === dvipa).map((p) => `${p.spiI}/${p.spiR}`),
  );
  const staleP1 = Object.entries(entry.phase1).filter(([, p]) => !ikeSas.has(`${p.spiI}/${p.spiR}`));
  if (staleP1.length)
    add(
      'cf-records',
      dvipa,
      `phase 1 records of no IKE SA of ${owner.name}: ${staleP1.map(([id]) => id).join(' ')}`,
    );
  const orphans = Object.values(entry.phase2).filter((p) => !entry.phase1[p.phase1Id]);
  if (orphans.length)
    add(
      'cf-records',
      dvipa,
      `phase 2 records without their phase 1 record: ${orphans.map((p) => p.inboundSpi).join(' ')}`,
    );
}

/** one-sa-owner over the live stacks (DESIGN.md §5, fourth invariant). */
function checkOneSaOwner(live: readonly StackLike[], add: Add): void {
  const holders = new Map<string, Set<string>>(); // DVIPA → stacks with SAs for it
  const spiAt = new Map<string, string[]>(); // "DVIPA SPI" → stacks with it installed inbound
  for (const s of live)
    for (const p of s.ipsec.phase2) {
      if (!holders.has(p.local)) holders.set(p.local, new Set());
      holders.get(p.local)!.add(s.name);
      if (p.dir !== 'in') continue;
      const k = `${p.local} ${p.spi}`;
      spiAt.set(k, [...(spiAt.get(k) ?? []), s.name]);
    }
  for (const [k, stacks] of spiAt)
    if (stacks.length > 1)
      add(
        'one-sa-owner',
        k.split(' ')[0]!,
        `inbound SPI ${k.split(' ')[1]} installed on ${stacks.sort().join(' and ')}`,
      );
  for (const [dvipa, stacks] of holders)
    if (stacks.size > 1) add('one-sa-owner', dvipa, `SAs installed on ${[...stacks].sort().join(' and ')}`);
}

/** checkInvariants at a runtime's current point (its trace must still hold record 0). */
export async function checkRuntime(
  rt: Pick<Runtime, 'status' | 'views' | 'records'>,
  opts: InvariantOptions = {},
): Promise<Violation[]> {
  const records = rt.records();
  if (records.length && records[0]!.index !== 0)
    throw new Error('the trace no longer starts at record 0: give the runtime a larger traceLimit');
  const views = await rt.views();
  return checkInvariants({ status: rt.status(), views, records }, opts);
}
