import { beforeAll, describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from '../scenario/presets/figure9';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// What the toolbar says is running ("running to …") ends with the run, however the run ends: the
// user opened another scenario or stepped while it ran (a takeover-complete target with no fault
// runs on for a minute of virtual time, in chunks).

const s = () => useAppStore.getState();

async function whileRunningToPhase(then: () => Promise<void>): Promise<void> {
  s().setPhaseTarget('takeover-complete');
  const running = s().runToPhase();
  for (let i = 0; i < 200 && s().activity === null; i++) await new Promise((r) => setTimeout(r, 5));
  expect(s().activity).toMatch(/^running to takeover complete/);
  await then();
  await running;
}

describe('the activity shown while running to a phase', () => {
  beforeAll(async () => {
    setRuntimeFactory(() => new InProcessRuntime());
    await s().loadScenario(figure9);
  });

  it('goes when another scenario is opened meanwhile', async () => {
    await whileRunningToPhase(() => s().loadScenario(figure9));
    expect(s().activity).toBeNull();
    expect(s().ready).toBe(true);
  });

  it('goes when the user steps meanwhile', async () => {
    await whileRunningToPhase(() => s().step());
    expect(s().activity).toBeNull();
  });

  it('says so when the phase did not come, and the next action clears it', async () => {
    await s().loadScenario(figure9); // no fault: no takeover comes
    s().setPhaseTarget('takeover-complete');
    await s().runToPhase();
    expect(s().notice).toBe(
      'no takeover complete came within 60 s of virtual time; stopped at the last event before',
    );
    expect(s().activity).toBeNull();
    await s().step();
    expect(s().notice).toBeNull();
  });

  it('shows an event at one time however it was reached: a run-until that gave up, or a seek', async () => {
    await s().loadScenario(figure9);
    s().setPhaseTarget('takeover-complete');
    await s().runToPhase();
    const { eventIndex, time } = s().status;
    // The moment after an event is that event's time (its records'), not the run-until's limit.
    const last = s().rows(s().trace.count - 1, s().trace.count)[0]!;
    expect(last.event).toBe(eventIndex - 1);
    expect(time).toBe(last.time);
    await s().stepBack();
    await s().step();
    expect(s().status).toMatchObject({ eventIndex, time });
  });
});
