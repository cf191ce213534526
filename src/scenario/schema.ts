import * as v from 'valibot';
import { parseIpv4 } from '../profile/ipv4';
import { parseProfile } from '../profile/parse';
import type { Result } from '../wire/result';
import { SCENARIO_MODES, type Scenario, totalConnections } from './types';
import { buildWorld, CF_ID, ROUTER_ID } from './world';

// The versioned scenario document (issue #9): one JSON value holding the scenario and the view
// (event index, selection), validated on the way in from a URL or a file. Shape by valibot
// (strict objects: an unknown field is reported, so a newer document fails clearly), then the
// rules the shape cannot say: unique names and addresses, faults naming real nodes and links,
// profiles that parse. Every problem is an Issue with a path; nothing from the input is executed.

export const DOCUMENT_FORMAT = 'sysplex-ipsec-emulator';
export const DOCUMENT_VERSION = 1;

/** The detail panels beside the topology, and a stack's tables (tabs the UI shows). */
export const DETAIL_PANELS = ['Inspector', 'Node', 'Metrics'] as const;
export type DetailPanel = (typeof DETAIL_PANELS)[number];
export const NODE_TABLES = [
  'VIPADCFG',
  'VIPADYN',
  'VDPT',
  'VCRT',
  'CONN',
  'SAs',
  'Drops',
  'Profile',
] as const;
export type NodeTable = (typeof NODE_TABLES)[number];

/** Where the UI stands in the run: restored after the run is replayed to `eventIndex`. */
export interface ScenarioView {
  eventIndex: number;
  selectedNode?: string;
  /** The selected trace record (packet), by its event number. */
  selectedRecord?: number;
  /** The detail panel open (without it: the inspector if a record is selected, else the node's). */
  panel?: DetailPanel;
  /** The stack table open in the node panel. */
  table?: NodeTable;
}

export interface ScenarioDocument {
  format: typeof DOCUMENT_FORMAT;
  version: typeof DOCUMENT_VERSION;
  scenario: Scenario;
  view?: ScenarioView;
}

/**
 * One problem with the input. `path` says where: a path into the document
 * (`scenario.stacks[2].xcfAddr`) or a part of the input (`url`, `url.data`, `json`).
 */
export interface Issue {
  path: string;
  message: string;
  /** 1-based line and column in a text: the JSON file, or a stack's profile. */
  line?: number;
  column?: number;
  /** 0-based character offset in the input (the URL hash, the JSON text). */
  offset?: number;
}

export type { Result };

/** Bounds that keep a run (and the browser) sane; a document beyond them is refused. */
export const LIMITS = {
  stacks: 64,
  clients: 64,
  connections: 100_000,
  appsPerStack: 32,
  targetsPerClient: 64,
  protect: 64,
  faults: 1_000,
  /** One hour of virtual time. */
  timeUs: 3_600_000_000,
  latencyUs: 10_000_000,
  /** Six times the longest latency. */
  failureDetectionUs: 60_000_000,
  seed: 0xffff_ffff,
  events: 1_000_000_000,
  requestBytes: 65_536,
  profileChars: 65_536,
  textChars: 1_000,
  /** Issues reported at most (the rest summarised in one). */
  issues: 50,
} as const;

export const ROOT_PATH = '(document)';

// --- shape ------------------------------------------------------------------------------------

const int = (min: number, max: number) =>
  v.pipe(
    v.number(),
    v.check(
      (n) => Number.isInteger(n) && n >= min && n <= max,
      (i) => `must be a whole number from ${min} to ${max} (got ${String(i.input)})`,
    ),
  );
const time = int(0, LIMITS.timeUs);
const latency = int(0, LIMITS.latencyUs);
const port = int(1, 65_535);
const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));

// Names are node and link ids (`xcf:A-B`): no '-' or ':' so link ids stay unambiguous.
const NAME = /^[A-Za-z0-9_$#@]{1,16}$/;
const name = v.pipe(
  v.string(),
  v.regex(NAME, 'must be 1–16 letters, digits or _ $ # @ (no spaces, "-" or ":")'),
);
const label = v.pipe(
  v.string(),
  v.regex(/^[^\p{Cc}]{1,32}$/u, 'must be 1–32 characters, no control characters'),
);
const ipv4 = v.pipe(
  v.string(),
  v.check((s) => parseIpv4(s) !== undefined, 'must be a dotted IPv4 address such as 203.0.113.11'),
);
const list = <T extends v.GenericSchema>(item: T, max: number, min = 0) =>
  v.pipe(
    v.array(item),
    v.check(
      (a) => a.length >= min && a.length <= max,
      (i) => `must have ${min} to ${max} entries (has ${(i.input as unknown[]).length})`,
    ),
  );

const app = v.strictObject({ name: label, bindAddr: ipv4, port });
const stack = v.strictObject({
  name,
  xcfAddr: ipv4,
  externalAddr: v.optional(ipv4),
  profile: text(LIMITS.profileChars),
  apps: list(app, LIMITS.appsPerStack),
  runsIke: v.boolean(),
});
const client = v.strictObject({
  name,
  addr: ipv4,
  targets: list(v.strictObject({ addr: ipv4, port }), LIMITS.targetsPerClient),
  connections: int(0, LIMITS.connections),
});
const workload = v.strictObject({
  startUs: time,
  staggerUs: time,
  requestBytes: int(1, LIMITS.requestBytes),
  requestsPerConnection: int(0, 1_000_000),
  intervalUs: time,
  stopUs: v.nullable(time),
});
const ipsec = v.strictObject({
  psk: v.pipe(text(256), v.minLength(1, 'must not be empty')),
  cipher: v.picklist(['aes-gcm-16-128', 'aes-gcm-16-256']),
  protect: list(v.strictObject({ dvipa: ipv4, port }), LIMITS.protect),
});
const afterEvent = v.optional(int(0, LIMITS.events));
const nodeFault = v.strictObject({
  atUs: time,
  afterEvent,
  node: name,
  action: v.picklist(['kill', 'stop', 'restart']),
});
const linkFault = v.strictObject({ atUs: time, afterEvent, link: text(40), up: v.boolean() });
// A fault naming a link is a link fault; anything else is checked as a node fault.
const fault = v.lazy((input: unknown) =>
  typeof input === 'object' && input !== null && 'link' in input ? linkFault : nodeFault,
);

const scenarioSchema = v.strictObject({
  version: v.literal(DOCUMENT_VERSION),
  id: text(64),
  title: text(200),
  description: text(LIMITS.textChars),
  seed: int(0, LIMITS.seed),
  stacks: list(stack, LIMITS.stacks, 1),
  cf: v.strictObject({ name, structure: text(16) }),
  router: v.strictObject({ name, addr: ipv4 }),
  clients: list(client, LIMITS.clients),
  xcfLatencyUs: latency,
  externalLatencyUs: latency,
  failureDetectionUs: int(1, LIMITS.failureDetectionUs),
  workload,
  mode: v.optional(v.picklist(SCENARIO_MODES)),
  ipsec: v.optional(ipsec),
  faults: list(fault, LIMITS.faults),
});
const viewSchema = v.strictObject({
  eventIndex: int(0, LIMITS.events),
  selectedNode: v.optional(name),
  selectedRecord: v.optional(int(0, LIMITS.events)),
  panel: v.optional(v.picklist(DETAIL_PANELS)),
  table: v.optional(v.picklist(NODE_TABLES)),
});
const documentSchema = v.strictObject({
  format: v.literal(DOCUMENT_FORMAT),
  version: v.literal(DOCUMENT_VERSION),
  scenario: scenarioSchema,
  view: v.optional(viewSchema),
});

// The schema's output must be the app's types (a drift fails the typecheck here).
const _scenarioFits = (x: v.InferOutput<typeof scenarioSchema>): Scenario => x;
const _documentFits = (x: v.InferOutput<typeof documentSchema>): ScenarioDocument => x;
void _scenarioFits;
void _documentFits;

// --- paths and messages -----------------------------------------------------------------------

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `scenario.stacks[2].xcfAddr` from keys and indexes. */
export function formatPath(parts: readonly (string | number)[]): string {
  let s = '';
  for (const p of parts)
    s += typeof p === 'number' ? `[${p}]` : IDENT.test(p) ? (s ? `.${p}` : p) : `[${JSON.stringify(p)}]`;
  return s || ROOT_PATH;
}

/** One line for a banner or a terminal: `scenario.stacks[1].profile 3:5: message`. */
export function formatIssue(i: Issue): string {
  const at =
    i.line !== undefined
      ? ` ${i.line}:${i.column ?? 1}`
      : i.offset !== undefined
        ? ` (character ${i.offset})`
        : '';
  return `${i.path}${at}: ${i.message}`;
}

/** A text cut to n characters for a message, with … when cut. */
export const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

function fromValibot(issue: v.BaseIssue<unknown>, prefix: readonly (string | number)[]): Issue {
  const keys = (issue.path ?? []).map((p) => p.key as string | number);
  const path = formatPath([...prefix, ...keys]);
  if (issue.kind !== 'schema') return { path, message: issue.message };
  if (issue.expected === 'never')
    return { path, message: `unknown field (format version ${DOCUMENT_VERSION} has no such field)` };
  if (issue.received === 'undefined') return { path, message: 'missing' };
  return { path, message: `expected ${clip(issue.expected ?? '?')}, got ${clip(issue.received)}` };
}

function capped(issues: Issue[]): Issue[] {
  if (issues.length <= LIMITS.issues) return issues;
  const rest = issues.length - LIMITS.issues + 1;
  return [
    ...issues.slice(0, LIMITS.issues - 1),
    { path: issues[LIMITS.issues - 1]!.path, message: `and ${rest} more problems` },
  ];
}

// --- the raw value: no prototype keys, bounded depth ----------------------------------------

/** Keys that could reach an object's prototype in some consumer: refused wherever they appear. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_DEPTH = 32;
const MAX_ENTRIES = LIMITS.faults;
const MAX_FIELDS = 64;

/** Walks the raw value without recursion; reports forbidden keys and too deep nesting. */
function rawIssues(value: unknown, prefix: readonly (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  const todo: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [...prefix] }];
  while (todo.length && issues.length < LIMITS.issues) {
    const { v: x, path } = todo.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (path.length - prefix.length >= MAX_DEPTH) {
      issues.push({ path: formatPath(path), message: `nested deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    // Bounded before the schema sees them, so a huge list or object cannot make a heap of issues.
    if (Array.isArray(x)) {
      if (x.length > MAX_ENTRIES) {
        issues.push({ path: formatPath(path), message: `has ${x.length} entries; at most ${MAX_ENTRIES}` });
        continue;
      }
      for (let i = x.length - 1; i >= 0; i--) todo.push({ v: x[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(x);
    if (keys.length > MAX_FIELDS) {
      issues.push({ path: formatPath(path), message: `has ${keys.length} fields; at most ${MAX_FIELDS}` });
      continue;
    }
    for (const k of keys)
      if (FORBIDDEN_KEYS.has(k))
        issues.push({
          path: formatPath([...path, k]),
          message: `forbidden key "${k}" (refused, never used)`,
        });
    // Pushed in reverse so the walk goes in document order.
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (!FORBIDDEN_KEYS.has(k)) todo.push({ v: (x as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
  return issues;
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** A clear line for a version other than 1, instead of a heap of unknown-field issues. */
function versionIssue(x: Record<string, unknown>, path: string): Issue | null {
  if (!('version' in x) || x.version === DOCUMENT_VERSION) return null;
  const got =
    typeof x.version === 'number'
      ? `version ${x.version}`
      : `version ${clip(JSON.stringify(x.version) ?? '?')}`;
  const newer =
    typeof x.version === 'number' && x.version > DOCUMENT_VERSION ? ' (made by a newer emulator)' : '';
  return {
    path,
    message: `${got}${newer} is not supported: this emulator reads version ${DOCUMENT_VERSION}`,
  };
}

// --- rules beyond the shape ------------------------------------------------------------------

type Sink = (parts: (string | number)[], message: string, extra?: Partial<Issue>) => void;

function uniqueBy<T>(
  items: readonly T[],
  key: (t: T) => string | undefined,
  report: (i: number, first: number) => void,
) {
  const seen = new Map<string, number>();
  items.forEach((t, i) => {
    const k = key(t);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else report(i, first);
  });
}

const preview = (ids: readonly string[]) =>
  ids.length > 8 ? `${ids.slice(0, 8).join(', ')}, … (${ids.length} in all)` : ids.join(', ');

function semanticIssues(
  sc: Scenario,
  view: ScenarioView | undefined,
  at: (string | number)[],
  add: Sink,
): void {
  const p = (...parts: (string | number)[]) => [...at, ...parts];
  // Node ids: the world names actors by stack and client names, plus its CF and router.
  const nodes: { name: string; path: (string | number)[] }[] = [
    ...sc.stacks.map((s, i) => ({ name: s.name, path: p('stacks', i, 'name') })),
    ...sc.clients.map((c, i) => ({ name: c.name, path: p('clients', i, 'name') })),
  ];
  uniqueBy(
    nodes,
    (n) => n.name,
    (i, first) =>
      add(
        nodes[i]!.path,
        `"${nodes[i]!.name}" is already the name of ${formatPath(nodes[first]!.path.slice(0, -1))}`,
      ),
  );
  for (const n of nodes)
    if (n.name === CF_ID || n.name === ROUTER_ID)
      add(n.path, `"${n.name}" is reserved for the emulator's own node`);
  uniqueBy(
    sc.stacks,
    (s) => s.xcfAddr,
    (i, first) =>
      add(
        p('stacks', i, 'xcfAddr'),
        `XCF address ${sc.stacks[i]!.xcfAddr} is already used by ${sc.stacks[first]!.name}`,
      ),
  );
  const external = [
    ...sc.stacks.map((s, i) => ({ addr: s.externalAddr, path: p('stacks', i, 'externalAddr') })),
    ...sc.clients.map((c, i) => ({ addr: c.addr as string | undefined, path: p('clients', i, 'addr') })),
    { addr: sc.router.addr as string | undefined, path: p('router', 'addr') },
  ];
  uniqueBy(
    external,
    (e) => e.addr,
    (i, first) =>
      add(
        external[i]!.path,
        `address ${external[i]!.addr} is already used by ${formatPath(external[first]!.path)}`,
      ),
  );
  const total = totalConnections(sc.clients);
  if (total > LIMITS.connections)
    add(p('clients'), `${total} connections in all; at most ${LIMITS.connections}`);

  sc.stacks.forEach((s, i) => {
    const r = parseProfile(s.profile);
    for (const d of r.diagnostics)
      if (d.severity === 'error')
        add(p('stacks', i, 'profile'), `${d.message} (${d.code})`, { line: d.line, column: d.column });
    const xcf = r.profile.dynamicXcf;
    if (xcf && xcf.addr !== parseIpv4(s.xcfAddr))
      add(p('stacks', i, 'profile'), `IPCONFIG DYNAMICXCF differs from the stack's xcfAddr ${s.xcfAddr}`, {
        line: xcf.at.line,
        column: xcf.at.column,
      });
  });

  const world = buildWorld(sc);
  const actorIds = world.actors.map((a) => a.id);
  const linkIds = world.links.map((l) => l.id);
  const actorSet = new Set(actorIds);
  const linkSet = new Set(linkIds);
  sc.faults.forEach((f, i) => {
    if ('node' in f) {
      if (!actorSet.has(f.node))
        add(p('faults', i, 'node'), `no node "${f.node}" (nodes: ${preview(actorIds)})`);
    } else if (!linkSet.has(f.link))
      add(p('faults', i, 'link'), `no link "${f.link}" (links: ${preview(linkIds)})`);
  });
  // An act pinned after an event keeps the clock it had then, and the clock never goes back: a
  // later event with an earlier clock is an edited link, not one the app made.
  const pinned = sc.faults
    .map((f, i) => ({ f, i }))
    .filter((x) => x.f.afterEvent !== undefined)
    .sort((a, b) => a.f.afterEvent! - b.f.afterEvent!);
  // Against the latest clock of any act at an earlier event, not only the one just before it.
  let latest: { f: (typeof sc.faults)[number]; i: number } | undefined;
  let latestOfEarlier: typeof latest;
  for (let k = 0; k < pinned.length; k++) {
    const { f, i } = pinned[k]!;
    if (k > 0 && pinned[k - 1]!.f.afterEvent! < f.afterEvent!) latestOfEarlier = latest;
    const before = latestOfEarlier;
    if (before && f.atUs < before.f.atUs)
      add(
        p('faults', i, 'afterEvent'),
        `event ${f.afterEvent} at ${f.atUs} µs comes after event ${before.f.afterEvent} of faults[${before.i}] at ${before.f.atUs} µs: the clock cannot go back`,
      );
    if (!latest || f.atUs > latest.f.atUs) latest = pinned[k];
  }
  if (view?.selectedNode !== undefined && !actorSet.has(view.selectedNode))
    add(['view', 'selectedNode'], `no node "${view.selectedNode}" (nodes: ${preview(actorIds)})`);
}

// --- entry points -----------------------------------------------------------------------------

function validate<T>(
  input: unknown,
  schema: v.GenericSchema<unknown, T>,
  at: (string | number)[],
  scenarioOf: (t: T) => { sc: Scenario; view?: ScenarioView; at: (string | number)[] },
): Result<T, Issue[]> {
  const raw = rawIssues(input, at);
  if (raw.length) return { ok: false, error: capped(raw) };
  const r = v.safeParse(schema, input, { abortEarly: false });
  if (!r.success) return { ok: false, error: capped(r.issues.map((i) => fromValibot(i, at))) };
  const issues: Issue[] = [];
  const { sc, view, at: scAt } = scenarioOf(r.output);
  try {
    semanticIssues(sc, view, scAt, (parts, message, extra) =>
      issues.push({ path: formatPath(parts), message, ...extra }),
    );
  } catch (e) {
    // A bug in a checker must still end in a banner, not a blank page.
    issues.push({ path: formatPath(scAt), message: `could not be checked: ${String(e).slice(0, 120)}` });
  }
  return issues.length ? { ok: false, error: capped(issues) } : { ok: true, value: r.output };
}

/**
 * Validates a parsed JSON value as a scenario document. Never throws; the value it returns is a
 * fresh copy holding only the document's fields.
 */
export function parseScenarioDocument(json: unknown): Result<ScenarioDocument, Issue[]> {
  if (!isRecord(json))
    return {
      ok: false,
      error: [{ path: ROOT_PATH, message: 'not a scenario document (a JSON object is expected)' }],
    };
  if (json.format !== DOCUMENT_FORMAT)
    return {
      ok: false,
      error: [{ path: 'format', message: `not a scenario document: format must be "${DOCUMENT_FORMAT}"` }],
    };
  const early =
    versionIssue(json, 'version') ??
    (isRecord(json.scenario) ? versionIssue(json.scenario, 'scenario.version') : null);
  if (early) return { ok: false, error: [early] };
  return validate(json, documentSchema as v.GenericSchema<unknown, ScenarioDocument>, [], (d) => ({
    sc: d.scenario,
    ...(d.view ? { view: d.view } : {}),
    at: ['scenario'],
  }));
}

/** Validates a bare scenario (the CLI's and older files' shape); paths start at its root. */
export function parseScenario(json: unknown): Result<Scenario, Issue[]> {
  if (!isRecord(json))
    return { ok: false, error: [{ path: ROOT_PATH, message: 'not a scenario (a JSON object is expected)' }] };
  const early = versionIssue(json, 'version');
  if (early) return { ok: false, error: [early] };
  return validate(json, scenarioSchema as v.GenericSchema<unknown, Scenario>, [], (sc) => ({ sc, at: [] }));
}

/** The document for a scenario and, optionally, where the view stands. */
export function scenarioDocument(scenario: Scenario, view?: ScenarioView): ScenarioDocument {
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, scenario, ...(view ? { view } : {}) };
}

/**
 * The document with its keys in the schema's order and nothing else (for stable JSON). Falls back
 * to the document as given when it does not fit the shape.
 */
export function canonicalDocument(doc: ScenarioDocument): ScenarioDocument {
  const r = v.safeParse(documentSchema, doc);
  return r.success ? (r.output as ScenarioDocument) : doc;
}
