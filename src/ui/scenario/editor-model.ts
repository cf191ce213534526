import type { Scenario, ScenarioMode } from '../../scenario/types';

// The scenario editor's draft: the texts the person types (numbers stay text until Apply, so a
// half-typed value is not lost), and the scenario they make. Validation is the schema's
// (parseScenarioDocument) on Apply; here a field that is not a number becomes NaN so the schema
// reports it at its path.

export interface EditorDraft {
  profiles: Record<string, string>;
  /** Connections per client, by client name. */
  connections: Record<string, string>;
  requestBytes: string;
  intervalUs: string;
  failureDetectionUs: string;
  seed: string;
  mode: ScenarioMode;
}

export function draftOf(sc: Scenario): EditorDraft {
  return {
    profiles: Object.fromEntries(sc.stacks.map((s) => [s.name, s.profile])),
    connections: Object.fromEntries(sc.clients.map((c) => [c.name, String(c.connections)])),
    requestBytes: String(sc.workload.requestBytes),
    intervalUs: String(sc.workload.intervalUs),
    failureDetectionUs: String(sc.failureDetectionUs),
    seed: String(sc.seed),
    mode: sc.mode ?? 'default',
  };
}

/** A number typed in a field; anything else (an empty field included) is NaN. */
export function numberOf(text: string): number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** The scenario with the draft applied (not validated: parseScenarioDocument does that). */
export function applyDraft(sc: Scenario, d: EditorDraft): Scenario {
  return {
    ...sc,
    seed: numberOf(d.seed),
    failureDetectionUs: numberOf(d.failureDetectionUs),
    mode: d.mode,
    stacks: sc.stacks.map((s) => ({ ...s, profile: d.profiles[s.name] ?? s.profile })),
    clients: sc.clients.map((c) => {
      const n = d.connections[c.name];
      return n === undefined ? c : { ...c, connections: numberOf(n) };
    }),
    workload: {
      ...sc.workload,
      requestBytes: numberOf(d.requestBytes),
      intervalUs: numberOf(d.intervalUs),
    },
  };
}

/** Character offset of a 1-based line:column in a text (for moving the caret to a diagnostic). */
export function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl === -1) return text.length;
    at = nl + 1;
  }
  return Math.min(text.length, at + Math.max(0, column - 1));
}
