import { beforeAll, describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from '../scenario/presets/figure9';
import { roleText } from './derive/roles';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// The store driven end to end on the in-process runtime (the browser uses one Worker per node).

const role = (stack: string, dvipa: string) => {
  const s = useAppStore.getState().stacks[stack]!;
  const r = s.roles.find((x) => x.dvipa === dvipa);
  return r ? roleText(r, s.up) : 'none';
};
const DVA1 = '203.0.113.11';

describe('the store on Figure 9', () => {
  beforeAll(async () => {
    setRuntimeFactory(() => new InProcessRuntime());
    await useAppStore.getState().loadScenario(figure9);
  });

  it('loads, steps and runs to the first phase after a kill, with roles from the views', async () => {
    const st = useAppStore.getState();
    expect(st.ready).toBe(true);
    const start = st.status.eventIndex;
    expect(start).toBeGreaterThan(0); // the sysplex is up on the first screen
    for (let i = 0; i < 40; i++) await useAppStore.getState().step();
    expect(useAppStore.getState().status.eventIndex).toBe(start + 40);
    expect(role('MVS1', DVA1)).toMatch(/^routing/);
    expect(role('MVS5', DVA1)).toBe('backup 10');

    useAppStore.getState().setPhaseTarget('takeover-complete');
    await useAppStore.getState().act('MVS1', 'kill');
    expect(role('MVS1', DVA1)).toBe('down');
    await useAppStore.getState().runToPhase();
    expect(role('MVS5', DVA1)).toMatch(/^routing/);
    expect(useAppStore.getState().phases.map((p) => p.kind)).toContain('takeover-complete');
    expect(useAppStore.getState().faults).toEqual([expect.objectContaining({ event: start + 40 })]);
  });

  it('steps back to before the kill: the old roles are back and the future is remembered', async () => {
    const total = useAppStore.getState().trace.total;
    await useAppStore.getState().seek(useAppStore.getState().faults[0]!.event! - 5);
    expect(role('MVS1', DVA1)).toMatch(/^routing/);
    expect(useAppStore.getState().trace.total).toBe(total);
    expect(useAppStore.getState().trace.count).toBeLessThan(total);
  });

  it('selecting a record seeks to right after its event', async () => {
    const frame = useAppStore
      .getState()
      .rows(0, 200)
      .find((r) => r.kind === 'frame' && r.event > 10)!;
    await useAppStore.getState().selectRecord(frame.index);
    expect(useAppStore.getState().status.eventIndex).toBe(frame.event + 1);
    expect(useAppStore.getState().selectedRecord?.index).toBe(frame.index);
  });

  it("shows the runtime's checkpoints, and more of them after running on", async () => {
    const before = useAppStore.getState().checkpoints;
    const stats = () => {
      const { count, bytes } = useAppStore.getState().checkpoints;
      return { count, bytes };
    };
    expect(before.count).toBeGreaterThan(0);
    expect(before.bytes).toBeGreaterThan(0);
    expect(before.budget).toBeGreaterThan(before.bytes);
    // Past the horizon, seeking forward runs new events; the in-process runtime's default places a
    // checkpoint every 1,000 events.
    await useAppStore.getState().seek(useAppStore.getState().horizon + 3_000);
    expect(stats().count).toBeGreaterThan(before.count);
    expect(stats().bytes).toBeGreaterThan(before.bytes);
  });

  it('filters the event list by node and kind', () => {
    useAppStore.getState().setFilter({ kinds: ['frame'], node: 'CF' });
    const rows = useAppStore.getState().rows(0, 50);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.kind === 'frame' && r.node === 'CF')).toBe(true);
    useAppStore.getState().setFilter({ kinds: [], node: null });
  });

  it('refuses a kill of a stack that is down and a restart of one that runs; says when the timeline branches', async () => {
    const st = () => useAppStore.getState();
    await st().seek(st().faults[0]!.event! - 5);
    const at = st().status.eventIndex;
    const later = st().horizon - at;
    expect(later).toBeGreaterThan(0);
    await st().act('MVS2', 'restart');
    expect(st().notice).toBe('MVS2 is running: kill or stop it first');
    expect(st().status.eventIndex).toBe(at);
    await st().act('MVS1', 'kill');
    expect(st().notice).toBe(
      `the timeline branches at event ${at}: its ${later.toLocaleString('en-US')} later events are gone`,
    );
    const killed = st().status.eventIndex;
    await st().act('MVS1', 'stop');
    expect(st().notice).toBe('MVS1 is already down');
    expect(st().status.eventIndex).toBe(killed);
    // At the end of the timeline nothing is lost: no notice.
    await st().act('MVS1', 'restart');
    expect(st().notice).toBeNull();
  });

  it('with a filter on, a seek back leaves no row or selection from the future', async () => {
    const st = () => useAppStore.getState();
    st().setFilter({ kinds: ['frame'], node: null });
    for (let i = 0; i < 3; i++) await st().nextPacket();
    const picked = st().selectedRecord!;
    await st().stepBack();
    await st().seek(st().status.eventIndex - 20);
    const { trace, status } = st();
    // The list's present ends before the packet; the rows after it are the remembered future.
    expect(trace.filteredCount).toBeLessThan(trace.filteredTotal);
    const last = st().rows(trace.filteredCount - 1, trace.filteredCount)[0]!;
    expect(last.event).toBeLessThan(status.eventIndex);
    expect(st().rows(trace.filteredCount, trace.filteredCount + 1)[0]!.event).toBeGreaterThanOrEqual(
      status.eventIndex,
    );
    // The Inspector follows the present: the list's last row up to it, not the packet ahead.
    expect(picked.event).toBeGreaterThanOrEqual(status.eventIndex);
    expect(st().selectedRecord?.index).toBe(last.index);
    st().setFilter({ kinds: [], node: null });
  });

  it('Next packet selects the packet it steps to, as a click on its row does', async () => {
    const st = () => useAppStore.getState();
    st().showPanel('Metrics');
    const from = st().status.eventIndex;
    await st().nextPacket();
    const r = st().selectedRecord;
    expect(r?.kind).toBe('frame');
    expect(r?.frame).toBeInstanceOf(Uint8Array);
    // The first packet after where it started, and the moment right after its event.
    expect(r!.event).toBe(st().status.eventIndex - 1);
    expect(r!.event).toBeGreaterThanOrEqual(from);
    expect(st().panel).toBe('Inspector');
  });
});
