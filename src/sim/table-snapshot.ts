// How a snapshot holds a table (tables.ts): its entries in buckets, so a snapshot shares with the
// one before it every bucket nobody touched, and a table of 10,000 connections of which 50 changed
// costs ~50 small buckets, not a new 10,000-key container.
//
// An object table's entries go to bucket hash(key) mod B, and the snapshot keeps the keys in
// their order (a restore rebuilds the container with exactly that key order: actor code iterates
// it) with each key's bucket, in runs of ORDER_RUN keys: a run is shared with the base while its
// keys are the same, so adding a key copies the last run, not the whole order (at 10,000
// connections, while they opened, copying whole orders was a quarter of what a checkpoint held).
// An array table's buckets are runs of CHUNK elements. B grows with the table (about 8 entries a
// bucket), a power of two, so it changes only when the table doubles or halves.

import { setOwn } from './own-property';

const SNAP: unique symbol = Symbol('table snapshot');
const CHUNK = 16;
const PER_BUCKET = 8;
const ORDER_SHIFT = 6;
const ORDER_RUN = 1 << ORDER_SHIFT;
const ORDER_MASK = ORDER_RUN - 1;

type Obj = Record<string, unknown>;
export type Bucket = ReadonlyMap<string, unknown>;

export interface TableSnap {
  readonly [SNAP]: true;
  /** The keys in order, in runs of ORDER_RUN (object tables), or null (array tables). */
  readonly order: readonly (readonly string[])[] | null;
  /** Each key's bucket, in the same runs (object tables). */
  readonly where: readonly Uint32Array[] | null;
  /** Number of entries (object tables) or length (array tables). */
  readonly length: number;
  /**
   * Object tables: Maps (a bucket object of a few unique keys made hidden classes nobody else
   * shares, a new one per key; Maps make none). Array tables: runs of elements.
   */
  readonly buckets: readonly (Bucket | unknown[])[];
  /** Entries per bucket (object tables). */
  readonly counts: Uint32Array | null;
  /** Rough bytes of each bucket's entries (object tables): a shared bucket's are not measured again. */
  readonly sizes: Float64Array | null;
}

export function isTableSnap(v: unknown): v is TableSnap {
  return typeof v === 'object' && v !== null && (v as { [SNAP]?: true })[SNAP] === true;
}

export interface TableCopy {
  snap: TableSnap;
  /** Rough bytes newly held (containers and entries `base` does not hold). */
  bytes: number;
  /** Rough bytes of the whole snapshot. */
  total: number;
}

/**
 * The snapshot of a live table, sharing what it can with `base` (the table's previous snapshot,
 * if any). `size` gives an entry's rough bytes.
 */
export function snapTable(live: Obj | unknown[], base: unknown, size: (e: unknown) => number): TableCopy {
  const b = isTableSnap(base) ? base : null;
  return Array.isArray(live)
    ? snapArray(live, b?.order === null ? b : null, size)
    : snapObject(live, b, size);
}

function snapArray(live: unknown[], base: TableSnap | null, size: (e: unknown) => number): TableCopy {
  const n = live.length;
  const buckets: unknown[][] = [];
  let bytes = 16 + 8 * Math.ceil(n / CHUNK);
  let total = bytes;
  for (let start = 0, i = 0; start < n; start += CHUNK, i++) {
    const end = Math.min(n, start + CHUNK);
    const old = base?.buckets[i] as unknown[] | undefined;
    let same = old !== undefined && old.length === end - start;
    let fresh = 0;
    for (let j = start; j < end; j++) {
      const s = size(live[j]);
      total += s;
      // Only what the old run does not hold at the same place is new (unshared-bytes.ts counts so).
      if (old?.[j - start] !== live[j]) {
        same = false;
        fresh += s;
      }
    }
    if (same) buckets.push(old!);
    else {
      buckets.push(live.slice(start, end));
      bytes += 16 + 8 * (end - start) + fresh;
    }
    total += 16 + 8 * (end - start);
  }
  if (base && base.length === n && buckets.every((x, i) => x === base.buckets[i]))
    return { snap: base, bytes: 0, total };
  return { snap: make(null, null, n, buckets, null, null), bytes, total };
}

function snapObject(live: Obj, base: TableSnap | null, size: (e: unknown) => number): TableCopy {
  const keys: string[] = [];
  for (const k in live) keys.push(k);
  const n = keys.length;
  const nb = bucketsFor(n);
  const old = base && base.buckets.length === nb ? base : null;
  const prior = base?.order ? base : null;
  // Each run of the key order (and of the keys' buckets) is the base's while its keys are the same.
  const order: (readonly string[])[] = [];
  const where: Uint32Array[] = [];
  let bytes = 0;
  let sameOrder = old !== null && old.length === n;
  for (let start = 0, r = 0; start < n; start += ORDER_RUN, r++) {
    const end = Math.min(n, start + ORDER_RUN);
    const run = old?.order?.[r];
    let same = run !== undefined && run.length === end - start;
    for (let i = start; same && i < end; i++) if (run![i - start] !== keys[i]) same = false;
    if (same) {
      order.push(run!);
      where.push(old!.where![r]!);
      continue;
    }
    sameOrder = false;
    const w = new Uint32Array(end - start);
    for (let i = start; i < end; i++) w[i - start] = hash(keys[i]!) & (nb - 1);
    order.push(keys.slice(start, end));
    where.push(w);
    bytes += 16 + 8 * (end - start) + 96 + 4 * (end - start);
  }
  const counts = new Uint32Array(nb);
  const dirty = new Uint8Array(nb);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const h = where[i >> ORDER_SHIFT]![i & ORDER_MASK]!;
    counts[h]!++;
    if (dirty[h]) continue;
    const e = live[k];
    const ob = old?.buckets[h] as Bucket | undefined;
    if (ob === undefined || ob.get(k) !== e || !ob.has(k)) dirty[h] = 1;
  }
  const buckets: Map<string, unknown>[] = new Array(nb);
  const sizes = new Float64Array(nb);
  for (let h = 0; h < nb; h++) {
    if (!dirty[h] && old && old.counts![h] === counts[h]) {
      buckets[h] = old.buckets[h] as Map<string, unknown>;
      sizes[h] = old.sizes![h]!;
    } else {
      buckets[h] = new Map();
      bytes += 32 + 16 * counts[h]!;
    }
  }
  for (let i = 0; i < n; i++) {
    const h = where[i >> ORDER_SHIFT]![i & ORDER_MASK]!;
    const bucket = buckets[h]!;
    if (old && bucket === old.buckets[h]) continue;
    const k = keys[i]!;
    const e = live[k];
    const s = size(e);
    sizes[h] = sizes[h]! + s;
    bucket.set(k, e);
    // After a resize the base holds the entry in another bucket (still shared, not new).
    const ob = (old ? old.buckets[h] : prior?.buckets[hash(k) & (prior.buckets.length - 1)]) as
      | Bucket
      | undefined;
    if (ob === undefined || ob.get(k) !== e || !ob.has(k)) bytes += s;
  }
  let total = 0;
  for (let h = 0; h < nb; h++) total += sizes[h]!;
  const runs = order.length;
  total += runs * (16 + 96) + 12 * n + 2 * (16 + 8 * runs) + 8 * nb + 32 * nb + 16 * n;
  if (sameOrder && buckets.every((x, h) => x === old!.buckets[h])) return { snap: old!, bytes: 0, total };
  bytes += 8 * nb;
  if (sameOrder) return { snap: make(old!.order, old!.where, n, buckets, counts, sizes), bytes, total };
  bytes += 2 * (16 + 8 * order.length);
  return { snap: make(order, where, n, buckets, counts, sizes), bytes, total };
}

/** The live container a snapshot was taken of (same entries, same key order). */
export function tableFrom(snap: TableSnap): Obj | unknown[] {
  if (snap.order === null) {
    const out: unknown[] = [];
    for (const b of snap.buckets) for (const e of b as unknown[]) out.push(e);
    return out;
  }
  const out: Obj = {};
  const { order, where, buckets } = snap;
  for (let r = 0; r < order.length; r++) {
    const run = order[r]!;
    const w = where![r]!;
    for (let i = 0; i < run.length; i++) {
      const k = run[i]!;
      setOwn(out, k, (buckets[w[i]!] as Bucket).get(k));
    }
  }
  return out;
}

function make(
  order: readonly (readonly string[])[] | null,
  where: readonly Uint32Array[] | null,
  length: number,
  buckets: (Bucket | unknown[])[],
  counts: Uint32Array | null,
  sizes: Float64Array | null,
): TableSnap {
  return { [SNAP]: true, order, where, length, buckets, counts, sizes };
}

function bucketsFor(n: number): number {
  let b = 1;
  while (b * PER_BUCKET < n) b *= 2;
  return b;
}

/** FNV-1a over the key's UTF-16 code units. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
