import type { TraceRecord } from '../../sim/types';

// The coupling facility's trace notes, one per structure request ("EZBDVIPA write phase 2 p2-3
// (SPI in … out …) for 203.0.113.11 by MVS1", "EZBDVIPA claim 203.0.113.11 by MVS5"), read back
// into operations so the CF panel can highlight what the current step touched.

export type CfOpKind = 'claim' | 'read' | 'write' | 'delete';

export interface CfOp {
  index: number;
  kind: CfOpKind;
  /** 1 or 2 for record operations. */
  phase: 1 | 2 | null;
  /** The record id for record operations. */
  id: string | null;
  dvipa: string;
  by: string;
  rejected: boolean;
  summary: string;
}

const DVIPA_OP = /^(\S+) (claim|read) (\S+) by (\S+)/;
const RECORD_OP = /^(\S+) (write|delete) phase ([12]) (\S+)(?: \([^)]*\))? for (\S+) by (\S+)/;

export function parseCfOp(
  r: Pick<TraceRecord, 'index' | 'kind' | 'summary' | 'node'>,
  cfNode = 'CF',
): CfOp | null {
  if (r.kind !== 'note' || r.node !== cfNode) return null;
  const rejected = r.summary.includes('— rejected');
  const d = DVIPA_OP.exec(r.summary);
  if (d)
    return {
      index: r.index,
      kind: d[2] as CfOpKind,
      phase: null,
      id: null,
      dvipa: d[3]!,
      by: d[4]!,
      rejected,
      summary: r.summary,
    };
  const m = RECORD_OP.exec(r.summary);
  if (m)
    return {
      index: r.index,
      kind: m[2] as CfOpKind,
      phase: Number(m[3]) as 1 | 2,
      id: m[4]!,
      dvipa: m[5]!,
      by: m[6]!,
      rejected,
      summary: r.summary,
    };
  return null;
}
