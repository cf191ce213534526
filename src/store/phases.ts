import { type Phase, type PhaseKind, parsePhase } from '../nodes/phase';
import type { TraceRecord } from '../sim/types';

// Failover phases as the UI sees them: the stacks' `phase …` notes (nodes/phase.ts) when present,
// else the plainer notes the stack and the CF write today ("XCF group: MVS1 failed …",
// "takeover: MVS5 takes DVIPA … over from MVS1 …", "takeback: MVS5 gives DVIPA … back to MVS1"),
// so run-until-phase and the timeline markers work before and after the phase notes land.

export interface PhaseMark extends Phase {
  /** Read from an older plain note, not a `phase …` note. */
  legacy: boolean;
  /** Trace record index and event index of the note. */
  index: number;
  event: number;
  time: number;
}

const LEGACY: { re: RegExp; make: (m: RegExpExecArray) => Phase }[] = [
  {
    re: /^XCF group: (\S+) failed/,
    make: (m) => ({ kind: 'failure-detected', subject: m[1]!, at: 'XCF', text: m[0] }),
  },
  {
    re: /^takeover: (\S+) takes DVIPA (\S+) over from (\S+)/,
    make: (m) => ({ kind: 'takeover-complete', subject: m[2]!, at: m[1]!, text: m.input }),
  },
  {
    re: /^takeback: (\S+) gives DVIPA (\S+) back to (\S+)/,
    make: (m) => ({ kind: 'takeback-complete', subject: m[2]!, at: m[3]!, text: m.input }),
  },
];

/** The phase a record announces; the plain notes count only while `legacy` (no phase note seen). */
export function recognizePhase(r: Pick<TraceRecord, 'kind' | 'summary'>, legacy = true): Phase | null {
  return recognize(r, legacy)?.phase ?? null;
}

function recognize(r: Pick<TraceRecord, 'kind' | 'summary'>, legacy: boolean) {
  if (r.kind !== 'note') return null;
  const p = parsePhase(r.summary);
  if (p) return { phase: p, legacy: false };
  if (!legacy) return null;
  for (const { re, make } of LEGACY) {
    const m = re.exec(r.summary);
    if (m) return { phase: make(m), legacy: true };
  }
  return null;
}

export function phaseMark(r: TraceRecord, legacy = true): PhaseMark | null {
  const p = recognize(r, legacy);
  return p ? { ...p.phase, legacy: p.legacy, index: r.index, event: r.event, time: r.time } : null;
}

/** A run-until predicate: once a run shows real phase notes, the plain ones stop counting. */
export function phasePredicate(target: Phase['kind'] | 'any', sawPhaseNotes: boolean) {
  let real = sawPhaseNotes;
  return (r: Pick<TraceRecord, 'kind' | 'summary'>): boolean => {
    const p = recognize(r, !real);
    if (!p) return false;
    if (!p.legacy) real = true;
    return target === 'any' || p.phase.kind === target;
  };
}

export const PHASE_LABELS: Record<PhaseKind, string> = {
  'failure-detected': 'failure detected',
  'takeover-start': 'takeover start',
  'takeover-complete': 'takeover complete',
  'takeback-start': 'takeback start',
  'takeback-complete': 'takeback complete',
};
