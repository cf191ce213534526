import type { CfStructure, DvipaRecords, Phase1Record, Phase2Record } from './records';

// Operations on the EZBDVIPA list structure. The coupling facility actor applies them in arrival
// order; each returns a reply, and every one shows in the trace and the CF panel (DESIGN.md §4).
// Ownership makes the takeback rule of Fig. 15 concrete: once the primary claims a DVIPA, the
// backup's late writes and deletes for it are rejected, so the entries the primary reads are stable.

export type CfRequest =
  /** Take ownership of a DVIPA's entries (takeover, takeback, or first definition). */
  | { op: 'claim'; dvipa: number }
  | { op: 'read'; dvipa: number }
  | { op: 'write-phase1'; record: Phase1Record }
  | { op: 'write-phase2'; record: Phase2Record }
  | { op: 'delete-phase1'; dvipa: number; id: string }
  | { op: 'delete-phase2'; dvipa: number; id: string };

export type CfReply =
  | { op: 'claim'; dvipa: number; ok: true; previousOwner: number | null }
  | { op: 'read'; dvipa: number; ok: true; records: DvipaRecords | null }
  | { op: CfRequest['op']; dvipa: number; ok: true }
  | {
      op: CfRequest['op'];
      dvipa: number;
      ok: false;
      reason: 'not-owner' | 'no-entry' | 'no-such-record' | 'correlation';
      detail: string;
    };

export function emptyStructure(name: string): CfStructure {
  return { name, entries: {} };
}

const key = (dvipa: number) => String(dvipa >>> 0);

function dvipaOf(req: CfRequest): number {
  return 'record' in req ? req.record.dvipa : req.dvipa;
}

/** Applies a request from the stack with XCF address `requester`; mutates `s` and returns the reply. */
export function applyCfRequest(s: CfStructure, requester: number, req: CfRequest): CfReply {
  const dvipa = dvipaOf(req);
  const entry = s.entries[key(dvipa)];
  if (req.op === 'claim') {
    const previousOwner = entry ? entry.owner : null;
    if (entry) entry.owner = requester;
    else s.entries[key(dvipa)] = { dvipa, owner: requester, phase1: {}, phase2: {} };
    return { op: 'claim', dvipa, ok: true, previousOwner };
  }
  if (req.op === 'read')
    return { op: 'read', dvipa, ok: true, records: entry ? structuredCloneRecords(entry) : null };
  if (!entry)
    return { op: req.op, dvipa, ok: false, reason: 'no-entry', detail: `no ${s.name} entry for this DVIPA` };
  if (entry.owner !== requester)
    return {
      op: req.op,
      dvipa,
      ok: false,
      reason: 'not-owner',
      detail: 'the DVIPA is owned by another stack: its entries are stable',
    };
  switch (req.op) {
    case 'write-phase1':
      entry.phase1[req.record.id] = req.record;
      return { op: req.op, dvipa, ok: true };
    case 'write-phase2':
      if (!entry.phase1[req.record.phase1Id])
        return {
          op: req.op,
          dvipa,
          ok: false,
          reason: 'correlation',
          detail: `phase 1 record ${req.record.phase1Id} is not in the structure`,
        };
      entry.phase2[req.record.id] = req.record;
      return { op: req.op, dvipa, ok: true };
    case 'delete-phase1': {
      if (!entry.phase1[req.id])
        return {
          op: req.op,
          dvipa,
          ok: false,
          reason: 'no-such-record',
          detail: `no phase 1 record ${req.id}`,
        };
      delete entry.phase1[req.id];
      // A phase 2 record never outlives its phase 1 correlation.
      for (const [id, p2] of Object.entries(entry.phase2))
        if (p2.phase1Id === req.id) delete entry.phase2[id];
      return { op: req.op, dvipa, ok: true };
    }
    case 'delete-phase2':
      if (!entry.phase2[req.id])
        return {
          op: req.op,
          dvipa,
          ok: false,
          reason: 'no-such-record',
          detail: `no phase 2 record ${req.id}`,
        };
      delete entry.phase2[req.id];
      return { op: req.op, dvipa, ok: true };
  }
}

function structuredCloneRecords(e: DvipaRecords): DvipaRecords {
  return {
    dvipa: e.dvipa,
    owner: e.owner,
    phase1: Object.fromEntries(Object.entries(e.phase1).map(([k, v]) => [k, { ...v }])),
    phase2: Object.fromEntries(
      Object.entries(e.phase2).map(([k, v]) => [
        k,
        { ...v, localTs: { ...v.localTs }, remoteTs: { ...v.remoteTs } },
      ]),
    ),
  };
}

/** Number of records (phase 1 + phase 2) held for all DVIPAs: the CF record count metric. */
export function recordCount(s: CfStructure): number {
  return Object.values(s.entries).reduce(
    (n, e) => n + Object.keys(e.phase1).length + Object.keys(e.phase2).length,
    0,
  );
}
