import { roughBytes, tableEntryBytes } from './clone';
import { type Bucket, hash, isTableSnap, type TableSnap } from './table-snapshot';

// What a checkpoint holds that the one before it does not: the rough bytes (clone.ts's count) of
// every part of `later` that `earlier` does not hold at the same place. Snapshots share every part
// nothing changed since the snapshot before (host.ts, table-snapshot.ts, timer-table.ts), so
// walking the two side by side visits only what changed: a part that is the same object in both
// is skipped whole.
//
// The checkpoint store needs it when a checkpoint goes: the next one then holds, on its own, what
// it shared with the one dropped, but not what it shares with the one now before it. Moving the
// dropped one's bytes on counted an upper bound of that, ~1.6× what was held at 10,000
// connections (bench/SCALE.md, sixteenth session), so a thinning freed too little by the count and
// the budget then thinned far more checkpoints than it needed to.

type Obj = Record<string, unknown>;

/** Rough bytes of what `later` holds that `earlier` (a snapshot of the same tree) does not. */
export function unsharedBytes(later: unknown, earlier: unknown): number {
  if (later === earlier) return 0;
  if (typeof later === 'string') return roughBytes(later);
  if (typeof later !== 'object' || later === null) return 0;
  if (ArrayBuffer.isView(later) || later instanceof Map || later instanceof Set) return roughBytes(later);
  if (isTableSnap(later)) return unsharedTable(later, isTableSnap(earlier) ? earlier : null);
  // A container the later snapshot holds anew; the earlier one's at the same place, if it is one.
  const b =
    typeof earlier === 'object' &&
    earlier !== null &&
    !ArrayBuffer.isView(earlier) &&
    !isTableSnap(earlier) &&
    Array.isArray(earlier) === Array.isArray(later)
      ? (earlier as Obj)
      : null;
  if (Array.isArray(later)) {
    let n = 16 + 8 * later.length;
    for (let i = 0; i < later.length; i++) n += part(later[i], (b as unknown[] | null)?.[i]);
    return n;
  }
  const a = later as Obj;
  let n = 32;
  for (const k in a) n += 16 + part(a[k], b && Object.hasOwn(b, k) ? b[k] : undefined);
  return n;
}

/** A part of a container the later snapshot holds anew: its strings count with it (as clone.ts's). */
function part(later: unknown, earlier: unknown): number {
  return typeof later === 'string' ? roughBytes(later) : unsharedBytes(later, earlier);
}

/** The same for a table's snapshot: its key runs, its buckets and the entries in them. */
function unsharedTable(a: TableSnap, b: TableSnap | null): number {
  let n = 0;
  if (a.order === null) {
    // An array table: runs of elements by position.
    const same = b !== null && b.order === null;
    n += 16 + 8 * a.buckets.length;
    for (let i = 0; i < a.buckets.length; i++) {
      const run = a.buckets[i] as unknown[];
      const old = same ? (b.buckets[i] as unknown[] | undefined) : undefined;
      if (run === old) continue;
      n += 16 + 8 * run.length;
      for (let j = 0; j < run.length; j++) if (run[j] !== old?.[j]) n += tableEntryBytes(run[j]);
    }
    return n;
  }
  const other = b !== null && b.order !== null ? b : null;
  for (let r = 0; r < a.order.length; r++) {
    const run = a.order[r]!;
    if (other?.order?.[r] !== run) n += 16 + 8 * run.length + 96 + 4 * run.length;
  }
  if (a.order !== other?.order) n += 2 * (16 + 8 * a.order.length);
  if (a.counts !== other?.counts) n += 8 * a.buckets.length;
  const sameLayout = other !== null && other.buckets.length === a.buckets.length;
  const mask = other ? other.buckets.length - 1 : 0;
  for (let h = 0; h < a.buckets.length; h++) {
    const bucket = a.buckets[h] as Bucket;
    if (sameLayout && other.buckets[h] === bucket) continue;
    n += 32 + 16 * (a.counts?.[h] ?? 0);
    for (const [k, e] of bucket) {
      if (other) {
        const ob = other.buckets[sameLayout ? h : hash(k) & mask] as Bucket;
        if (ob.has(k) && ob.get(k) === e) continue;
      }
      n += tableEntryBytes(e);
    }
  }
  return n;
}
