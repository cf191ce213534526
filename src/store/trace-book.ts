import type { TraceRecord } from '../sim/types';
import { type PhaseMark, phaseMark } from './phases';

// The store's bookkeeping of the trace (not reactive itself; the store publishes counts and a
// version). The runtime keeps the records; the book keeps:
// - `recent`: a bounded window of the newest records (what the current step and the panels need);
// - `future`: records beyond the present that were seen before seeking back (the run is
//   deterministic, so they come back identical when stepping forward; the event list shows them
//   dimmed instead of losing them) — dropped when an act branches the timeline;
// - the phase marks, and the indexes of records matching the event list's filter.

export interface TraceFilter {
  /** Record kinds to show (empty: all). */
  kinds: readonly string[];
  /** Node to show (null: all). */
  node: string | null;
}

export const NO_FILTER: TraceFilter = { kinds: [], node: null };

const RECENT = 2_000;
const FUTURE_MAX = 50_000;

export const isFiltered = (f: TraceFilter): boolean => f.kinds.length > 0 || f.node !== null;

export function matches(f: TraceFilter, r: TraceRecord): boolean {
  return (f.kinds.length === 0 || f.kinds.includes(r.kind)) && (f.node === null || r.node === f.node);
}

export class TraceBook {
  count = 0;
  recent: TraceRecord[] = [];
  /**
   * The future, nearest record last: a step back puts its few records at the end and stepping
   * forward takes them from there, without copying the whole future (up to FUTURE_MAX) each time.
   */
  private ahead: TraceRecord[] = [];
  /** Records since the last takeStep(): the current step. */
  private step: TraceRecord[] = [];
  readonly phases = new Map<number, PhaseMark>();
  /** This run writes `phase …` notes: the older plain notes no longer count as phases. */
  sawPhaseNotes = false;
  filter: TraceFilter = NO_FILTER;
  private filteredPresent: number[] = [];
  /** Indexes of the future's records matching the filter, nearest last (as `ahead`). */
  private filteredFuture: number[] = [];

  constructor(
    private readonly read: (from: number, to: number) => TraceRecord[],
    /** The oldest record the runtime still holds (it trims the oldest: Runtime.firstRecord). */
    private readonly firstKept: () => number = () => 0,
  ) {}

  reset(): void {
    this.count = 0;
    this.recent = [];
    this.ahead = [];
    this.step = [];
    this.phases.clear();
    this.sawPhaseNotes = false;
    this.filteredPresent = [];
    this.filteredFuture = [];
  }

  append(records: readonly TraceRecord[]): void {
    for (const r of records) {
      this.recent.push(r);
      this.step.push(r);
      const p = phaseMark(r, !this.sawPhaseNotes);
      if (p && !p.legacy && !this.sawPhaseNotes) {
        this.sawPhaseNotes = true;
        for (const [k, m] of this.phases) if (m.legacy) this.phases.delete(k);
      }
      if (p) this.phases.set(r.index, p);
      if (matches(this.filter, r)) this.filteredPresent.push(r.index);
    }
    if (this.recent.length > RECENT * 1.5) this.recent = this.recent.slice(-RECENT);
    if (this.step.length > RECENT) this.step = this.step.slice(-RECENT);
    if (records.length) this.count = records[records.length - 1]!.index + 1;
    // Re-generated records replace their future copies (identical: the run is deterministic).
    this.dropFutureBefore(this.count);
  }

  /** The future's records before `count` go (the present reached them, or passed them by). */
  private dropFutureBefore(count: number): void {
    const ahead = this.ahead;
    while (ahead.length && ahead[ahead.length - 1]!.index < count) ahead.pop();
    const ff = this.filteredFuture;
    while (ff.length && ff[ff.length - 1]! < count) ff.pop();
  }

  /** The records beyond the present seen before seeking back, in order. */
  get future(): TraceRecord[] {
    return this.ahead.slice().reverse();
  }

  /** Before seeking back to `event`: keep what will be cut as the future. */
  stashFuture(event: number): void {
    // Binary search for the first record of `event`, one record read at a time (no big copies).
    // A record the runtime no longer holds is older than every one it holds (it keeps the newest).
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.read(mid, mid + 1)[0];
      if (!r || r.event < event) lo = mid + 1;
      else hi = mid;
    }
    const cut = this.read(lo, this.count);
    if (!cut.length) return;
    for (let i = cut.length - 1; i >= 0; i--) {
      this.ahead.push(cut[i]!);
      if (matches(this.filter, cut[i]!)) this.filteredFuture.push(cut[i]!.index);
    }
    // The farthest records go once the future is well over its bound (not at every step back).
    if (this.ahead.length > FUTURE_MAX * 1.25) {
      this.ahead = this.ahead.slice(-FUTURE_MAX);
      const end = this.ahead[0]!.index;
      this.filteredFuture = this.filteredFuture.filter((i) => i <= end);
    }
  }

  truncate(count: number): void {
    this.count = Math.min(this.count, count);
    this.recent = this.recent.filter((r) => r.index < count);
    this.step = [];
    let n = this.filteredPresent.length;
    while (n > 0 && this.filteredPresent[n - 1]! >= count) n--;
    this.filteredPresent.length = n;
  }

  /** The trace goes on from record `count`, the ones before it not in memory (a forward restore). */
  skip(count: number): void {
    this.count = count;
    this.recent = [];
    this.step = [];
    this.dropFutureBefore(count);
  }

  /** A new act: the old future is not this timeline's. */
  dropFuture(): void {
    this.ahead = [];
    this.filteredFuture = [];
    for (const k of [...this.phases.keys()]) if (k >= this.count) this.phases.delete(k);
  }

  takeStep(): TraceRecord[] {
    const s = this.step;
    this.step = [];
    return s;
  }

  setFilter(f: TraceFilter): void {
    this.filter = f;
    this.filteredPresent = [];
    for (const r of this.read(0, this.count)) if (matches(f, r)) this.filteredPresent.push(r.index);
    this.filteredFuture = this.ahead.filter((r) => matches(f, r)).map((r) => r.index);
  }

  /** Rows of the event list: every record, present then future. */
  get total(): number {
    return this.count + this.ahead.length;
  }

  /** Rows of the filtered list up to the present (the future's rows come after them). */
  get filteredCount(): number {
    return this.filteredPresent.length - this.presentStart();
  }

  /** The list's last row up to the present (the record the present's row shows), if any. */
  lastPresent(filtered: boolean): TraceRecord | undefined {
    const n = filtered ? this.filteredCount : this.count;
    return n > 0 ? this.rows(n - 1, n, filtered)[0] : undefined;
  }

  get filteredTotal(): number {
    const s = this.presentStart();
    return this.filteredPresent.length - s + this.filteredFuture.length;
  }

  /**
   * Where the filtered list's present begins in filteredPresent: at the first match the runtime
   * still holds. Matches it trimmed would leave rows without records, and the rows after them
   * drawn one place up. Every match since the load was kept; they go once they are many.
   */
  private presentStart(): number {
    const p = this.filteredPresent;
    const first = this.firstKept();
    if (!p.length || p[0]! >= first) return 0;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p[mid]! < first) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= 1024 && lo * 4 >= p.length) {
      this.filteredPresent = p.slice(lo);
      return 0;
    }
    return lo;
  }

  /** Record at trace index i (present from the runtime, or from the future). */
  record(i: number): TraceRecord | undefined {
    if (i >= this.count) return this.ahead[this.ahead.length - 1 - (i - this.count)];
    const w = this.recent[0];
    if (w && i >= w.index) return this.recent[i - w.index];
    return this.read(i, i + 1)[0];
  }

  /**
   * The 'drop' record the event of `r` ended in at r's node (a frame it discarded), if any: the
   * records an event writes follow its input's record.
   */
  dropAfter(r: TraceRecord): TraceRecord | undefined {
    for (let i = r.index + 1; ; i++) {
      const next = this.record(i);
      if (!next || next.event !== r.event) return undefined;
      // Not a drop of a frame the node was sending in reply ("drop (send-…)": ip-out.ts).
      if (next.kind === 'drop' && next.node === r.node && !next.summary.startsWith('drop (send-'))
        return next;
    }
  }

  /** Records of rows [from, to) of the (filtered) list. */
  rows(from: number, to: number, filtered: boolean): TraceRecord[] {
    const out: TraceRecord[] = [];
    if (!filtered) {
      const presentTo = Math.min(to, this.count);
      if (from < presentTo) out.push(...this.read(from, presentTo));
      for (let i = Math.max(from, this.count); i < to && i < this.total; i++)
        out.push(this.ahead[this.ahead.length - 1 - (i - this.count)]!);
      return out;
    }
    const total = this.filteredTotal;
    const s = this.presentStart();
    const np = this.filteredPresent.length - s;
    for (let i = from; i < to && i < total; i++) {
      const ff = this.filteredFuture;
      const idx = i < np ? this.filteredPresent[s + i]! : ff[ff.length - 1 - (i - np)]!;
      const r = this.record(idx);
      if (r) out.push(r);
    }
    return out;
  }

  /** Row number of trace index `index` in the (filtered) list, or -1. */
  rowOf(index: number, filtered: boolean): number {
    if (!filtered) return index < this.total ? index : -1;
    const s = this.presentStart();
    const present = this.filteredPresent;
    const np = present.length - s;
    const ff = this.filteredFuture;
    // Row r is present[s + r], then ff read from its end.
    const n = np + ff.length;
    const at = (r: number) => (r < np ? present[s + r]! : ff[ff.length - 1 - (r - np)]!);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(mid) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo < n && at(lo) === index ? lo : -1;
  }
}
