import { describe, expect, it } from 'vitest';
import { NodeFailureError } from '../sim/kernel';
import { pingerMesh, relayRing } from '../sim/testing/worlds';
import type { World } from '../sim/types';
import { InMemoryWorker } from './in-memory-worker';
import { InProcessRuntime } from './in-process';
import type { Runtime } from './runtime';
import { inMemoryWorkers, inProcess, testRegistry } from './test-support';
import type { ToWorker, WorkerLike } from './worker-protocol';
import { assignNodes, defaultPoolSize, WorkerRuntime } from './worker-runtime';

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

  it("bounds a window by its own nodes' links: an idle pair on a 5 µs link does not shrink the others' windows", async () => {
    const world = (): World => {
      const w = pingerMesh(6, 3);
      const idle = { periodUs: 10_000_000, jitterUs: 0, frameBytes: 64, noteEvery: 7 };
      return {
        ...w,
        actors: [
          ...w.actors,
          { id: 'q0', kind: 'pinger', config: idle },
          { id: 'q1', kind: 'pinger', config: idle },
        ],
        links: [
          ...w.links,
          { id: 'fast', a: { node: 'q0', port: 'next' }, b: { node: 'q1', port: 'prev' }, latencyUs: 5 },
        ],
      };
    };
    const { a, b } = await runBoth(world, (rt) => rt.run({ time: 200_000 }));
    expect(b.status()).toEqual(a.status());
    expect(await b.views()).toEqual(await a.views());
    const events = b.status().eventIndex;
    expect(events).toBeGreaterThan(1000);
    // With one global bound (5 µs) nearly every event of the mesh (links ≥ 100 µs) was a window.
    expect((b as WorkerRuntime).windows).toBeLessThan(events / 4);
  });

  it('a loose budget takes whole windows: never short, the same timeline, far fewer windows', async () => {
    const world = () => relayRing(8, 2, 8);
    const exact = inMemoryWorkers();
    const loose = inMemoryWorkers();
    await exact.load(world());
    await loose.load(world());
    for (let i = 0; i < 30; i++) {
      const at = loose.status().eventIndex;
      const s = await loose.run({ maxEvents: 40, loose: true });
      expect(s.eventIndex).toBeGreaterThanOrEqual(at + 40);
      await exact.run({ maxEvents: 40 });
    }
    expect(exact.status().eventIndex).toBe(1200);
    const ref = inProcess();
    await ref.load(world());
    await ref.step(loose.status().eventIndex);
    expect(loose.status()).toEqual(ref.status());
    expect(await loose.views()).toEqual(await ref.views());
    // The exact runs end each budget with one-event windows (SAFE_TAIL of them).
    expect((loose as WorkerRuntime).windows).toBeLessThan((exact as WorkerRuntime).windows / 2);
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

  it('a seek back replays in whole windows up to its target, exactly (no single-event tail)', async () => {
    // Local timers inside windows too (the burst world), so a window past the target would overshoot.
    const burst = (): World => {
      const w = pingerMesh(4, 3);
      for (const a of w.actors) a.config = { periodUs: 1, jitterUs: 2, frameBytes: 16 };
      for (const l of w.links) l.latencyUs = 400;
      return w;
    };
    for (const world of [() => relayRing(8, 1, 8), burst]) {
      const a = inProcess({ checkpointEvery: Number.MAX_SAFE_INTEGER });
      await a.load(world());
      const fps: string[] = [];
      for (let i = 0; i < 800; i++) fps.push((await a.step(1)).fingerprint);
      const b = inMemoryWorkers({ checkpointEvery: 400 });
      await b.load(world());
      await b.step(800);
      // From the checkpoint at 400, one event per window for the last 32 events would take this many.
      let tail = 0;
      let windows = 0;
      for (const to of [780, 460, 430, 401, 799]) {
        const before = b.windows;
        const s = await b.seek(to);
        expect(s.eventIndex).toBe(to);
        expect(s.fingerprint).toBe(fps[to - 1]);
        if (to < 800) {
          tail += Math.min(to - 400, 32);
          windows += b.windows - before;
        }
      }
      expect(windows).toBeLessThan(tail * 0.6);
      await a.seek(799);
      expect(await b.views()).toEqual(await a.views());
    }
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

  it('a Worker that dies: the step rejects naming its nodes and the event; the run restarts cleanly from event 0', async () => {
    const registry = testRegistry();
    let crashes = 1;
    // The first Worker hosting p2 (with p0: 2 Workers for 4 nodes) dies on its 5th window.
    const factory = (_: number, nodes: readonly string[]): WorkerLike => {
      const w = new InMemoryWorker(registry);
      if (!nodes.includes('p2') || crashes-- <= 0) return w;
      let windows = 0;
      const post = w.postMessage.bind(w);
      w.postMessage = (m: ToWorker, t?: Transferable[]) => {
        if (m.type === 'window' && ++windows === 5)
          setTimeout(() => w.onerror?.({ message: 'out of memory' }), 0);
        else post(m, t);
      };
      return w;
    };
    const b = new WorkerRuntime(factory, { checkpointEvery: 50, workers: 2 });
    await b.load(pingerMesh(4, 8));
    expect(b.workerNodes()).toEqual([
      ['p0', 'p2'],
      ['p1', 'p3'],
    ]);
    const err = await b.step(300).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^window from event #\d+ \(t=\d+ µs\) failed: worker #0 \(nodes p0, p2\) crashed: out of memory; the run was reset to event 0 with a new worker #0$/,
    );
    expect(b.status().eventIndex).toBe(0);
    const a = inProcess();
    await a.load(pingerMesh(4, 8));
    expect((await b.step(300)).fingerprint).toBe((await a.step(300)).fingerprint);
    expect((await b.seek(120)).fingerprint).toBe((await a.seek(120)).fingerprint);
    expect(await b.views()).toEqual(await a.views());
  });

  it('a Worker that dies between operations: the next step names it and resets to event 0', async () => {
    const registry = testRegistry();
    const workers: InMemoryWorker[] = [];
    const b = new WorkerRuntime(
      () => {
        const w = new InMemoryWorker(registry);
        workers.push(w);
        return w;
      },
      { checkpointEvery: 40, workers: 3 },
    );
    await b.load(pingerMesh(5, 8));
    await b.step(200);
    workers[1]!.onerror?.({ message: 'killed' });
    const err = await b.step(10).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^window from event #200 \(t=\d+ µs\) failed: worker #1 \(nodes p1, p4\) crashed: killed; the run was reset to event 0 with a new worker #1$/,
    );
    expect(b.status().eventIndex).toBe(0);
    const a = inProcess();
    await a.load(pingerMesh(5, 8));
    expect((await b.step(250)).fingerprint).toBe((await a.step(250)).fingerprint);
    expect(await b.views()).toEqual(await a.views());
  });

  it('a Worker that dies while checkpointing: the step rejects naming it; the run resets to event 0', async () => {
    const registry = testRegistry();
    let crashes = 1;
    const factory = (index: number): WorkerLike => {
      const w = new InMemoryWorker(registry);
      if (index !== 1 || crashes-- <= 0) return w;
      let checkpoints = 0;
      const post = w.postMessage.bind(w);
      w.postMessage = (m: ToWorker, t?: Transferable[]) => {
        if (m.type === 'checkpoint' && ++checkpoints === 3)
          setTimeout(() => w.onerror?.({ message: 'out of memory' }), 0);
        else post(m, t);
      };
      return w;
    };
    const b = new WorkerRuntime(factory, { checkpointEvery: 50, workers: 2 });
    await b.load(pingerMesh(4, 8));
    const err = await b.step(300).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^checkpoint at event #\d+ failed: worker #1 \(nodes p1, p3\) crashed: out of memory; the run was reset to event 0 with a new worker #1$/,
    );
    expect(b.status().eventIndex).toBe(0);
    const a = inProcess();
    await a.load(pingerMesh(4, 8));
    expect((await b.step(300)).fingerprint).toBe((await a.step(300)).fingerprint);
    expect(await b.views()).toEqual(await a.views());
  });
});

describe('the pool: any number of Workers gives the in-process run', () => {
  const poolSizes: [string, number | undefined][] = [
    ['1 Worker', 1],
    ['2 Workers', 2],
    ['3 Workers', 3],
    ['one per node', 99],
    ['the default', undefined],
  ];

  const drive = async (rt: Runtime) => {
    const out: unknown[] = [];
    out.push(await rt.step(300));
    out.push(await rt.inject({ type: 'control', node: 'p2', action: 'kill' }));
    out.push(await rt.run({ time: 60_000 }));
    out.push(await rt.inject({ type: 'link', link: 'ring0', up: false }));
    out.push(await rt.step(150));
    out.push(await rt.inject({ type: 'control', node: 'p2', action: 'restart' }));
    out.push(await rt.step(250));
    out.push(await rt.seek(170));
    out.push(await rt.views());
    out.push(await rt.seek(900));
    out.push(await rt.views());
    return out;
  };

  it.each(poolSizes)(
    '%s: same statuses, records and views through kill, restart and seeks',
    async (_, workers) => {
      const world = () => pingerMesh(5, 13, faults);
      const a = inProcess({ checkpointEvery: 60 });
      await a.load(world());
      const expected = await drive(a);
      const b = inMemoryWorkers({ checkpointEvery: 60, ...(workers === undefined ? {} : { workers }) });
      await b.load(world());
      const nodes = b.workerNodes();
      expect(nodes.length).toBe(Math.min(workers ?? defaultPoolSize(5), 5));
      expect(nodes.flat().sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
      expect(await drive(b)).toEqual(expected);
      expect(b.records().map((r) => r.frame)).toEqual(a.records().map((r) => r.frame));
    },
  );

  it('a node of an unknown kind: load rejects naming its Worker and nodes', async () => {
    const w = pingerMesh(4, 3);
    w.actors[3] = { ...w.actors[3]!, kind: 'no-such-kind' };
    const b = inMemoryWorkers({ workers: 2 });
    await expect(b.load(w)).rejects.toThrow(/^worker #1 \(nodes p1, p3\): .*no-such-kind/);
  });

  it('the assignment is deterministic and balanced by weight', () => {
    const kinds = ['cf', 'router', 'stack', 'stack', 'stack', 'peer', 'peer'];
    const actors = kinds.map((kind, i) => ({ id: `n${i}`, kind, config: {} }));
    // Stacks and peers weigh 3, the rest 1: heaviest first, each to the least loaded Worker.
    expect(assignNodes(actors, 2)).toEqual([
      ['n2', 'n4', 'n6'],
      ['n0', 'n1', 'n3', 'n5'],
    ]);
    expect(assignNodes(actors, 3)).toEqual([
      ['n2', 'n5'],
      ['n3', 'n6'],
      ['n0', 'n1', 'n4'],
    ]);
    expect(assignNodes(actors, 1)).toEqual([actors.map((a) => a.id)]);
    // A world's own estimate (ActorSpec.weight) wins over the kind's; a bad one falls back to it.
    const weighed = actors.map((a, i) => ({ ...a, weight: i === 1 ? 9 : i === 2 ? Number.NaN : 1 }));
    expect(assignNodes(weighed, 2)).toEqual([['n1'], ['n0', 'n2', 'n3', 'n4', 'n5', 'n6']]);
    expect(assignNodes(actors, 10).map((w) => w.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    // One Worker per core but one, at least one, at most one per node.
    const nav = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const cores = (n: number | undefined) =>
      Object.defineProperty(globalThis, 'navigator', {
        value: { hardwareConcurrency: n },
        configurable: true,
      });
    try {
      cores(8);
      expect([defaultPoolSize(100), defaultPoolSize(3), defaultPoolSize(1)]).toEqual([7, 3, 1]);
      cores(2);
      expect(defaultPoolSize(100)).toBe(1);
      cores(1);
      expect(defaultPoolSize(100)).toBe(1);
      cores(undefined);
      expect(defaultPoolSize(100)).toBe(1);
    } finally {
      if (nav) Object.defineProperty(globalThis, 'navigator', nav);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
    expect(() => new WorkerRuntime(() => new InMemoryWorker(testRegistry()), { workers: 0 })).toThrow(
      RangeError,
    );
  });

  it('one window message per Worker per window, one view request per Worker per refresh', async () => {
    const registry = testRegistry();
    const sent: { worker: number; message: ToWorker }[] = [];
    const b = new WorkerRuntime(
      (worker) => {
        const w = new InMemoryWorker(registry);
        const post = w.postMessage.bind(w);
        w.postMessage = (message: ToWorker, t?: Transferable[]) => {
          sent.push({ worker, message });
          post(message, t);
        };
        return w;
      },
      { workers: 3 },
    );
    await b.load(relayRing(8, 4, 6));
    expect(sent.filter((s) => s.message.type === 'init').map((s) => s.worker)).toEqual([0, 1, 2]);
    await b.step(2000);
    const windows = sent.filter((s) => s.message.type === 'window');
    expect(windows.length).toBeLessThanOrEqual(b.windows * 3);
    expect(windows.length).toBeGreaterThan(b.windows);
    for (const { worker, message } of windows) {
      if (message.type !== 'window') continue;
      const nodes = message.batches.map((x) => x.node);
      expect(new Set(nodes).size).toBe(nodes.length);
      for (const n of nodes) expect(b.workerNodes()[worker]).toContain(n);
    }
    sent.length = 0;
    const views = await b.views();
    expect(views.map((v) => v.id)).toEqual(relayRing(8, 4, 6).actors.map((a) => a.id));
    expect(sent.map((s) => [s.worker, s.message.type === 'view' ? s.message.nodes : null])).toEqual(
      b.workerNodes().map((nodes, i) => [i, nodes]),
    );
    expect((await b.view('relay5')).id).toBe('relay5');
  });

  it('checkpoints report the bytes of every node, the same whatever the pool size', async () => {
    class Recording extends WorkerRuntime {
      reported: [number, number][] = [];
      protected override async saveHosts(index: number): Promise<number> {
        const bytes = await super.saveHosts(index);
        this.reported.push([index, bytes]);
        return bytes;
      }
    }
    class RecordingInProcess extends InProcessRuntime {
      reported: [number, number][] = [];
      protected override saveHosts(index: number): number {
        const bytes = super.saveHosts(index);
        this.reported.push([index, bytes]);
        return bytes;
      }
    }
    const registry = testRegistry();
    const a = new RecordingInProcess(registry, { checkpointEvery: 100 });
    await a.load(relayRing(6, 2, 4));
    const runs: [number, number][][] = [];
    for (const workers of [1, 2, 6]) {
      const b = new Recording(() => new InMemoryWorker(registry), { checkpointEvery: 100, workers });
      await b.load(relayRing(6, 2, 4));
      await b.step(1000);
      runs.push(b.reported);
    }
    expect(runs[0]![0]).toEqual(a.reported[0]);
    expect(runs[0]![0]![1]).toBeGreaterThan(0);
    expect(runs[0]!.length).toBeGreaterThan(5);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('the byte budget counts what the Workers hold as the in-process runtime does by the bound', async () => {
    const registry = testRegistry();
    // A budget small enough that thinning by bytes, not by count, decides what is kept.
    const options = { checkpointEvery: 50, checkpointBytes: 200_000 };
    // In-process counts a thinning exactly (unshared-bytes.ts); the Workers keep the upper bound,
    // which in-process falls back to when it cannot count.
    class BoundInProcess extends InProcessRuntime {
      protected override unsharedHostBytes(): undefined {
        return undefined;
      }
    }
    const a = new BoundInProcess(registry, options);
    const b = new WorkerRuntime(() => new InMemoryWorker(registry), { ...options, workers: 3 });
    for (const r of [a, b]) {
      await r.load(relayRing(6, 2, 4));
      await r.step(3000);
    }
    const sa = a.checkpointStats();
    const sb = b.checkpointStats();
    expect(sb.bytes).toBeGreaterThan(0);
    // 61 checkpoints by count; the byte budget (index 0 and the newest always kept) thins them.
    expect(sb.count).toBeLessThan(30);
    expect(sb.count).toBeGreaterThan(2);
    // Windows put the Workers' checkpoints a few events off the in-process ones, but the relays'
    // states have the same size throughout, so the bytes held must agree exactly (without the
    // Workers' totals a thinned checkpoint's shared bytes go uncounted: 190,512 here).
    expect(sb.bytes).toBe(sa.bytes);
    expect(Math.abs(sb.count - sa.count)).toBeLessThanOrEqual(2);
  });

  it('a step back re-sends the views of the nodes it changed, the others are reused', async () => {
    const registry = testRegistry();
    const sentViews: number[] = [];
    const b = new WorkerRuntime(
      () => {
        const w = new InMemoryWorker(registry);
        let onmessage: WorkerLike['onmessage'] = null;
        Object.defineProperty(w, 'onmessage', {
          get: () => onmessage,
          set: (f: WorkerLike['onmessage']) => {
            onmessage =
              f &&
              ((e) => {
                if (e.data.type === 'views') sentViews.push(e.data.views.filter((v) => v !== null).length);
                f(e);
              });
          },
        });
        return w;
      },
      { checkpointEvery: 40, workers: 2 },
    );
    const a = inProcess({ checkpointEvery: 40 });
    const world = () => relayRing(8, 4, 6);
    for (const r of [a, b]) {
      await r.load(world());
      await r.step(500);
    }
    const first = await b.views();
    expect(sentViews.reduce((x, y) => x + y, 0)).toBe(8);
    // Nothing ran: every view is the one held, not sent again.
    sentViews.length = 0;
    const again = await b.views();
    expect(sentViews.reduce((x, y) => x + y, 0)).toBe(0);
    for (const [i, v] of again.entries()) expect(v).toBe(first[i]);
    // Step back one event at a time: each re-sends a few views, and they are the in-process ones.
    for (let e = 499; e > 490; e--) {
      sentViews.length = 0;
      await a.seek(e);
      await b.seek(e);
      const views = await b.views();
      expect(views).toEqual(await a.views());
      const sent = sentViews.reduce((x, y) => x + y, 0);
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(8);
    }
  });

  it('stopSeek ends a seek between windows, exactly where the in-process runtime would be', async () => {
    const b = inMemoryWorkers({ checkpointEvery: 100_000 });
    await b.load(relayRing(8, 4, 6));
    await b.step(3000);
    // No checkpoint but event 0: the seek back replays 2,500 events, window by window.
    b.stopSeek();
    const seeking = b.seek(2500);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (b.position().eventIndex < 100) return;
        clearInterval(poll);
        b.stopSeek();
        resolve();
      }, 0);
    });
    const status = await seeking;
    expect(status.eventIndex).toBeGreaterThanOrEqual(100);
    expect(status.eventIndex).toBeLessThan(2500);
    const a = inProcess();
    await a.load(relayRing(8, 4, 6));
    expect((await a.seek(status.eventIndex)).fingerprint).toBe(status.fingerprint);
    expect(await b.views()).toEqual(await a.views());
    // Nothing is left of the stop: the next seek goes all the way.
    expect((await b.seek(2500)).eventIndex).toBe(2500);
  });
});
