import { type Phase, type PhaseKind, parsePhase } from '../nodes/phase';
import type { Fault } from '../scenario/types';
import type { NodeView } from '../sim/host';
import type { Micros, TraceRecord } from '../sim/types';
import { type FrameClass, frameClass, linkFrame } from './capture';
import type { ScenarioRun } from './scenario-run';

// What a run did so far, as one plain JSON-able object for the CLI, the bench and the UI: client
// connections and application bytes (from the client hosts' views), each takeover and takeback
// with its timings (from the phase notes in the trace), drops by reason, the owner of each DVIPA
// (from the stacks' VIPADYN rows), the CF's record count, and the run's events and fingerprint.
// Platform-neutral: no I/O.

export interface FaultRef {
  node: string;
  action: 'kill' | 'stop' | 'restart';
  atUs: Micros;
}

/** One move of a DVIPA: a takeover (primary failed) or a takeback (primary recovered). */
export interface FailoverEpisode {
  dvipa: string;
  /** The stack that had it (null when the trace does not say). */
  from: string | null;
  /** The stack that has it afterwards. */
  to: string;
  /** The kill/stop (takeover) or restart (takeback) that caused it; null when none was found. */
  fault: FaultRef | null;
  /** Absolute virtual times of the phases (null: not seen). */
  detectedAtUs: Micros | null;
  startAtUs: Micros;
  completeAtUs: Micros | null;
  /** failure-detected − fault time (takeovers only). */
  detectionUs: Micros | null;
  /** …-complete − fault time. */
  completionUs: Micros | null;
  /** SAs renegotiated, as the completion note (or start note) reports; 0 when none is said. */
  sasRenegotiated: number;
}

export interface RunMetrics {
  /** Events handled, virtual time and trace fingerprint at the moment of measuring. */
  events: number;
  timeUs: Micros;
  fingerprint: string;
  /** The trace records seen start at record 0 (false: older records were trimmed from memory). */
  traceComplete: boolean;
  connections: { opened: number; established: number; alive: number; failed: number };
  /** Application payload bytes at the clients (lost: sent and never answered). */
  bytes: { sent: number; received: number; lost: number; duplicated: number };
  /** Responses checked by the clients. */
  responses: { verified: number; mismatches: number; duplicates: number; outOfOrder: number };
  takeovers: FailoverEpisode[];
  takebacks: FailoverEpisode[];
  /** Drops by reason over all nodes (node reasons like "no-crt-entry", kernel ones like "node down"). */
  drops: Record<string, number>;
  /** DVIPA → the stacks that route it (ACTIVE with DIST); more than one is a conflict, none: unavailable. */
  owners: Record<string, string[]>;
  /** Recovery records in the CF structure. */
  cfRecords: number;
  /** Frames that crossed a link, by what they carry. */
  frames: Record<FrameClass | 'total', number>;
}

// ---------------------------------------------------------------------------------------------
// Phases: the "phase …" notes first; until a node emits them, the older notes it has always
// written stand in for the same kind (per kind, so real phase notes never count twice).

interface PhaseAt extends Phase {
  time: Micros;
  /** The stack giving the DVIPA up, when the note names it. */
  from?: string;
}

const LEGACY: {
  kind: PhaseKind;
  re: RegExp;
  map: (m: RegExpExecArray, node: string) => Omit<Phase, 'kind' | 'text'> & { from?: string };
}[] = [
  // CF: "XCF group: MVS1 failed (no status for 500 ms)" / "XCF group: MVS1 left (planned)"
  {
    kind: 'failure-detected',
    re: /^XCF group: (\S+) (?:failed|left)\b/,
    map: (m, node) => ({ subject: m[1]!, at: node }),
  },
  // Stack: "takeover: MVS5 takes DVIPA 203.0.113.11 over from MVS1 (backup rank 10)"
  {
    kind: 'takeover-start',
    re: /^takeover: (\S+) takes DVIPA (\S+) over from (\S+)/,
    map: (m) => ({ subject: m[2]!, at: m[1]!, from: m[3]! }),
  },
  // Stack (the backup): "takeback: MVS5 gives DVIPA 203.0.113.11 back to MVS1"
  {
    kind: 'takeback-start',
    re: /^takeback: (\S+) gives DVIPA (\S+) back to (\S+)/,
    map: (m) => ({ subject: m[2]!, at: m[3]!, from: m[1]! }),
  },
];

/** The failover phases in the trace, in order. */
export function tracePhases(records: Iterable<TraceRecord>): PhaseAt[] {
  const real: PhaseAt[] = [];
  const legacy: PhaseAt[] = [];
  for (const r of records) {
    if (r.kind !== 'note') continue;
    const p = parsePhase(r.summary);
    if (p) {
      real.push({ ...p, time: r.time });
      continue;
    }
    for (const l of LEGACY) {
      const m = l.re.exec(r.summary);
      if (m) legacy.push({ kind: l.kind, text: r.summary, ...l.map(m, r.node), time: r.time });
    }
  }
  const realKinds = new Set(real.map((p) => p.kind));
  const merged = [...real, ...legacy.filter((p) => !realKinds.has(p.kind))];
  // Stable: records were in trace order within each list.
  return merged.sort((a, b) => a.time - b.time);
}

/** "2 SA set(s) renegotiated", "3 SAs", "1 phase 2 SA": the first count of SAs in a note. */
export function saCount(text: string): number {
  const m = /(\d+)\s+(?:phase[- ]?[12]\s+)?SAs?\b/i.exec(text);
  return m ? Number(m[1]) : 0;
}

const nodeFaults = (faults: readonly Fault[]): FaultRef[] =>
  faults.flatMap((f) => ('node' in f ? [{ node: f.node, action: f.action, atUs: f.atUs }] : []));

/** The newest fault at or before `time` matching the test. */
function lastFault(faults: FaultRef[], time: Micros, test: (f: FaultRef) => boolean): FaultRef | null {
  let best: FaultRef | null = null;
  for (const f of faults) if (f.atUs <= time && test(f) && (!best || f.atUs >= best.atUs)) best = f;
  return best;
}

/** Takeovers and takebacks, each with its fault and timings. */
export function failoverEpisodes(
  phases: readonly PhaseAt[],
  faults: readonly Fault[],
): { takeovers: FailoverEpisode[]; takebacks: FailoverEpisode[] } {
  const nf = nodeFaults(faults);
  const takeovers: FailoverEpisode[] = [];
  const takebacks: FailoverEpisode[] = [];
  /** Who has each DVIPA after the episodes so far (to name the giver when a note does not). */
  const holder = new Map<string, string>();
  const completion = (i: number, kind: PhaseKind, p: PhaseAt) =>
    phases.slice(i + 1).find((q) => q.kind === kind && q.subject === p.subject && q.at === p.at) ?? null;

  phases.forEach((p, i) => {
    if (p.kind === 'takeover-start') {
      // The failure this takeover answers: the giver's kill/stop before it, and the first detection
      // of that member since (several nodes may note the same failure).
      const before = phases.slice(0, i + 1);
      let newest: PhaseAt | undefined;
      for (const q of before)
        if (q.kind === 'failure-detected' && (!p.from || q.subject === p.from)) newest = q;
      const failed = p.from ?? newest?.subject ?? null;
      const fault = lastFault(
        nf,
        p.time,
        (f) => f.action !== 'restart' && (failed === null || f.node === failed),
      );
      const detected = fault
        ? (before.find(
            (q) => q.kind === 'failure-detected' && q.subject === failed && q.time >= fault.atUs,
          ) ?? null)
        : (newest ?? null);
      const done = completion(i, 'takeover-complete', p);
      const text = `${done?.text ?? ''} ${p.text}`;
      takeovers.push({
        dvipa: p.subject,
        from: failed,
        to: p.at,
        fault,
        detectedAtUs: detected?.time ?? null,
        startAtUs: p.time,
        completeAtUs: done?.time ?? null,
        detectionUs: fault && detected ? detected.time - fault.atUs : null,
        completionUs: fault && done ? done.time - fault.atUs : null,
        sasRenegotiated: saCount(done ? done.text : text),
      });
      holder.set(p.subject, p.at);
    } else if (p.kind === 'takeback-start') {
      const from = p.from ?? holder.get(p.subject) ?? null;
      const fault = lastFault(nf, p.time, (f) => f.action === 'restart' && f.node === p.at);
      const done = completion(i, 'takeback-complete', p);
      takebacks.push({
        dvipa: p.subject,
        from,
        to: p.at,
        fault,
        detectedAtUs: null,
        startAtUs: p.time,
        completeAtUs: done?.time ?? null,
        detectionUs: null,
        completionUs: fault && done ? done.time - fault.atUs : null,
        sasRenegotiated: saCount(done ? done.text : p.text),
      });
      holder.set(p.subject, p.at);
    }
  });
  return { takeovers, takebacks };
}

// ---------------------------------------------------------------------------------------------
// Drops and frames from the trace.

/** The reason of a drop record: an actor's "drop (reason): …", or the kernel's "dropped …: reason". */
export function dropReason(r: TraceRecord): string | null {
  const node = /^drop \(([^)]+)\)/.exec(r.summary);
  if (node) return node[1]!;
  if (r.kind !== 'drop') return null;
  // Kernel: "dropped <frame>: node down", "dropped …: node failed: <message>", "send on unconnected port p".
  const k = /^dropped .*?: (node down|node failed)/.exec(r.summary);
  if (k) return k[1]!;
  if (r.summary.startsWith('send on unconnected port')) return 'unconnected port';
  return r.summary.split(':')[0]!.trim() || 'unspecified';
}

function traceTallies(records: Iterable<TraceRecord>) {
  const drops: Record<string, number> = {};
  const frames: RunMetrics['frames'] = {
    total: 0,
    esp: 0,
    gre: 0,
    ike: 0,
    tcp: 0,
    udp: 0,
    'other-ip': 0,
    'non-ip': 0,
  };
  let first: number | null = null;
  for (const r of records) {
    first ??= r.index;
    const f = linkFrame(r);
    if (f) {
      frames.total++;
      frames[frameClass(f)]++;
    }
    if (r.kind === 'drop' || r.kind === 'note') {
      const reason = dropReason(r);
      if (reason) drops[reason] = (drops[reason] ?? 0) + 1;
    }
  }
  return { drops, frames, first };
}

// ---------------------------------------------------------------------------------------------
// Views.

interface ClientRow {
  connectionsOpened: number;
  connectionsEstablished: number;
  connectionsFailed: number;
  connectionsAlive: number;
  responsesVerified: number;
  mismatches: number;
  duplicates: number;
  outOfOrder: number;
  bytesSent: number;
  bytesReceived: number;
  bytesUnanswered: number;
  bytesDuplicated: number;
}

interface VipadynLike {
  ipAddr: string;
  status: string;
  distStat: string;
}

/** Live nodes only: a killed node's view is its state frozen at the crash. */
const live = (views: readonly NodeView[]) => views.filter((v) => v.up && !v.failed);

export function clientTotals(
  views: readonly NodeView[],
): Pick<RunMetrics, 'connections' | 'bytes' | 'responses'> {
  const t = {
    connections: { opened: 0, established: 0, alive: 0, failed: 0 },
    bytes: { sent: 0, received: 0, lost: 0, duplicated: 0 },
    responses: { verified: 0, mismatches: 0, duplicates: 0, outOfOrder: 0 },
  };
  // Client hosts keep counting while down (their state survives a kill), so all of them count.
  for (const v of views) {
    if (v.kind !== 'peer') continue;
    for (const c of (v.state as { clients?: ClientRow[] }).clients ?? []) {
      t.connections.opened += c.connectionsOpened;
      t.connections.established += c.connectionsEstablished;
      t.connections.alive += c.connectionsAlive;
      t.connections.failed += c.connectionsFailed;
      t.bytes.sent += c.bytesSent;
      t.bytes.received += c.bytesReceived;
      t.bytes.lost += c.bytesUnanswered;
      t.bytes.duplicated += c.bytesDuplicated;
      t.responses.verified += c.responsesVerified;
      t.responses.mismatches += c.mismatches;
      t.responses.duplicates += c.duplicates;
      t.responses.outOfOrder += c.outOfOrder;
    }
  }
  return t;
}

export function dvipaOwners(views: readonly NodeView[]): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const v of views.filter((x) => x.kind === 'stack')) {
    for (const row of (v.state as { vipadyn?: VipadynLike[] }).vipadyn ?? []) {
      owners[row.ipAddr] ??= [];
      if (v.up && !v.failed && row.status === 'ACTIVE' && row.distStat.startsWith('DIST'))
        owners[row.ipAddr]!.push(v.id);
    }
  }
  const sorted: Record<string, string[]> = {};
  for (const k of Object.keys(owners).sort()) sorted[k] = owners[k]!.sort();
  return sorted;
}

/** Node drop counters, for reasons counted without a trace line (a restart zeroes them). */
function viewDrops(views: readonly NodeView[]): Record<string, number> {
  const d: Record<string, number> = {};
  for (const v of live(views)) {
    const drops = (v.state as { drops?: Record<string, number> }).drops;
    if (drops && typeof drops === 'object')
      for (const [k, n] of Object.entries(drops)) if (typeof n === 'number') d[k] = (d[k] ?? 0) + n;
  }
  return d;
}

function cfRecords(views: readonly NodeView[]): number {
  let n = 0;
  for (const v of views) if (v.kind === 'cf') n += (v.state as { recordCount?: number }).recordCount ?? 0;
  return n;
}

// ---------------------------------------------------------------------------------------------

export interface MetricsInput {
  status: { eventIndex: number; time: Micros; fingerprint: string };
  records: Iterable<TraceRecord>;
  views: readonly NodeView[];
  faults: readonly Fault[];
}

/** The metrics from a status, the trace records, the node views and the fault timeline. */
export function computeMetrics(input: MetricsInput): RunMetrics {
  const records = [...input.records];
  const tallies = traceTallies(records);
  // The trace counts every drop, across restarts; a node's counter may hold drops it never traced.
  const drops = { ...tallies.drops };
  for (const [k, n] of Object.entries(viewDrops(input.views))) drops[k] = Math.max(drops[k] ?? 0, n);
  const sortedDrops: Record<string, number> = {};
  for (const k of Object.keys(drops).sort()) sortedDrops[k] = drops[k]!;
  return {
    events: input.status.eventIndex,
    timeUs: input.status.time,
    fingerprint: input.status.fingerprint,
    traceComplete: (tallies.first ?? 0) === 0,
    ...clientTotals(input.views),
    ...failoverEpisodes(tracePhases(records), input.faults),
    drops: sortedDrops,
    owners: dvipaOwners(input.views),
    cfRecords: cfRecords(input.views),
    frames: tallies.frames,
  };
}

/**
 * The metrics of a scenario run so far. The trace records default to those in the runtime's
 * memory; for a long run give a runtime a large traceLimit or pass records streamed from the start.
 */
export async function runMetrics(run: ScenarioRun, records?: Iterable<TraceRecord>): Promise<RunMetrics> {
  return computeMetrics({
    status: run.status(),
    records: records ?? run.runtime.records(),
    views: await run.runtime.views(),
    faults: run.timeline,
  });
}
