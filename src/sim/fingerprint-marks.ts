// The trace fingerprint and record count at every MARK_EVERY-th event boundary of the timeline, as
// first run. A replay of events the timeline has run before makes the same records again, so it
// may skip them (a quiet replay: no records, no digests, no fingerprint) up to a mark and take the
// fingerprint and the count from there: at 10,000 connections records were ~35% of replaying.
// 40 bytes a mark: ~220 kB for the 353,000 events of a 10,000-connection run.

/** Events between marks. */
export const MARK_EVERY = 64;

const FP = 32;

export interface FingerprintMark {
  /** The event boundary: the mark holds the state before event `event` ran (and before any injection there). */
  event: number;
  fingerprint: Uint8Array;
  /** Trace records before it. */
  count: number;
}

export class FingerprintMarks {
  private fps = new Uint8Array(64 * FP);
  private counts = new Float64Array(64);
  /** Marks held: mark i is at event i × MARK_EVERY; NaN count: not (yet) recorded. */
  private size = 0;

  /** Records the mark at `event` if it is a mark's boundary and not recorded yet. */
  note(event: number, fingerprint: Uint8Array, count: number): void {
    if (event % MARK_EVERY !== 0) return;
    const i = event / MARK_EVERY;
    if (i < this.size && !Number.isNaN(this.counts[i]!)) return;
    this.grow(i + 1);
    this.fps.set(fingerprint, i * FP);
    this.counts[i] = count;
  }

  /** The mark at `event`, if recorded. */
  at(event: number): FingerprintMark | undefined {
    if (event % MARK_EVERY !== 0) return undefined;
    const i = event / MARK_EVERY;
    if (i >= this.size || Number.isNaN(this.counts[i]!)) return undefined;
    return { event, fingerprint: this.fps.slice(i * FP, (i + 1) * FP), count: this.counts[i]! };
  }

  /** The newest recorded mark at or before `event` for which `ok(event)` holds, if any. */
  atOrBefore(event: number, ok: (event: number) => boolean = () => true): FingerprintMark | undefined {
    for (let i = Math.min(Math.floor(event / MARK_EVERY), this.size - 1); i >= 0; i--) {
      if (!Number.isNaN(this.counts[i]!) && ok(i * MARK_EVERY)) return this.at(i * MARK_EVERY);
    }
    return undefined;
  }

  /** The timeline branches at `event` (an injection there): marks after it are the old one's. */
  dropAfter(event: number): void {
    const keep = Math.min(this.size, Math.floor(event / MARK_EVERY) + 1);
    this.counts.fill(Number.NaN, keep, this.size);
    this.size = keep;
  }

  clear(): void {
    this.size = 0;
  }

  private grow(size: number): void {
    if (size > this.counts.length) {
      const cap = Math.max(size, 2 * this.counts.length);
      const fps = new Uint8Array(cap * FP);
      fps.set(this.fps);
      this.fps = fps;
      const counts = new Float64Array(cap).fill(Number.NaN);
      counts.set(this.counts.subarray(0, this.size));
      this.counts = counts;
    } else this.counts.fill(Number.NaN, this.size, size);
    this.size = Math.max(this.size, size);
  }
}
