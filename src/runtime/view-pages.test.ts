import { describe, expect, it } from 'vitest';
import type { StackView } from '../nodes/stack/views';
import { buildWorld } from '../scenario/world';
import { VIEW_ROWS } from '../sim/view-page';
import { actorKinds } from './actor-kinds';
import { InMemoryWorker } from './in-memory-worker';
import { InProcessRuntime } from './in-process';
import type { Runtime } from './runtime';
import { pagedSysplex } from './test-support';
import { WorkerRuntime } from './worker-runtime';

// Node views carry the VCRT and the TCP connections a page at a time (src/sim/view-page.ts): both
// runtimes give the page asked for, per node and table, and the pages put together are the whole
// table in order.

const runtimes: [string, () => Runtime][] = [
  ['in-process', () => new InProcessRuntime(actorKinds)],
  ['workers', () => new WorkerRuntime(() => new InMemoryWorker(actorKinds), { workers: 2 })],
];

async function started(make: () => Runtime): Promise<Runtime> {
  const rt = make();
  await rt.load(buildWorld(pagedSysplex()));
  await rt.run({ time: 600_000 });
  return rt;
}

async function stack(rt: Runtime, node: string, pages = {}): Promise<StackView> {
  return (await rt.view(node, pages)).state as StackView;
}

describe.each(runtimes)('table pages in node views (%s)', (_, make) => {
  it('pages the VCRT and the TCP connections; together the pages are the whole table', async () => {
    const rt = await started(make);
    const first = await stack(rt, 'MVS1');
    expect(first.vcrt.total).toBe(180);
    expect(first.vcrt.rows).toHaveLength(VIEW_ROWS);
    expect(first.vcrt.from).toBe(0);
    const second = await stack(rt, 'MVS1', { vcrt: VIEW_ROWS });
    expect(second.vcrt).toMatchObject({ from: VIEW_ROWS, total: 180 });
    expect(second.vcrt.rows).toHaveLength(180 - VIEW_ROWS);
    // The other table stays on its first page.
    expect(second.tcp.conns).toEqual(first.tcp.conns);
    const all = [...first.vcrt.rows, ...second.vcrt.rows];
    expect(new Set(all.map((r) => r.source)).size).toBe(180);
    expect(all.every((r) => r.dest === all[0]!.dest)).toBe(true);

    // Each client's TCP table: 90 connections, every one established, counted over the whole table.
    const client = (await rt.views({ pages: { Client2: { tcp: 50 } } })).find((v) => v.id === 'Client2')!;
    const tcp = (client.state as { tcp: StackView['tcp'] }).tcp;
    expect(tcp.states).toEqual({ ESTABLISHED: 90 });
    expect(tcp.conns).toMatchObject({ from: 50, total: 90 });
    expect(tcp.conns.rows).toHaveLength(40);
    rt.dispose();
  });

  it('holds rows only for the nodes asked for; the others have the totals', async () => {
    const rt = await started(make);
    const views = await rt.views({ rowsOf: ['Client1'], pages: { Client1: { tcp: 80 } } });
    const tcpOf = (id: string) => (views.find((v) => v.id === id)!.state as { tcp: StackView['tcp'] }).tcp;
    expect(tcpOf('Client1').conns).toMatchObject({ from: 80, total: 90 });
    expect(tcpOf('Client1').conns.rows).toHaveLength(10);
    expect(tcpOf('Client2').conns).toEqual({ from: 0, total: 90, rows: [] });
    expect(tcpOf('Client2').states).toEqual({ ESTABLISHED: 90 });
    const mvs1 = views.find((v) => v.id === 'MVS1')!.state as StackView;
    expect(mvs1.vcrt).toEqual({ from: 0, total: 180, rows: [] });
    rt.dispose();
  });

  it('a page past the end shows the last page', async () => {
    const rt = await started(make);
    expect((await stack(rt, 'MVS1', { vcrt: 10_000 })).vcrt).toMatchObject({ from: VIEW_ROWS, total: 180 });
    rt.dispose();
  });
});
