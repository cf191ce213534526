import {
  formatIssue,
  type Issue,
  LIMITS,
  parseScenarioDocument,
  scenarioDocument,
} from '../../scenario/schema';
import type { Scenario, ScenarioMode } from '../../scenario/types';

// The scenario editor's draft: the texts the person types (numbers stay text until Apply, so a
// half-typed value is not lost), and the scenario they make. On Apply each number field is checked
// here, by the label the person sees and the value it expects; the whole scenario then by the
// schema, its problems named by the field's label too, not the document path.

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

type NumberKey = 'requestBytes' | 'intervalUs' | 'failureDetectionUs' | 'seed';

/** The editor's number fields: the label on screen, the document path, the values allowed. */
export const NUMBER_FIELDS: readonly {
  key: NumberKey;
  label: string;
  path: string;
  min: number;
  max: number;
}[] = [
  {
    key: 'requestBytes',
    label: 'Request size (bytes)',
    path: 'scenario.workload.requestBytes',
    min: 1,
    max: LIMITS.requestBytes,
  },
  {
    key: 'intervalUs',
    label: 'Request interval (µs)',
    path: 'scenario.workload.intervalUs',
    min: 0,
    max: LIMITS.timeUs,
  },
  {
    key: 'failureDetectionUs',
    label: 'Failure detection delay (µs)',
    path: 'scenario.failureDetectionUs',
    min: 1,
    max: LIMITS.failureDetectionUs,
  },
  { key: 'seed', label: 'Seed', path: 'scenario.seed', min: 0, max: LIMITS.seed },
];

export const connectionsLabel = (client: string) => `Connections of ${client}`;
export const profileLabel = (stack: string) => `TCP/IP profile of ${stack}`;

/** What a number field holds if it is not a whole number in range, as one line naming its label. */
function numberProblem(label: string, text: string, min: number, max: number): string | null {
  const n = numberOf(text);
  if (Number.isInteger(n) && n >= min && n <= max) return null;
  const got = text.trim() === '' ? 'the field is empty' : `got “${text.trim().slice(0, 40)}”`;
  return `${label}: a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} is expected (${got})`;
}

/** The schema's path of a field the editor shows → its label (other paths are kept). */
function labelOf(sc: Scenario, path: string): string {
  const f = NUMBER_FIELDS.find((x) => x.path === path);
  if (f) return f.label;
  if (path === 'scenario.clients') return 'Connections (all clients)';
  const m = /^scenario\.(clients|stacks)\[(\d+)\]\.(connections|profile)$/.exec(path);
  if (m?.[1] === 'clients' && m[3] === 'connections') {
    const c = sc.clients[Number(m[2])];
    if (c) return connectionsLabel(c.name);
  }
  if (m?.[1] === 'stacks' && m[3] === 'profile') {
    const s = sc.stacks[Number(m[2])];
    if (s) return profileLabel(s.name);
  }
  return path;
}

/** The draft as a valid scenario, or its problems, one line each, named by their labels. */
export function checkDraft(
  sc: Scenario,
  d: EditorDraft,
): { ok: true; scenario: Scenario } | { ok: false; issues: string[] } {
  // Each bad number field once, by its label. The schema checks the rest with those fields as
  // they were (its shape check would otherwise stop at them), so a profile's errors show as well.
  const own: string[] = [];
  const was = draftOf(sc);
  const checked: EditorDraft = { ...d, connections: { ...d.connections } };
  for (const c of sc.clients) {
    const text = d.connections[c.name];
    const p =
      text === undefined ? null : numberProblem(connectionsLabel(c.name), text, 0, LIMITS.connections);
    if (p) {
      own.push(p);
      checked.connections[c.name] = was.connections[c.name]!;
    }
  }
  for (const f of NUMBER_FIELDS) {
    const p = numberProblem(f.label, d[f.key], f.min, f.max);
    if (p) {
      own.push(p);
      checked[f.key] = was[f.key];
    }
  }
  const r = parseScenarioDocument(scenarioDocument(applyDraft(sc, checked)));
  if (r.ok && !own.length) return { ok: true, scenario: r.value.scenario };
  const rest = r.ok ? [] : r.error.map((i: Issue) => formatIssue({ ...i, path: labelOf(sc, i.path) }));
  return { ok: false, issues: [...own, ...rest] };
}

/** A number typed in a field; anything else (an empty field included) is NaN. */
export function numberOf(text: string): number {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** The scenario with the draft applied (not validated: checkDraft does that). */
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
