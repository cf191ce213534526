import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { figure9 } from '../scenario/presets/figure9';
import { decodeShareHash, encodeShareHash } from '../scenario/share';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// A shared document replays to exactly where it was shared: same event, fingerprint, selection.

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

  it('replays a kill made right after load (the clock then stands past the last event)', async () => {
    const st = () => useAppStore.getState();
    await st().loadScenario(figure9);
    await st().act('MVS1', 'kill');
    for (let i = 0; i < 5; i++) await st().step();
    const before = st().status;
    await st().openDocument(st().currentDocument());
    expect(st().status.eventIndex).toBe(before.eventIndex);
    expect(st().status.fingerprint).toBe(before.fingerprint);
  });
});
