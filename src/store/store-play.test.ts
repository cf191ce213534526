import { describe, expect, it, vi } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from '../scenario/presets/figure9';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// The play loop on the in-process runtime: it runs events frame after frame at each speed, and
// whenever it stops (pause, a step) the views, stack summaries and metrics are those of the
// current event, even when frames in between refreshed only the status and the packets.

const st = () => useAppStore.getState();
/** The last metric sample is taken from the views: its event is the one the views were read at. */
const viewsEvent = () => st().samples.at(-1)?.event;
const WAIT = { timeout: 20_000, interval: 5 };

/**
 * Resolves at the first store update past `event`. Not a timer poll: at full speed in Node the play
 * loop's MessageChannel turns leave timers few chances to run, and a poll for 1,500 events saw one
 * only after ~100,000 (8 s here, past the test's time on a loaded CI machine).
 */
const reached = (event: number) =>
  new Promise<void>((resolve) => {
    if (st().status.eventIndex > event) return resolve();
    const stop = useAppStore.subscribe((s) => {
      if (s.status.eventIndex <= event) return;
      stop();
      resolve();
    });
  });

describe('the store: playing', () => {
  it('plays as fast as possible; after a pause the views are those of the current event', async () => {
    let rt: InProcessRuntime | undefined;
    setRuntimeFactory(() => {
      rt = new InProcessRuntime();
      return rt;
    });
    await st().loadScenario(figure9);
    const start = st().status.eventIndex;
    st().setSpeed('max');
    st().play();
    expect(st().playing).toBe(true);
    await reached(start + 1_500);
    st().pause();
    expect(st().playing).toBe(false);
    // The chunk under way when Pause came still lands: the store catches up with the runtime. (The
    // views of an earlier full refresh matched the status shown while that chunk ran.)
    await vi.waitFor(() => {
      expect(st().status.eventIndex).toBe(rt!.status().eventIndex);
      expect(viewsEvent()).toBe(st().status.eventIndex);
    }, WAIT);
    const at = st().status.eventIndex;
    expect(st().horizon).toBe(at);
    expect(st().trace.count).toBeGreaterThan(0);
    expect(st().stacks.MVS1?.up).toBe(true);
    // Stepping and seeking still work from where the play stopped.
    await st().step();
    expect(st().status.eventIndex).toBe(at + 1);
    expect(viewsEvent()).toBe(at + 1);
    await st().seek(at - 100);
    expect(st().status.eventIndex).toBe(at - 100);
    expect(viewsEvent()).toBe(at - 100);
  });

  it('after a pause a step back replays a few events: the runtime readied a checkpoint (sparse while playing)', async () => {
    const restored: number[] = [];
    class Spy extends InProcessRuntime {
      protected override restoreHosts(index: number): void {
        restored.push(index);
        super.restoreHosts(index);
      }
    }
    // Checkpoints by cost on a clock of one ms a reading: ~99 events apart while playing.
    let t = 0;
    setRuntimeFactory(() => new Spy(undefined, { checkpointMs: 4, checkpointShare: 0.01, clock: () => ++t }));
    await st().loadScenario(figure9);
    const start = st().status.eventIndex;
    st().setSpeed('max');
    st().play();
    await reached(start + 1_500);
    // Paused and stepped back at once: the step back still finds a checkpoint just before.
    st().pause();
    await st().stepBack();
    const at = st().status.eventIndex;
    expect(at).toBeGreaterThanOrEqual(start + 1_500);
    expect(at - restored.at(-1)!).toBeLessThan(5);
    setRuntimeFactory(() => new InProcessRuntime());
  });

  it('plays event by event and by virtual time', async () => {
    await st().loadScenario(figure9);
    for (const speed of ['e30', 'r0.01']) {
      const from = st().status;
      st().setSpeed(speed);
      st().play();
      await vi.waitFor(() => expect(st().status.eventIndex).toBeGreaterThan(from.eventIndex + 2), WAIT);
      st().pause();
      await vi.waitFor(() => expect(viewsEvent()).toBe(st().status.eventIndex), WAIT);
      expect(st().status.time).toBeGreaterThan(from.time);
    }
  });

  it('a kill while playing stops the play and shows the stack down', async () => {
    await st().loadScenario(figure9);
    st().setSpeed('max');
    st().play();
    await reached(1_000);
    await st().act('MVS1', 'kill');
    expect(st().playing).toBe(false);
    expect(st().stacks.MVS1?.up).toBe(false);
    expect(viewsEvent()).toBe(st().status.eventIndex);
  });
});
