import { describe, expect, it } from 'vitest';
import {
  FIRST_CHUNK_EVENTS,
  FRAME_BUDGET_MS,
  FramePacer,
  flightCap,
  MAX_CHUNK_EVENTS,
  MAX_FLIGHTS,
  MAX_FLIGHTS_FAST,
  pacerFor,
  SPEEDS,
  speedById,
  VIEWS_EVERY_MS,
  VIEWS_EVERY_MS_BUSY,
  viewsDue,
  WORKER_MIN_CHUNK_EVENTS,
} from './speeds';

// The play loop's pacing, fed with measurements (no clock here): chunks fill the frame's time
// budget from the measured events/ms, and the node views are read only when due.

describe('FramePacer', () => {
  it('starts small and stops when the budget is used', () => {
    const p = new FramePacer();
    expect(p.budgetMs).toBe(FRAME_BUDGET_MS);
    expect(p.next(8)).toBe(FIRST_CHUNK_EVENTS);
    expect(p.next(0)).toBe(0);
    expect(p.next(-3)).toBe(0);
  });

  it('sizes a chunk to the time left at the measured rate', () => {
    const p = new FramePacer();
    p.record(100, 10); // 10 events/ms
    expect(p.eventsPerMs).toBe(10);
    expect(p.next(8)).toBe(80);
    expect(p.next(3)).toBe(30);
  });

  it('grows at most twice the last chunk, and never past the cap', () => {
    const p = new FramePacer();
    p.record(10, 1); // 10 events/ms, but only 10 events measured
    expect(p.next(8)).toBe(20);
    for (let i = 0; i < 20; i++) p.record(p.next(1_000), 0.01);
    expect(p.next(1_000)).toBe(MAX_CHUNK_EVENTS);
  });

  it('slows down at once when a chunk was slow, and speeds up gradually', () => {
    const p = new FramePacer();
    p.record(100, 10);
    p.record(100, 100); // a takeover: 1 event/ms
    expect(p.next(8)).toBe(8);
    p.record(8, 0.8); // fast again: 10 events/ms
    expect(p.eventsPerMs).toBeGreaterThan(1);
    expect(p.eventsPerMs).toBeLessThan(10);
  });

  it('runs at least one event while budget is left, however slow the events', () => {
    const p = new FramePacer();
    p.record(1, 500);
    expect(p.next(0.5)).toBe(1);
  });

  it('never sizes a chunk under its floor (the Worker runtime cuts windows short below it)', () => {
    const p = pacerFor('workers');
    expect(p.next(8)).toBe(WORKER_MIN_CHUNK_EVENTS);
    p.record(WORKER_MIN_CHUNK_EVENTS, 500); // slow: waiting for Workers
    expect(p.next(8)).toBe(WORKER_MIN_CHUNK_EVENTS);
    expect(p.next(0)).toBe(0);
    expect(pacerFor('in-process').next(8)).toBe(FIRST_CHUNK_EVENTS);
  });

  it('ignores empty chunks', () => {
    const p = new FramePacer();
    p.record(0, 5);
    expect(p.eventsPerMs).toBeNull();
    expect(p.next(8)).toBe(FIRST_CHUNK_EVENTS);
  });
});

describe('viewsDue', () => {
  const f = { eventPaced: false, busy: false, ran: 500, stale: true, msSinceViews: 20, stopping: false };
  it('reads the views when the play stops, whatever else', () => {
    expect(viewsDue({ ...f, stopping: true })).toBe(true);
    expect(viewsDue({ ...f, ran: 0, stale: false, msSinceViews: 0, stopping: true })).toBe(true);
  });
  it('does not read them when nothing ran since', () => {
    expect(viewsDue({ ...f, ran: 0, stale: false, msSinceViews: 10_000 })).toBe(false);
    expect(viewsDue({ ...f, eventPaced: true, ran: 0, stale: false })).toBe(false);
  });
  it('reads them at most every VIEWS_EVERY_MS, whatever a turn ran', () => {
    expect(viewsDue(f)).toBe(false);
    expect(viewsDue({ ...f, ran: 1 })).toBe(false);
    expect(viewsDue({ ...f, msSinceViews: VIEWS_EVERY_MS })).toBe(true);
    // Views left stale by earlier turns are read once due, even on a turn that ran nothing.
    expect(viewsDue({ ...f, ran: 0, msSinceViews: VIEWS_EVERY_MS })).toBe(true);
  });
  it('reads them less often when the runtime is behind the speed', () => {
    expect(VIEWS_EVERY_MS_BUSY).toBeGreaterThan(VIEWS_EVERY_MS);
    expect(viewsDue({ ...f, busy: true, msSinceViews: VIEWS_EVERY_MS })).toBe(false);
    expect(viewsDue({ ...f, busy: true, msSinceViews: VIEWS_EVERY_MS_BUSY })).toBe(true);
  });
  it('reads them after every event at the event-by-event speeds', () => {
    expect(viewsDue({ ...f, eventPaced: true, ran: 1 })).toBe(true);
  });
});

describe('speeds', () => {
  it('animates fewer packets while playing at 1× or faster', () => {
    expect(flightCap(true, speedById('max'))).toBe(MAX_FLIGHTS_FAST);
    expect(flightCap(true, speedById('r1'))).toBe(MAX_FLIGHTS_FAST);
    expect(flightCap(true, speedById('r0.1'))).toBe(MAX_FLIGHTS);
    expect(flightCap(true, speedById('e30'))).toBe(MAX_FLIGHTS);
    expect(flightCap(false, speedById('max'))).toBe(MAX_FLIGHTS);
    expect(MAX_FLIGHTS_FAST).toBeLessThan(MAX_FLIGHTS);
  });

  it('finds a speed by id and falls back to 0.1×', () => {
    expect(speedById('max').rate).toBe(Number.POSITIVE_INFINITY);
    expect(speedById('nope').id).toBe('r0.1');
    expect(new Set(SPEEDS.map((s) => s.id)).size).toBe(SPEEDS.length);
  });
});
