// Play speeds: a few events per second to follow packets one by one, or a rate of virtual time.

export interface Speed {
  id: string;
  label: string;
  /** Events per real second (packet by packet), or… */
  eventsPerSecond?: number;
  /** …virtual seconds per real second (Infinity: as fast as the Workers go). */
  rate?: number;
}

export const SPEEDS: readonly Speed[] = [
  { id: 'e4', label: '4 events/s', eventsPerSecond: 4 },
  { id: 'e30', label: '30 events/s', eventsPerSecond: 30 },
  { id: 'r0.01', label: '0.01× virtual time', rate: 0.01 },
  { id: 'r0.1', label: '0.1× virtual time', rate: 0.1 },
  { id: 'r1', label: '1× virtual time', rate: 1 },
  { id: 'max', label: 'as fast as possible', rate: Number.POSITIVE_INFINITY },
];

export const DEFAULT_SPEED = 'r0.1';

/**
 * Wall time one animation frame may spend running events while playing (ms). The rest of the frame
 * is the refresh, React and the browser's own work, so a frame stays near 16.7 ms at any size.
 */
export const FRAME_BUDGET_MS = 8;
/** Events in one chunk at most (a chunk is one call into the runtime; awaiting it yields). */
export const MAX_CHUNK_EVENTS = 4_000;
/** The first chunk of a play, before anything is measured. */
export const FIRST_CHUNK_EVENTS = 16;
/**
 * While playing, the node views (one read of every node) are refreshed at most this often when a
 * frame runs more than FEW_EVENTS events; always after a pause, a step, a seek or an act.
 */
export const VIEWS_EVERY_MS = 150;
/** Frames running at most this many events refresh the views every frame (slow play). */
export const FEW_EVENTS = 8;

/**
 * Whether a play frame reads the node views (a full refresh) or only the status, packets and trace:
 * always when the play stops; never when nothing changed since they were read; every frame while
 * frames run few events; else at most every VIEWS_EVERY_MS.
 */
export function viewsDue(f: {
  /** Events this frame ran. */
  ran: number;
  /** Events ran since the views were read (this frame's included). */
  stale: boolean;
  msSinceViews: number;
  stopping: boolean;
}): boolean {
  if (f.stopping) return true;
  if (!f.stale) return false;
  return f.ran <= FEW_EVENTS || f.msSinceViews >= VIEWS_EVERY_MS;
}

/**
 * Sizes the chunks of events a frame runs so that they fill the frame's budget: from the events/ms
 * measured on the chunks so far (smoothed), never more than twice the last chunk (a chunk's cost
 * may jump: a takeover, a burst of connections), never past MAX_CHUNK_EVENTS.
 */
export class FramePacer {
  /** Events per ms of wall time, or null before the first measurement. */
  private rate: number | null = null;
  private last = FIRST_CHUNK_EVENTS;

  constructor(readonly budgetMs = FRAME_BUDGET_MS) {}

  /** Events for the next chunk, with `leftMs` of the frame's budget left (0: stop this frame). */
  next(leftMs: number): number {
    if (leftMs <= 0) return 0;
    if (this.rate === null) return this.last;
    const fit = Math.floor(this.rate * leftMs);
    return Math.max(1, Math.min(fit, 2 * this.last, MAX_CHUNK_EVENTS));
  }

  /** What a chunk did: `events` run in `ms` of wall time. */
  record(events: number, ms: number): void {
    if (events <= 0) return;
    this.last = events;
    const r = events / Math.max(ms, 0.05);
    // Quick to slow down (a slow chunk is what overruns a frame), slower to speed up.
    this.rate = this.rate === null ? r : r < this.rate ? r : 0.7 * this.rate + 0.3 * r;
  }

  /** The measured events per ms (null before the first chunk). */
  get eventsPerMs(): number | null {
    return this.rate;
  }
}

export function speedById(id: string): Speed {
  return SPEEDS.find((s) => s.id === id) ?? SPEEDS[3]!;
}
