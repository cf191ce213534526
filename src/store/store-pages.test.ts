import { beforeAll, describe, expect, it } from 'vitest';
import type { StackView } from '../nodes/stack/views';
import { InProcessRuntime } from '../runtime/in-process';
import { pagedSysplex } from '../runtime/test-support';
import { figure9 } from '../scenario/presets/figure9';
import { VIEW_ROWS } from '../sim/view-page';
import { setRuntimeFactory } from './session';
import { useAppStore } from './store';

// The store asks for the table pages the user turned to (StackPanel's pager) on every refresh.

const st = () => useAppStore.getState();
const vcrt = () => (st().views.MVS1!.state as StackView).vcrt;

describe('table pages through the store', () => {
  beforeAll(async () => {
    setRuntimeFactory(() => new InProcessRuntime());
    await st().loadScenario(pagedSysplex());
    await st().seek(4_000);
  });

  it('reads table rows only for the selected node', async () => {
    expect(vcrt()).toEqual({ from: 0, total: 180, rows: [] });
    st().selectNode('MVS1');
    await st().step();
    expect(vcrt().rows).toHaveLength(VIEW_ROWS);
    expect((st().views.Client1!.state as StackView).tcp.conns.rows).toEqual([]);
  });

  it('shows the page asked for, keeps it while stepping, and starts on the first page after a load', async () => {
    expect(vcrt()).toMatchObject({ from: 0, total: 180 });
    await st().showTablePage('MVS1', 'vcrt', VIEW_ROWS);
    expect(vcrt()).toMatchObject({ from: VIEW_ROWS, total: 180 });
    expect(vcrt().rows).toHaveLength(180 - VIEW_ROWS);
    await st().step();
    expect(vcrt().from).toBe(VIEW_ROWS);
    await st().showTablePage('MVS1', 'vcrt', 0);
    expect(vcrt().from).toBe(0);
    await st().showTablePage('MVS1', 'vcrt', VIEW_ROWS);
    await st().loadScenario(figure9);
    expect(st().tablePages).toEqual({});
    st().selectNode('MVS1');
    await st().step();
    expect(vcrt()).toMatchObject({ from: 0, total: (st().views.MVS1!.state as StackView).vcrt.rows.length });
  });
});
