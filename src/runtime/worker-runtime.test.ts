import { describe, expect, it } from 'vitest';
import { NodeFailureError } from '../sim/kernel';
import { pingerMesh, relayRing } from '../sim/testing/worlds';
import type { World } from '../sim/types';
import { InMemoryWorker } from './in-memory-worker';
import type { Runtime } from './runtime';
import { inMemoryWorkers, inProcess, testRegistry } from './test-support';
import type { ToWorker, WorkerLike } from './worker-protocol';
import { WorkerRuntime } from './worker-runtime';

// The Worker runtime's windows and merge, with in-memory stand-ins for Workers (real Workers run in
// the browser test, e2e/runtime.e2e.ts): it must reproduce the in-process run exactly.

const faults = { loss: 0.05, corrupt: 0.05, delay: 0.2, delayMaxUs: 80 };

async function runBoth(world: () => World, drive: (rt: Runtime) => Promise<unknown>) {
  const a = inProcess();
  const b = inMemoryWorkers();
  await a.load(world());
  await b.load(world());
  await drive(a);
  await drive(b);
  return { a, b };
}

describe('Worker runtime (in-memory workers) against in-process', () => {
  it.each([
    ['pinger mesh with faults', () => pingerMesh(6, 4, faults)],
    ['async pinger mesh', () => pingerMesh(5, 4, faults, 'async-pinger')],
    ['crypto relay ring', () => relayRing(8, 4, 6)],
  ])('%s: same fingerprint, records and states after the same events', async (_, world) => {
    const { a, b } = await runBoth(world, (rt) => rt.step(1500));
    expect(b.status()).toEqual(a.status());
    expect(b.records().map((r) => [r.event, r.node, r.kind, r.summary])).toEqual(
      a.records().map((r) => [r.event, r.node, r.kind, r.summary]),
    );
    expect(b.records().map((r) => r.frame)).toEqual(a.records().map((r) => r.frame));
    expect(await b.views()).toEqual(await a.views());
  });

  it('batches: far fewer windows than events', async () => {
    const b = inMemoryWorkers();
    await b.load(relayRing(8, 1, 8));
    await b.step(4000);
    expect(b.windows).toBeLessThan(4000 / 10);
  });

  it('counts exactly with odd step sizes, time limits and predicates', async () => {
    const drive = async (rt: Runtime) => {
      const out: unknown[] = [];
      for (const n of [1, 2, 3, 33, 34, 35, 100, 7, 250]) out.push(await rt.step(n));
      out.push(await rt.run({ time: 40_000 }));
      out.push(await rt.run({ until: (r) => r.kind === 'note' && r.node === 'p3' }));
      out.push(await rt.run({ maxEvents: 77 }));
      return out;
    };
    const a = inProcess();
    const b = inMemoryWorkers();
    await a.load(pingerMesh(6, 12, faults));
    await b.load(pingerMesh(6, 12, faults));
    expect(await drive(b)).toEqual(await drive(a));
  });

  it('recovers from overshooting a target when a node runs a burst of local timers', async () => {
    // Zero-latency pingers' 'tick' timers land inside windows; a tiny period makes many of them.
    const world = (): World => {
      const w = pingerMesh(4, 3);
      for (const a of w.actors) a.config = { periodUs: 1, jitterUs: 2, frameBytes: 16 };
      for (const l of w.links) l.latencyUs = 400;
      return w;
    };
    const { a, b } = await runBoth(world, async (rt) => {
      for (const n of [40, 41, 300, 45]) await rt.step(n);
    });
    expect(b.status()).toEqual(a.status());
  });

  it('a throwing handler: the step rejects naming node and event; the runtime stays usable', async () => {
    const world = () => {
      const w = pingerMesh(4, 5);
      w.actors[1] = { ...w.actors[1]!, kind: 'faulty', config: { periodUs: 1000, throwAt: 9 } };
      return w;
    };
    const a = inProcess();
    const b = inMemoryWorkers();
    await a.load(world());
    await b.load(world());
    const ea = await a.step(300).catch((e: unknown) => e);
    const eb = await b.step(300).catch((e: unknown) => e);
    expect(eb).toBeInstanceOf(NodeFailureError);
    expect((eb as Error).message).toBe((ea as Error).message);
    expect((eb as Error).message).toMatch(/node p1 \(faulty\) threw while handling event #\d+/);
    expect((await b.step(100)).fingerprint).toBe((await a.step(100)).fingerprint);
    expect((await b.view('p1')).failed).toMatch(/synthetic failure/);
  });

  it('injections and seeks agree with in-process', async () => {
    const drive = async (rt: Runtime) => {
      await rt.step(200);
      await rt.inject({ type: 'control', node: 'p2', action: 'kill' });
      await rt.step(100);
      await rt.inject({ type: 'link', link: 'ring0', up: false });
      await rt.step(100);
      await rt.inject({ type: 'control', node: 'p2', action: 'restart' });
      await rt.step(100);
      await rt.seek(150);
      return (await rt.seek(500)).fingerprint;
    };
    const { a, b } = await runBoth(() => pingerMesh(5, 6), drive);
    expect(b.status()).toEqual(a.status());
  });

  it('a Worker that dies: the step rejects naming node and event; the run restarts cleanly from event 0', async () => {
    const registry = testRegistry();
    let crashes = 1;
    // p2's first Worker dies on its 5th window.
    const factory = (node: string): WorkerLike => {
      const w = new InMemoryWorker(registry);
      if (node !== 'p2' || crashes-- <= 0) return w;
      let windows = 0;
      const post = w.postMessage.bind(w);
      w.postMessage = (m: ToWorker, t?: Transferable[]) => {
        if (m.type === 'window' && ++windows === 5)
          setTimeout(() => w.onerror?.({ message: 'out of memory' }), 0);
        else post(m, t);
      };
      return w;
    };
    const b = new WorkerRuntime(factory, { checkpointEvery: 50 });
    await b.load(pingerMesh(4, 8));
    const err = await b.step(300).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /window from event #\d+ \(t=\d+ µs\) failed: worker for node p2 crashed: out of memory; the run was reset to event 0/,
    );
    expect(b.status().eventIndex).toBe(0);
    const a = inProcess();
    await a.load(pingerMesh(4, 8));
    expect((await b.step(300)).fingerprint).toBe((await a.step(300)).fingerprint);
    expect((await b.seek(120)).fingerprint).toBe((await a.seek(120)).fingerprint);
  });
});
