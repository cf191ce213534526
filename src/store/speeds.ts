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
 * Wall time one turn of the play loop runs events before it lets the browser in (ms): what a turn
 * of the in-process runtime blocks the main thread at most, so frames keep coming at any size.
 */
export const FRAME_BUDGET_MS = 8;
/** Events in one chunk at most (a chunk is one call into the runtime; awaiting it yields). */
export const MAX_CHUNK_EVENTS = 4_000;
/** The first chunk of a play, before anything is measured. */
export const FIRST_CHUNK_EVENTS = 16;
/**
 * Events in one chunk at least on a Worker runtime. There the wall time of a chunk is mostly
 * waiting for the Worker (the main thread is free meanwhile and frames render), and each chunk is
 * a round trip (on a pool of Workers, a chunk smaller than a lookahead window also cuts the window
 * short: at 10,000 connections a window holds ~70 events).
 */
export const WORKER_MIN_CHUNK_EVENTS = 128;
/** The status, packets, phases and trace are shown at most this often while playing (a frame)… */
export const PAINT_EVERY_MS = 16;
/**
 * While playing, the node views (one read of every node: stack roles, counters, metrics,
 * invariants) are refreshed at most this often; at the event-by-event speeds after every event, and
 * always once more when the play stops.
 */
export const VIEWS_EVERY_MS = 150;
/**
 * …and these, when the runtime cannot keep up with the speed (the turns use their whole budget):
 * the page then gives the run the time it would spend redrawing. At 10,000 connections (one run
 * each of bench/suites/scale.ts on the shared 2-core machine) a full refresh every 150 ms and a
 * light one every frame kept the frame interval p95 at 33 ms with 4 tasks over 50 ms; at 500 and
 * 33 ms it was 16.8 ms with none, and 2,833 events/s instead of 2,016.
 */
export const PAINT_EVERY_MS_BUSY = 33;
export const VIEWS_EVERY_MS_BUSY = 500;

/** Whether a turn of the play loop reads the node views (a full refresh). */
export function viewsDue(f: {
  /** The speed runs a few events per second (each one is worth seeing at once). */
  eventPaced: boolean;
  /** The turn used its whole budget with more to run (the runtime is behind the speed). */
  busy: boolean;
  /** Events this turn ran. */
  ran: number;
  /** Events ran since the views were read (this turn's included). */
  stale: boolean;
  msSinceViews: number;
  /** The play stops after this turn (paused, or the queue ran dry). */
  stopping: boolean;
}): boolean {
  if (f.stopping) return true;
  if (!f.stale) return false;
  if (f.eventPaced && f.ran > 0) return true;
  return f.msSinceViews >= (f.busy ? VIEWS_EVERY_MS_BUSY : VIEWS_EVERY_MS);
}

/** Packets on screen at most (each animates along its edges for a moment). */
export const MAX_FLIGHTS = 24;
/**
 * …while playing at 1× virtual time or faster: the packets are a blur there, and their animation
 * is not free (mounting them and repainting their paths every frame).
 */
export const MAX_FLIGHTS_FAST = 6;

/** Playing at 1× virtual time or faster: packets and rows go by faster than anyone follows them. */
export function playingFast(playing: boolean, speed: Speed): boolean {
  return playing && (speed.rate ?? 0) >= 1;
}

/** Packets to keep on screen: fewer while playing fast. */
export function flightCap(playing: boolean, speed: Speed): number {
  return playingFast(playing, speed) ? MAX_FLIGHTS_FAST : MAX_FLIGHTS;
}

/**
 * While playing at 1× virtual time or faster, a refresh's packets join the screen at most this
 * often: every refresh (each 16–33 ms) mounted up to MAX_FLIGHTS_FAST new ones. At 100 connections
 * as fast as possible, six runs each: 5.5% of frames over 20 ms without this, 4.3–5.3% with it,
 * 2.8% with the packets' animations on the compositor too (LinkEdge.tsx), 2.3–2.9% with no packets
 * shown at all (bench/SCALE.md, twentieth session).
 */
export const FLIGHTS_FAST_EVERY_MS = 200;

/** How long after the last packets joined new ones may (0: at every refresh). */
export function flightEvery(playing: boolean, speed: Speed): number {
  return playingFast(playing, speed) ? FLIGHTS_FAST_EVERY_MS : 0;
}

/**
 * Sizes the chunks of events a turn runs so that they fill the turn's time budget: from the
 * events/ms measured on the chunks so far (smoothed), never more than twice the last chunk (a
 * chunk's cost may jump: a takeover, a burst of connections), never past MAX_CHUNK_EVENTS, never
 * under `minChunk`.
 */
export class FramePacer {
  /** Events per ms of wall time, or null before the first measurement. */
  private rate: number | null = null;
  private last: number;

  constructor(
    readonly budgetMs = FRAME_BUDGET_MS,
    readonly minChunk = 1,
  ) {
    this.last = Math.max(FIRST_CHUNK_EVENTS, minChunk);
  }

  /** Events for the next chunk, with `leftMs` of the turn's budget left (0: stop this turn). */
  next(leftMs: number): number {
    if (leftMs <= 0) return 0;
    if (this.rate === null) return this.last;
    const fit = Math.floor(this.rate * leftMs);
    return Math.max(this.minChunk, Math.min(fit, 2 * this.last, MAX_CHUNK_EVENTS));
  }

  /** What a chunk did: `events` run in `ms` of wall time. */
  record(events: number, ms: number): void {
    if (events <= 0) return;
    this.last = events;
    const r = events / Math.max(ms, 0.05);
    // Quick to slow down (a slow chunk is what overruns a turn), slower to speed up.
    this.rate = this.rate === null ? r : r < this.rate ? r : 0.7 * this.rate + 0.3 * r;
  }

  /** The measured events per ms (null before the first chunk). */
  get eventsPerMs(): number | null {
    return this.rate;
  }
}

/** A pacer for a runtime: chunks of at least WORKER_MIN_CHUNK_EVENTS on Workers. */
export const pacerFor = (mode: 'in-process' | 'workers') =>
  new FramePacer(FRAME_BUDGET_MS, mode === 'workers' ? WORKER_MIN_CHUNK_EVENTS : 1);

export function speedById(id: string): Speed {
  return SPEEDS.find((s) => s.id === id) ?? SPEEDS[3]!;
}
