import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from '../scenario/presets/figure9';
import { scenarioDocument } from '../scenario/schema';
import { decodeShareHash, encodeShareHash } from '../scenario/share';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// A shared document replays to exactly where it was shared: same event, fingerprint, selection.

/** Kills MVS1 here, steps five events and opens the current document: the same place comes back. */
async function killStepAndReopen(): Promise<void> {
  const st = () => useAppStore.getState();
  await st().act('MVS1', 'kill');
  for (let i = 0; i < 5; i++) await st().step();
  const before = st().status;
  await st().openDocument(st().currentDocument());
  expect(st().status.eventIndex).toBe(before.eventIndex);
  expect(st().status.fingerprint).toBe(before.fingerprint);
}

describe('the store: share and restore', () => {
  it('restores the scenario with the user’s kill, the event index, node and record', async () => {
    setRuntimeFactory(() => new InProcessRuntime());
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    for (let i = 0; i < 30; i++) await st().step();
    await st().act('MVS1', 'kill');
    for (let i = 0; i < 20; i++) await st().step();
    const frame = st()
      .rows(0, st().trace.count)
      .filter((r) => r.kind === 'frame')
      .at(-3)!;
    await st().selectRecord(frame.index);
    st().selectNode('MVS5');
    const before = st().status;
    const doc = st().currentDocument();
    expect(doc.scenario.faults.at(-1)).toMatchObject({ node: 'MVS1', action: 'kill' });

    const back = decodeShareHash(encodeShareHash(doc));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    await st().loadScenario(figure9);
    await st().openDocument(back.value);
    expect(st().status.eventIndex).toBe(before.eventIndex);
    expect(st().status.fingerprint).toBe(before.fingerprint);
    expect(st().selectedNode).toBe('MVS5');
    expect(st().selectedRecord?.index).toBe(frame.index);
    expect(st().selectedRecord?.summary).toBe(frame.summary);
    expect(st().stacks.MVS1?.up).toBe(false);
    expect(st().ready).toBe(true);
  });

  it('a tampered selected record: the banner names view.selectedRecord, the run opens at its moment', async () => {
    setRuntimeFactory(() => new InProcessRuntime());
    const st = () => useAppStore.getState();
    const doc = scenarioDocument(figure9, { eventIndex: 400, selectedRecord: 90_000_000 });
    const back = decodeShareHash(encodeShareHash(doc));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    await st().openDocument(back.value);
    expect(st().ready).toBe(true);
    expect(st().status.eventIndex).toBe(400);
    expect(st().selectedRecord).toBeNull();
    expect(st().inputProblem).toEqual({
      title: 'The shared moment is not in this run; it opened at event 400.',
      issues: [
        'view.selectedRecord: the run has no trace record 90000000 by event 400; no packet is selected',
      ],
    });
    // A good link after it clears the banner.
    await st().openDocument(scenarioDocument(figure9, { eventIndex: 10 }));
    expect(st().inputProblem).toBeNull();
  });

  it('replays a kill made right after load', async () => {
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    await killStepAndReopen();
  });

  it('replays a kill made when Play stopped between events (the clock then stands past the last one)', async () => {
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    st().setSpeed('r1');
    const lastEventTime = () => st().rows(0, st().trace.count).at(-1)!.time;
    // Playing in virtual time runs to a time each frame: a pause leaves the clock where that got.
    for (let i = 0; i < 20 && !(st().status.time > lastEventTime()); i++) {
      st().play();
      await new Promise((r) => setTimeout(r, 30));
      st().pause();
      await st().captureSoFar(); // waits for the play loop's last turn
    }
    expect(st().status.time).toBeGreaterThan(lastEventTime());
    await killStepAndReopen();
  });

  it('a link to an event hours of replay away says how long it has left, and Stop leaves it usable', async () => {
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    const doc = { ...st().currentDocument(), view: { eventIndex: 1_000_000_000 } };
    const opening = st().openDocument(doc);
    for (let i = 0; i < 400 && !/ left…$/.test(st().activity ?? ''); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(st().activity).toMatch(
      /^replaying the run: event \d+ of 1000000000, about \d+ (min|h|days) left…$/,
    );
    expect(st().restoring?.target).toBe(1_000_000_000);
    st().pause();
    await opening;
    expect(st().ready).toBe(true);
    expect(st().restoring).toBeNull();
    expect(st().status.eventIndex).toBeLessThan(1_000_000_000);
  });

  it('restores the open panel and table, and shows only the last event’s CF operations as this step', async () => {
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    await st().act('MVS1', 'kill');
    // Step to the second event since the kill that touches the CF (the takeover claims DVA1's
    // entry and reads MVS1's recovery records): the replay's last chunk holds both.
    let touched = 0;
    for (let i = 0; i < 3000 && touched < 2; i++) {
      await st().step();
      if (st().cfOps.length) touched++;
    }
    const ops = st().cfOps;
    expect(ops.length).toBeGreaterThan(0);
    st().selectNode('MVS5');
    st().showTable('SAs');
    expect(st().panel).toBe('Node');
    const doc = st().currentDocument();
    expect(doc.view).toMatchObject({ panel: 'Node', table: 'SAs', selectedNode: 'MVS5' });

    await st().loadScenario(figure9);
    st().showPanel('Metrics');
    st().showTable('VIPADYN');
    const back = decodeShareHash(encodeShareHash(doc));
    if (!back.ok) throw new Error('own link');
    await st().openDocument(back.value);
    expect(st().status.eventIndex).toBe(doc.view!.eventIndex);
    expect({ panel: st().panel, table: st().table }).toEqual({ panel: 'Node', table: 'SAs' });
    expect(st().cfOps).toEqual(ops);
  });

  it('a link made before panels were shared opens the record’s inspector, else the node’s tables', async () => {
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    for (let i = 0; i < 5; i++) await st().step();
    const { panel: _p, table: _t, ...old } = st().currentDocument().view!;
    await st().openDocument({ ...st().currentDocument(), view: { ...old, selectedNode: 'MVS2' } });
    expect(st().panel).toBe('Node');
    const record = st().rows(0, st().trace.count).at(-1)!.index;
    await st().openDocument({
      ...st().currentDocument(),
      view: { ...old, selectedNode: 'MVS2', selectedRecord: record },
    });
    expect(st().panel).toBe('Inspector');
  });
});
