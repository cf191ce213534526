import { describe, expect, it } from 'vitest';
import type { Entry, QueuedInput } from './events';
import { type HostSnapshot, NodeHost } from './host';
import { defineActorKind } from './registry';
import { type PingerState, pinger } from './testing/pinger';
import { TimerTable } from './timer-table';

// NodeHost snapshots: nothing copied when nothing ran, only what changed when something did, and a
// restore that copies the state only once the node runs again (never touching the snapshot).

const tick = (token: number): QueuedInput => ({ type: 'timer', key: 'tick', token });
const ping = (n: number): QueuedInput => {
  const frame = new Uint8Array(64);
  frame[0] = 1;
  new DataView(frame.buffer).setUint32(4, n);
  return { type: 'frame', port: 'a', link: 'l', frame };
};

function host(): NodeHost {
  return new NodeHost({ id: 'p', kind: 'pinger', config: { periodUs: 100 } }, pinger, { a: 'l', b: 'm' }, 7);
}

/** Runs the start control, then n pings; returns the entries. */
function drive(h: NodeHost, from: number, n: number): Entry[] {
  const out: Entry[] = [];
  for (let i = from; i < from + n; i++) out.push(h.run(i * 10, ping(i), i) as Entry);
  return out;
}

const state = (h: NodeHost) => h.view().state as PingerState;
const timerIn = (s: HostSnapshot, key: string) => new TimerTable(s.timers).get(key);
/** A snapshot's timers as key → token. */
function timersOf(s: HostSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of s.timers.buckets) for (const [k, v] of b) out[k] = v;
  return out;
}

describe('NodeHost snapshots', () => {
  it('a node that ran nothing since gives the same state again, 0 bytes newly held', () => {
    const h = host();
    h.run(0, { type: 'control', action: 'start' }, 0);
    const a = h.snapshot();
    expect(a.bytes).toBeGreaterThan(0);
    const b = h.snapshot();
    expect(b.state).toBe(a.state);
    expect(b.timers).toBe(a.timers);
    expect(b.bytes).toBe(0);
    expect(b.total).toBe(a.total);
    // A stale timer (cancelled or replaced) is no event and changes nothing.
    expect(h.run(5, tick(999), 1)).toBeNull();
    expect(h.snapshot().state).toBe(a.state);
  });

  it('a node that ran copies only what changed, sharing the rest', () => {
    const h = host();
    h.run(0, { type: 'control', action: 'start' }, 0);
    drive(h, 1, 3);
    const a = h.snapshot();
    drive(h, 4, 1);
    const b = h.snapshot();
    const sa = a.state as PingerState;
    const sb = b.state as PingerState;
    expect(sb).not.toBe(sa);
    expect(sb.config).toBe(sa.config);
    expect(sb.received).toBe(sa.received + 1);
    expect(b.bytes).toBeGreaterThan(0);
    expect(b.bytes).toBeLessThan(b.total);
    // Snapshots never change after the fact.
    expect(sa.received).toBe(3);
  });

  it('restore copies nothing until the node runs, and running never touches the snapshot', () => {
    const h = host();
    h.run(0, { type: 'control', action: 'start' }, 0);
    drive(h, 1, 5);
    const snap = h.snapshot();
    const frozen = structuredClone(snap.state);
    const later = drive(h, 6, 5);
    const laterState = structuredClone(state(h));

    h.restore(snap);
    // Adopted as it is: a snapshot now shares it whole.
    const again = h.snapshot();
    expect(again.state).toBe(snap.state);
    expect(again.bytes).toBe(0);

    // Running again copies first: the same events give the same entries and state, and the
    // snapshot is as it was.
    expect(drive(h, 6, 5)).toEqual(later);
    expect(state(h)).toEqual(laterState);
    expect(snap.state).toEqual(frozen);
    // And the snapshot restores again to the same point.
    h.restore(snap);
    expect(drive(h, 6, 5)).toEqual(later);
    expect(snap.state).toEqual(frozen);
  });

  it('restoring a snapshot the node has not moved from keeps its live state (no copy)', () => {
    // No view function: the view is the live state itself, so its identity shows a copy.
    const raw = { ...pinger, view: undefined } as unknown as typeof pinger;
    const h = new NodeHost(
      { id: 'p', kind: 'pinger', config: { periodUs: 100 } },
      raw,
      { a: 'l', b: 'm' },
      7,
    );
    h.run(0, { type: 'control', action: 'start' }, 0);
    drive(h, 1, 5);
    const snap = h.snapshot();
    h.restore(snap);
    const live = h.view().state as PingerState;
    const then = structuredClone(live);
    h.restore(snap);
    h.restore(h.snapshot());
    expect(h.view().state).toBe(live);
    drive(h, 6, 3);
    expect(live).not.toEqual(then);
    h.restore(snap);
    expect(h.view().state).not.toBe(live);
    expect(h.view().state).toEqual(then);
  });

  it('timers restored are copied before they change, not the snapshot’s', () => {
    const h = host();
    const start = h.run(0, { type: 'control', action: 'start' }, 0) as Entry;
    const timer = start.outputs.find((o) => o.type === 'timer');
    expect(timer?.type).toBe('timer');
    const snap = h.snapshot();
    const token = timer!.type === 'timer' ? timer!.token : -1;
    expect(timersOf(snap)).toEqual({ tick: token });
    h.restore(snap);
    const e = h.run(100, tick(token), 1) as Entry;
    expect(e.records[0]!.summary).toBe('timer tick');
    expect(timersOf(snap)).toEqual({ tick: token });
    // The node set its next tick: the timers changed, so the snapshot after holds new ones.
    const next = h.snapshot();
    expect(next.timers).not.toBe(snap.timers);
    expect(timerIn(next, 'tick')).toBeGreaterThan(token);
    // Taken as they were, then copied when the node next set one: never the snapshot's.
    h.run(200, tick(timerIn(next, 'tick')!), 2);
    expect(timerIn(next, 'tick')).toBeLessThan(timerIn(h.snapshot(), 'tick')!);
  });

  it('a restart after a restore starts from init without copying the old state', () => {
    const h = host();
    h.run(0, { type: 'control', action: 'start' }, 0);
    drive(h, 1, 3);
    const snap = h.snapshot();
    h.restore(snap);
    h.run(50, { type: 'control', action: 'restart' }, 4);
    expect(state(h).received).toBe(0);
    expect((snap.state as PingerState).received).toBe(3);
  });
});

describe('NodeHost views', () => {
  it('gives the same view object while nothing ran or was restored and the options are the same', () => {
    const h = host();
    h.run(0, { type: 'control', action: 'start' }, 0);
    drive(h, 1, 2);
    const a = h.view();
    expect(h.view()).toBe(a);
    expect(h.view({ rows: 100, from: {} })).toBe(a);
    // Other options: another view; the same options again: made anew (one view is kept).
    const totals = h.view({ rows: 0, from: {} });
    expect(totals).not.toBe(a);
    expect(h.view()).not.toBe(a);
    expect(h.view()).toEqual(a);
    // A stale timer is no event: the view stands.
    const b = h.view();
    expect(h.run(25, tick(999), 3)).toBeNull();
    expect(h.view()).toBe(b);
    // An event makes a new view, showing it.
    drive(h, 3, 1);
    const c = h.view();
    expect(c).not.toBe(b);
    expect((c.state as PingerState).received).toBe(3);
  });

  it('a restore makes a new view of the restored state, unless the node is where it was', () => {
    const h = host();
    h.run(0, { type: 'control', action: 'start' }, 0);
    drive(h, 1, 2);
    const snap = h.snapshot();
    const atSnap = h.view();
    // Nothing ran since the snapshot: the restore keeps the live state and the view.
    h.restore(snap);
    expect(h.view()).toBe(atSnap);
    drive(h, 3, 4);
    expect(state(h).received).toBe(6);
    h.restore(snap);
    const back = h.view();
    expect(back).not.toBe(atSnap);
    expect((back.state as PingerState).received).toBe(2);
    expect(back).toEqual(atSnap);
  });
});

describe('NodeHost trace outputs', () => {
  it("records an actor's drop as a 'drop' record with its reason, a trace line as a note", () => {
    const dropper = defineActorKind<Record<string, never>, Record<string, never>>({
      kind: 'dropper',
      init: () => ({}),
      handle: (_s, input) =>
        input.type === 'frame'
          ? [
              { type: 'drop', reason: 'esp-unknown-spi', detail: 'ESP spi 0x1' },
              { type: 'trace', summary: 'just a note' },
            ]
          : [],
    });
    const h = new NodeHost({ id: 'd', kind: 'dropper', config: {} }, dropper, { a: 'l' }, 7);
    h.run(0, { type: 'control', action: 'start' }, 0);
    const e = h.run(10, ping(1), 1) as Entry;
    expect(e.records.slice(1).map((r) => [r.kind, r.summary])).toEqual([
      ['drop', 'drop (esp-unknown-spi): ESP spi 0x1'],
      ['note', 'just a note'],
    ]);
  });
});
