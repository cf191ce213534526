// Copies of actor state for checkpoints, without structuredClone's serialise-and-parse round trip.
//
// What node states hold (src/nodes/**): plain objects, arrays, strings, numbers, booleans, null,
// undefined, Uint8Array / Uint32Array; the contract (src/sim/README.md) also allows Map and Set.
// A copy keeps everything the actor code can see of a tree: key order, -0, NaN, holes, null
// prototypes become Object.prototype (as structuredClone does), and a typed array keeps its layout
// (its byteOffset into a copy of its whole buffer).
//
// Unlike structuredClone, a part reachable twice is copied twice: a copy is a tree. Keeping the
// sharing costs a hash lookup per part, which measured at twice the time of the walk itself and
// left the copy no faster than structuredClone. Node states do share parts, but only ones nothing
// writes after they are made (an IKE SA refers to its peer's config, which the config's list holds
// too; the PSK and ID bytes likewise), and nothing compares them by identity: copied twice they
// behave the same. clone.test.ts checks that on real runs (every part a live state holds twice
// stays unchanged). A cycle is an error (a state is data, not a graph).
//
// Anything else (Date, RegExp, class instances, boxed primitives…) is handed to structuredClone.
// Node states have no enumerable symbol keys (tables' marks are not enumerable): a plain object's
// copy starts as a spread of it, which would share such a key's value rather than copy it.
//
// A node's own state copies (cloneState*: its snapshots and restores) treat tables (tables.ts)
// apart: a snapshot holds a table's entries in buckets (table-snapshot.ts) and a restore rebuilds
// the container, and both share the entries themselves, until the actor writes one (tables.ts
// explains the rule). Every other copy is a whole tree, tables included.
//
// Each copy also counts roughly the bytes it allocates (for checkpoint budgets, not accounting):
// an object 32 + 16 a property, an array 16 + 8 an element, a Map 64 + 24 an entry, a Set 64 + 16
// an entry, a string 16 + 2 a character, a typed array 64 + 32 + its buffer's bytes.

import { setOwn } from './own-property';
import { isTableSnap, snapTable, type TableSnap, tableFrom } from './table-snapshot';
import { type Entries, isTable, newEpoch, sharedEntry, table } from './tables';

// structuredClone exists in Node, browsers and Workers, but the DOM-free core build does not declare
// it; reach it through globalThis with the one signature the kernel uses.
const sc = (globalThis as unknown as { structuredClone: <T>(value: T) => T }).structuredClone;

const OBJECT = 32;
const PROP = 16;
const ARRAY = 16;
const ELEM = 8;
const MAP = 64;
const MAP_ENTRY = 24;
const SET = 64;
const SET_ENTRY = 16;
const VIEW = 64;
const BUFFER = 32;
const OTHER = 64;

export interface Counted<T> {
  value: T;
  /** Bytes newly allocated for the copy (shared parts not included). */
  bytes: number;
  /** Bytes of the whole copy, shared parts included. */
  total: number;
}

type Obj = Record<string, unknown>;
type View = ArrayBufferView & { length?: number };
type ViewCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;

// One copy at a time (the kernel is single-threaded and nothing here re-enters): module state is
// cheaper than passing a context through every call.
let bytes = 0;
/** Bytes of the base's parts a shared copy reused. */
let kept = 0;
/** Containers being copied, nested: a cycle (or absurd nesting) stops at MAX_DEPTH. */
let depth = 0;
const MAX_DEPTH = 2000;
/** Keys of the objects being compared, a stack shared by the recursion (no allocation per object). */
const keys: string[] = [];
/** What each of those keys takes in the copy, the same stack's way. */
const values: unknown[] = [];
/** Tables are shared, not copied (a node's own state copies). */
let tables = false;
/** Rough bytes of table entries, measured once: an entry is not written once a copy shares it. */
const entrySizes = new WeakMap<object, number>();

/** A deep copy, as a tree (see the file comment for what it keeps). */
export function deepClone<T>(value: T): T {
  return cloneCounted(value).value;
}

/** deepClone, with the bytes it allocated. */
export function cloneCounted<T>(value: T): Counted<T> {
  begin();
  try {
    const v = copy(value) as T;
    return { value: v, bytes, total: bytes };
  } finally {
    end();
  }
}

/**
 * A copy of `value` that reuses every part of `base` equal to the same part of `value` (same
 * keys in the same order, same values, same typed array layout and bytes). `base` must be a copy
 * nobody mutates (an earlier snapshot): the result shares its unchanged subtrees. `bytes` counts
 * only what was newly allocated: 0 when value equals base throughout (then the result is base).
 */
export function cloneSharing<T>(value: T, base: unknown): Counted<T> {
  begin();
  try {
    const v = share(value, base) as T;
    return { value: v, bytes, total: bytes + kept };
  } finally {
    end();
  }
}

/**
 * A node's state copied for a snapshot or restore: as deepClone, but tables share their entries
 * (see the file comment). The live state's entries are shared from now on (tables.ts).
 */
export function cloneState<T>(value: T): Counted<T> {
  return stateCopy(() => cloneCounted(value));
}

/** cloneSharing for a node's state: as cloneState, and reusing what equals `base`. */
export function cloneStateSharing<T>(value: T, base: unknown): Counted<T> {
  return stateCopy(() => cloneSharing(value, base));
}

function stateCopy<T>(fn: () => Counted<T>): Counted<T> {
  tables = true;
  try {
    return fn();
  } finally {
    tables = false;
    newEpoch();
  }
}

function begin(): void {
  bytes = 0;
  kept = 0;
  depth = 0;
  keys.length = 0;
}

function end(): void {
  depth = 0;
  keys.length = 0;
  values.length = 0;
}

function enter(): void {
  if (++depth > MAX_DEPTH) throw new RangeError(`state nested deeper than ${MAX_DEPTH} (a cycle?)`);
}

function primitive(v: unknown): unknown {
  const t = typeof v;
  if (t === 'string') bytes += 16 + 2 * (v as string).length;
  else if (t === 'function' || t === 'symbol') throw new TypeError(`cannot clone a ${t}`);
  return v;
}

/** A primitive, uncounted (a shared copy counts strings with their container). */
function plain(v: unknown): unknown {
  const t = typeof v;
  if (t === 'function' || t === 'symbol') throw new TypeError(`cannot clone a ${t}`);
  return v;
}

const PLAIN = 0;
const ARRAY_KIND = 1;
const VIEW_KIND = 2;
const OTHER_KIND = 3;
/** A plain object without a prototype (its copy has Object.prototype, as structuredClone's has). */
const BARE = 4;

/** Plain object, array, typed array / DataView, or something else. */
function kindOf(v: object): number {
  const c = (v as { constructor?: unknown }).constructor;
  if (c === Object) return Object.getPrototypeOf(v) === Object.prototype ? PLAIN : OTHER_KIND;
  if (c === Array)
    return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype ? ARRAY_KIND : OTHER_KIND;
  if (ArrayBuffer.isView(v)) return VIEW_KIND;
  // No constructor, or an own property named 'constructor': the prototype decides.
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype ? PLAIN : p === null ? BARE : OTHER_KIND;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return primitive(v);
  if (tables) {
    if (isTable(v)) return shareTable(v as Obj, null);
    if (isTableSnap(v)) return restoreTable(v);
  }
  const kind = kindOf(v);
  if (kind === VIEW_KIND) return copyView(v as View);
  enter();
  let out: unknown;
  if (kind === PLAIN || kind === BARE) {
    // Spread first: V8 clones a fast object's shape and fields in one go, so the copy is as compact
    // as the original (an object literal's fields in-object) and has its hidden class; adding the
    // keys one by one to {} made a bigger object (fields out-of-object) of another class: a TCB copy
    // took ~2 kB. Then the nested containers are replaced by their copies.
    const src = v as Obj;
    const o: Obj = { ...src };
    let n = OBJECT;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' && x !== null) {
        if (k === '__proto__') setOwn(o, k, copy(x));
        else o[k] = copy(x);
      } else primitive(x);
      n += PROP;
    }
    bytes += n;
    out = o;
  } else if (kind === ARRAY_KIND) {
    const src = v as unknown[];
    const len = src.length;
    const a: unknown[] = [];
    for (let i = 0; i < len; i++) {
      const x = src[i];
      if (typeof x === 'object' && x !== null) a.push(copy(x));
      else if (x === undefined && !(i in src)) a.length = i + 1;
      else a.push(primitive(x));
    }
    bytes += ARRAY + ELEM * len;
    out = a;
  } else if (v instanceof Map && Object.getPrototypeOf(v) === Map.prototype) {
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) m.set(copy(k), copy(x));
    bytes += MAP + MAP_ENTRY * v.size;
    out = m;
  } else if (v instanceof Set && Object.getPrototypeOf(v) === Set.prototype) {
    const m = new Set<unknown>();
    for (const x of v) m.add(copy(x));
    bytes += SET + SET_ENTRY * v.size;
    out = m;
  } else if (v instanceof ArrayBuffer) {
    bytes += BUFFER + v.byteLength;
    out = v.slice(0);
  } else {
    bytes += OTHER;
    out = sc(v);
  }
  depth--;
  return out;
}

function copyView(v: View): ArrayBufferView {
  const buf = v.buffer;
  bytes += VIEW + BUFFER + buf.byteLength;
  // The common case, a Uint8Array over its whole buffer: new Uint8Array(u8) copies fastest.
  if (v.byteOffset === 0 && v.byteLength === buf.byteLength && v.constructor === Uint8Array)
    return new Uint8Array(v as Uint8Array);
  const copied = buf.slice(0);
  if (v instanceof DataView) return new DataView(copied, v.byteOffset, v.byteLength);
  return new (v.constructor as ViewCtor)(copied, v.byteOffset, v.length ?? 0);
}

// ---- sharing copies -------------------------------------------------------------------------

/** Equal for reuse (Object.is): 0 and -0 told apart, NaN equal to NaN. */
function same(x: unknown, y: unknown): boolean {
  if (x === y) return x !== 0 || 1 / (x as number) === 1 / (y as number);
  return Number.isNaN(x) && Number.isNaN(y);
}

function share(v: unknown, b: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    // Only a top-level primitive gets here (containers handle theirs).
    const before = bytes;
    primitive(v);
    if (same(v, b)) {
      kept += bytes - before;
      bytes = before;
    }
    return v;
  }
  if (typeof b !== 'object' || b === null) return copy(v);
  if (tables && isTable(v)) return shareTable(v as Obj, b);
  let kind = kindOf(v);
  if (kind === BARE) kind = PLAIN;
  // The base is a copy: a part of it without a prototype is not one (and not reusable).
  if (kind === OTHER_KIND || kind !== kindOf(b)) return copy(v);
  if (kind === VIEW_KIND) return shareView(v as View, b as View);
  enter();
  const out = kind === PLAIN ? shareObject(v as Obj, b as Obj) : shareArray(v as unknown[], b as unknown[]);
  depth--;
  return out;
}

function shareObject(v: Obj, b: Obj): Obj {
  const start = keys.length;
  let differs = false;
  let strings = 0;
  for (const k in v) {
    const x = v[k];
    const y = b[k];
    let r: unknown;
    if (typeof x === 'object' && x !== null) r = share(x, y);
    else {
      r = plain(x);
      if (typeof x === 'string') strings += 16 + 2 * x.length;
    }
    // Pushed after the recursion, which leaves both stacks as it found them. values: what each
    // container key takes (primitives are v's own, equal or not).
    keys.push(k);
    values.push(r);
    if (!differs && (!same(r, y) || (y === undefined && !(k in b)))) differs = true;
  }
  const end = keys.length;
  // Every key of v has the base's value: the base must have exactly these keys, in this order.
  if (!differs && !sameKeys(b, start, end)) differs = true;
  let out: Obj | null = null;
  if (differs) {
    // As in copy(): a spread of v has v's shape; its containers become the shared or copied ones.
    out = { ...v };
    for (let i = start; i < end; i++) {
      const r = values[i];
      if (typeof r !== 'object' || r === null) continue;
      const k = keys[i]!;
      if (k === '__proto__') setOwn(out, k, r);
      else out[k] = r;
    }
  }
  keys.length = start;
  values.length = start;
  const own = OBJECT + PROP * (end - start) + strings;
  if (out === null) {
    kept += own;
    return b;
  }
  bytes += own;
  return out;
}

function sameKeys(b: Obj, start: number, end: number): boolean {
  let i = start;
  for (const k in b) {
    if (i >= end || keys[i] !== k) return false;
    i++;
  }
  return i === end;
}

function shareArray(v: unknown[], b: unknown[]): unknown[] {
  const len = v.length;
  let out: unknown[] | null = len === b.length ? null : [];
  let strings = 0;
  for (let i = 0; i < len; i++) {
    const x = v[i];
    if (x === undefined && !(i in v)) {
      // A hole: reuse only if the base has the same hole.
      if (out === null && i in b) out = b.slice(0, i);
      if (out !== null) out.length = i + 1;
      continue;
    }
    const y = b[i];
    let r: unknown;
    if (typeof x === 'object' && x !== null) r = share(x, y);
    else {
      r = plain(x);
      if (typeof x === 'string') strings += 16 + 2 * x.length;
    }
    if (out === null && (!same(r, y) || (y === undefined && !(i in b)))) out = b.slice(0, i);
    if (out !== null) out.push(r);
  }
  const own = ARRAY + ELEM * len + strings;
  if (out === null) {
    kept += own;
    return b;
  }
  bytes += own;
  return out;
}

function shareView(v: View, b: View): ArrayBufferView {
  const buf = v.buffer;
  const bb = b.buffer;
  if (
    sameLayout(v, b) &&
    bb.byteLength === buf.byteLength &&
    // A Uint8Array over its whole buffer (the usual case) is compared as it is.
    ((v.constructor as unknown) === Uint8Array && v.byteLength === buf.byteLength
      ? sameElements(v as Uint8Array, b as Uint8Array)
      : sameBytes(buf, bb))
  ) {
    kept += VIEW + BUFFER + bb.byteLength;
    return b;
  }
  return copyView(v);
}

function sameLayout(v: View, b: View): boolean {
  return v.constructor === b.constructor && v.byteOffset === b.byteOffset && v.byteLength === b.byteLength;
}

function sameElements(x: Uint8Array, y: Uint8Array): boolean {
  const n = x.length;
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameBytes(a: ArrayBufferLike, b: ArrayBufferLike): boolean {
  const n = a.byteLength;
  if (n === 0) return true;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return false;
  return true;
}

// ---- tables -----------------------------------------------------------------------------------

/** A live table's snapshot, sharing buckets with `base` (table-snapshot.ts). */
function shareTable(v: Obj | unknown[], b: unknown): TableSnap {
  const c = snapTable(v, b, entry);
  bytes += c.bytes;
  kept += c.total - c.bytes;
  return c.snap;
}

/** A snapshot's table, live again: a container of the same entries, still shared. */
function restoreTable(v: TableSnap): unknown {
  return table(tableFrom(v) as Entries);
}

/** A table entry's rough bytes, as a snapshot counts it (unshared-bytes.ts). */
export const tableEntryBytes = (e: unknown): number => entry(e);

/** The bytes a copy of v would count (unshared-bytes.ts). */
export const roughBytes = (v: unknown): number => measure(v);

/** An entry's rough bytes (measured once: see entrySizes); marks it shared. */
function entry(e: unknown): number {
  if (typeof e !== 'object' || e === null) return measure(e);
  sharedEntry(e);
  let size = entrySizes.get(e);
  if (size === undefined) {
    size = measure(e);
    entrySizes.set(e, size);
  }
  return size;
}

/** The bytes copy() would count for v, without copying. */
function measure(v: unknown): number {
  if (typeof v === 'string') return 16 + 2 * v.length;
  if (typeof v !== 'object' || v === null) return 0;
  if (ArrayBuffer.isView(v)) return VIEW + BUFFER + v.buffer.byteLength;
  let n = 0;
  if (Array.isArray(v)) {
    n = ARRAY + ELEM * v.length;
    for (const x of v) n += measure(x);
  } else {
    n = OBJECT;
    const o = v as Obj;
    for (const k in o) n += PROP + measure(o[k]);
  }
  return n;
}
