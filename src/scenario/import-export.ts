import {
  canonicalDocument,
  clip,
  FORBIDDEN_KEYS,
  formatPath,
  type Issue,
  MAX_DEPTH,
  parseScenario,
  parseScenarioDocument,
  type Result,
  ROOT_PATH,
  type ScenarioDocument,
  scenarioDocument,
} from './schema';

// Scenario JSON in and out. The text is checked by a small scanner before JSON.parse sees it, so a
// syntax error gets a line:column, nesting is bounded, and a `__proto__`/`constructor`/`prototype`
// key or a duplicate key is refused before any object is built from the input.

/** Characters of JSON accepted at most (a 64-stack sysplex with long profiles is far below). */
export const MAX_JSON_CHARS = 1 << 20;

/** Pretty JSON with the keys in the schema's order, so an export diffs cleanly. */
export function exportScenarioJson(doc: ScenarioDocument): string {
  return `${JSON.stringify(canonicalDocument(doc), null, 2)}\n`;
}

/**
 * A scenario file: a document (`format`, `version`, `scenario`, `view`) or a bare scenario (as the
 * CLI reads), returned as a document. Never throws.
 */
export function importScenarioJson(text: string): Result<ScenarioDocument, Issue[]> {
  const parsed = parseJsonText(text, 'json');
  if (!parsed.ok) return parsed;
  const json = parsed.value;
  const bare = typeof json === 'object' && json !== null && !('format' in json) && 'stacks' in json;
  const r = bare ? mapOk(parseScenario(json), scenarioDocument) : parseScenarioDocument(json);
  return r.ok ? r : { ok: false, error: placeIssues(text, r.error) };
}

const mapOk = <A, B, E>(r: Result<A, E>, f: (a: A) => B): Result<B, E> =>
  r.ok ? { ok: true, value: f(r.value) } : r;

/** A path's parent: `a.b[2]` → `a.b`, `a` → null. */
const LAST_PART = /(?:\.[A-Za-z_$][A-Za-z0-9_$]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/;

/**
 * Issues found on the parsed value, placed in the text: each gets the line:column of the value its
 * path names, or of its nearest enclosing one (a missing field: the object that lacks it). Issues
 * already placed (in a profile's own text) keep their place.
 */
export function placeIssues(text: string, issues: Issue[]): Issue[] {
  const at = new Map<string, number>();
  scanJson(text, (path, offset) => at.set(path, offset));
  return issues.map((issue) => {
    if (issue.line !== undefined) return issue;
    let path: string | null = issue.path;
    while (path !== null && !at.has(path)) {
      const m = LAST_PART.exec(path);
      path = m ? path.slice(0, m.index) || ROOT_PATH : path === ROOT_PATH ? null : ROOT_PATH;
    }
    const offset = path === null ? undefined : at.get(path);
    return offset === undefined ? issue : { ...issue, ...lineColumn(text, offset) };
  });
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * JSON text → value, or issues at a place (`where` names the input: `json`, `url.json`). The
 * scanner finds every syntax error JSON.parse would, so JSON.parse only runs on valid text.
 */
export function parseJsonText(text: string, where: string): Result<unknown, Issue[]> {
  if (text.length > MAX_JSON_CHARS)
    return {
      ok: false,
      error: [{ path: where, message: `too large: ${text.length} characters; at most ${MAX_JSON_CHARS}` }],
    };
  const err = scanJson(text);
  if (err) {
    const place = lineColumn(text, err.offset);
    return {
      ok: false,
      error: [{ path: err.path ?? where, message: err.message, offset: err.offset, ...place }],
    };
  }
  return { ok: true, value: JSON.parse(text) };
}

interface ScanError {
  offset: number;
  message: string;
  /** Set for a bad key: where it is in the document. */
  path?: string;
}

type Frame = { kind: 'object'; keys: Set<string>; key: string } | { kind: 'array'; index: number };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

const what = (text: string, i: number) =>
  i >= text.length ? 'the text ends' : `unexpected ${JSON.stringify(text[i])}`;

/**
 * Checks JSON syntax (RFC 8259) without recursion; null when the text is good. `onValue` gets each
 * value's path and offset (for placing issues found later on the parsed value).
 */
export function scanJson(text: string, onValue?: (path: string, offset: number) => void): ScanError | null {
  const stack: Frame[] = [];
  let i = 0;
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  /** A string starting at i; returns its end (after the quote) or an error. */
  const str = (): number | ScanError => {
    const start = i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) return { offset: start, message: 'a string is not closed' };
      if (c === 34) return ++i;
      if (c < 32) return { offset: i, message: 'a control character inside a string (escape it)' };
      if (c === 92) {
        ESCAPE.lastIndex = ++i;
        if (!ESCAPE.test(text)) return { offset: i - 1, message: 'a bad escape in a string' };
        i = ESCAPE.lastIndex;
      } else i++;
    }
  };
  /** A key of the object on top, then its colon. */
  const key = (): ScanError | null => {
    ws();
    if (text[i] !== '"') return { offset: i, message: `${what(text, i)}: expected a field name in quotes` };
    const start = i;
    const end = str();
    if (typeof end !== 'number') return end;
    const frame = stack[stack.length - 1] as Extract<Frame, { kind: 'object' }>;
    const k = JSON.parse(text.slice(start, end)) as string;
    frame.key = k;
    if (FORBIDDEN_KEYS.has(k))
      return { offset: start, message: `forbidden key "${k}" (refused, never used)`, path: pathOf(stack) };
    if (frame.keys.has(k))
      return { offset: start, message: `duplicate key "${clip(k, 40)}"`, path: pathOf(stack) };
    frame.keys.add(k);
    ws();
    if (text[i] !== ':') return { offset: i, message: `${what(text, i)}: expected ':' after the field name` };
    i++;
    return null;
  };
  for (;;) {
    // A value.
    ws();
    onValue?.(pathOf(stack), i);
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) return { offset: i, message: `nested deeper than ${MAX_DEPTH} levels` };
      i++;
      ws();
      if (c === '{') {
        stack.push({ kind: 'object', keys: new Set(), key: '' });
        if (text[i] === '}') {
          i++;
          stack.pop();
        } else {
          const e = key();
          if (e) return e;
          continue;
        }
      } else {
        stack.push({ kind: 'array', index: 0 });
        if (text[i] === ']') {
          i++;
          stack.pop();
        } else continue;
      }
    } else if (c === '"') {
      const end = str();
      if (typeof end !== 'number') return end;
    } else {
      const re = c === 't' || c === 'f' || c === 'n' ? LITERAL : NUMBER;
      re.lastIndex = i;
      if (!re.test(text)) return { offset: i, message: `${what(text, i)}: expected a value` };
      i = re.lastIndex;
    }
    // After a value: a comma, the end of its container, or the end of the text.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (!top)
        return i === text.length
          ? null
          : { offset: i, message: `${what(text, i)} after the end of the JSON value` };
      const close = top.kind === 'object' ? '}' : ']';
      if (text[i] === ',') {
        i++;
        if (top.kind === 'object') {
          const e = key();
          if (e) return e;
        } else top.index++;
        break;
      }
      if (text[i] !== close) return { offset: i, message: `${what(text, i)}: expected ',' or '${close}'` };
      i++;
      stack.pop();
    }
  }
}

function pathOf(stack: readonly Frame[]): string {
  return formatPath(stack.map((f) => (f.kind === 'object' ? f.key : f.index)));
}
