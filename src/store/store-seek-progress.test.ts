import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdvanceLimit, AdvanceResult } from '../runtime/base-runtime';
import { InProcessRuntime } from '../runtime/in-process';
import { ScenarioRun } from '../runtime/scenario-run';
import { pagedSysplex } from '../runtime/test-support';
import { SAMPLE_GAP_EVENTS } from './derive/metrics';
import { setRuntimeFactory } from './session';
import { type AppState, SEEK_PROGRESS_FROM, useAppStore } from './store';

// A far seek replays thousands of events (seconds at 10,000 connections): the store publishes
// `seeking` (from which checkpoint, how far, to where) while it runs, and nothing for a short one.

/**
 * The in-process runtime, giving the event loop a turn every 400 events as the Worker runtime
 * does between its windows (the in-process one replays in one go, so no timer could fire).
 */
class PacedRuntime extends InProcessRuntime {
  protected override async advance(limit: AdvanceLimit): Promise<AdvanceResult> {
    await new Promise((r) => setTimeout(r, 15));
    return super.advance({ ...limit, target: Math.min(limit.target, this.position().eventIndex + 400) });
  }
}

const st = () => useAppStore.getState();

describe('a long seek shows its progress', () => {
  const seen: AppState['seeking'][] = [];
  let off: () => void;
  beforeAll(async () => {
    // Checkpoints 3,000 events apart: a seek back replays up to 3,000 events.
    setRuntimeFactory(() => new PacedRuntime(undefined, { checkpointEvery: 3_000 }));
    await st().loadScenario(pagedSysplex());
    off = useAppStore.subscribe((s, prev) => {
      if (s.seeking !== prev.seeking) seen.push(s.seeking);
    });
  });
  afterAll(() => off());

  it('publishes where a far seek replays from, how far it got, and clears it when done', async () => {
    seen.length = 0;
    const at = st().status.eventIndex;
    await st().seek(8_000);
    expect(st().status.eventIndex).toBe(8_000);
    expect(st().seeking).toBeNull();
    // Forward with no checkpoint ahead: from the present.
    expect(seen[0]).toEqual({ from: at, done: at, target: 8_000 });
    expect(seen.at(-1)).toBeNull();
    const progress = seen.slice(0, -1).map((s) => s!.done);
    expect(progress.length).toBeGreaterThan(3);
    // Monotonic, within the replay, and seen part way.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.every((d) => d >= at && d <= 8_000)).toBe(true);
    expect(progress.some((d) => d > at && d < 8_000)).toBe(true);
  });

  it('replays a seek back from the newest checkpoint before the target', async () => {
    seen.length = 0;
    await st().seek(5_900);
    expect(st().status.eventIndex).toBe(5_900);
    expect(seen[0]).toEqual({ from: 3_000, done: 3_000, target: 5_900 });
    expect(seen.at(-1)).toBeNull();
    expect(5_900 - 3_000).toBeGreaterThanOrEqual(SEEK_PROGRESS_FROM);
  });

  it('shows nothing for a short seek or a step back', async () => {
    seen.length = 0;
    await st().seek(3_500);
    await st().stepBack();
    expect(st().status.eventIndex).toBe(3_499);
    expect(seen).toEqual([]);
  });

  /** Resolves once a seek's progress has gone past its start. */
  const partWay = () =>
    new Promise<void>((resolve) => {
      const stop = useAppStore.subscribe((s) => {
        if (s.seeking && s.seeking.done > s.seeking.from) {
          stop();
          resolve();
        }
      });
    });

  /** The fingerprint a fresh in-process run of the same scenario has at this event. */
  const reference = async (event: number) => {
    const run = new ScenarioRun(new InProcessRuntime());
    await run.load(pagedSysplex());
    return (await run.seek(event)).fingerprint;
  };

  it('Stop ends a long seek where its replay got: an event on the way, exact as any', async () => {
    await st().seek(3_500);
    const seeking = st().seek(9_500);
    await partWay();
    const { from, target } = st().seeking!;
    st().stopSeek();
    await seeking;
    const at = st().status.eventIndex;
    expect(st().seeking).toBeNull();
    expect(at).toBeGreaterThan(from);
    expect(at).toBeLessThan(target);
    expect(st().status.fingerprint).toBe(await reference(at));
  });

  it('a seek asked for while a long seek replays replaces it instead of waiting for it', async () => {
    await st().seek(3_500);
    const shown: number[] = [];
    const off = useAppStore.subscribe((s) => shown.push(s.status.eventIndex));
    let stoppedAt = -1;
    const first = st()
      .seek(9_500)
      .then(() => {
        stoppedAt = st().status.eventIndex;
      });
    await partWay();
    const second = st().seek(4_000);
    await Promise.all([first, second]);
    off();
    expect(st().status.eventIndex).toBe(4_000);
    expect(st().status.fingerprint).toBe(await reference(4_000));
    // The first seek stopped on its way: the run never showed its target.
    expect(stoppedAt).toBeGreaterThan(3_500);
    expect(stoppedAt).toBeLessThan(9_500);
    expect(Math.max(...shown)).toBeLessThan(9_500);
  });

  it('the metrics plot breaks where a far seek forward showed nothing, and not for a short one', async () => {
    await st().seek(1_000);
    await st().seek(1_500);
    expect(st().samples.at(-1)?.gap).toBeUndefined();
    await st().seek(1_500 + SAMPLE_GAP_EVENTS);
    const last = st().samples.at(-1)!;
    expect(last.event).toBe(1_500 + SAMPLE_GAP_EVENTS);
    expect(last.gap).toBe(true);
    // The samples before the jump are kept; a seek back forgets the gap sample with the rest.
    expect(st().samples.some((x) => x.event === 1_500 && !x.gap)).toBe(true);
    await st().seek(1_200);
    expect(st().samples.every((x) => !x.gap)).toBe(true);
  });
});
