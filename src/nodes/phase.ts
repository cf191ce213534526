// The failover phases, as trace notes with one fixed shape so the UI ("run until the next phase",
// timeline markers) and the metrics (detection and completion times) read them without guessing:
//   "phase takeover-complete 203.0.113.11 MVS5: <free text>"

export type PhaseKind =
  | 'failure-detected'
  | 'takeover-start'
  | 'takeover-complete'
  | 'takeback-start'
  | 'takeback-complete';

export const PHASE_KINDS: readonly PhaseKind[] = [
  'failure-detected',
  'takeover-start',
  'takeover-complete',
  'takeback-start',
  'takeback-complete',
];

export interface Phase {
  kind: PhaseKind;
  /** The DVIPA (dotted quad), or the failed member's name for failure-detected. */
  subject: string;
  /** The stack it happened at (the new owner, the primary, or the group for detection). */
  at: string;
  text: string;
}

export function phaseNote(p: Phase): string {
  return `phase ${p.kind} ${p.subject} ${p.at}: ${p.text}`;
}

const PHASE_RE =
  /^phase (failure-detected|takeover-start|takeover-complete|takeback-start|takeback-complete) (\S+) (\S+): (.*)$/;

/** The phase a trace summary announces, or null. */
export function parsePhase(summary: string): Phase | null {
  const m = PHASE_RE.exec(summary);
  return m ? { kind: m[1] as PhaseKind, subject: m[2]!, at: m[3]!, text: m[4]! } : null;
}
