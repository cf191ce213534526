import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { buildWorld } from '../scenario/world';
import { NodeFailureError } from '../sim/kernel';
import { pingerMesh, relayRing } from '../sim/testing/worlds';
import type { TraceEvent } from '../sim/trace-store';
import type { World } from '../sim/types';
import { actorKinds } from './actor-kinds';
import { InMemorySoloWorker } from './in-memory-solo-worker';
import { InProcessRuntime } from './in-process';
import type { Runtime } from './runtime';
import { SoloWorkerRuntime } from './solo-worker-runtime';
import { inMemorySolo, inProcess } from './test-support';

// The whole simulation in one Worker (an in-memory stand-in here; the real one in
// e2e/runtime.e2e.ts): everything the page reads must be the in-process run's.

const faults = { loss: 0.05, corrupt: 0.05, delay: 0.2, delayMaxUs: 80 };

async function both(world: () => World) {
  const a = inProcess();
  const b = inMemorySolo();
  await a.load(world());
  await b.load(world());
  return { a, b };
}

describe('solo Worker runtime (in-memory Worker) against in-process', () => {
  it.each([
    ['pinger mesh with faults', () => pingerMesh(6, 4, faults)],
    ['async pinger mesh', () => pingerMesh(5, 4, faults, 'async-pinger')],
    ['crypto relay ring', () => relayRing(8, 4, 6)],
  ])('%s: same status, records, frames and views', async (_, world) => {
    const { a, b } = await both(world);
    expect(await b.step(1500)).toEqual(await a.step(1500));
    expect(b.status()).toEqual(a.status());
    expect(b.records()).toEqual(a.records());
    expect(b.firstRecord()).toBe(a.firstRecord());
    expect(b.checkpointStats().indexes).toEqual(a.checkpointStats().indexes);
    expect(await b.views()).toEqual(await a.views());
    expect(await b.view('p1' in {} ? 'p1' : world().actors[0]!.id)).toEqual(
      await a.view(world().actors[0]!.id),
    );
  });

  it('readyStepBack comes back to where it was, with the same records, and the step back after it is exact', async () => {
    // Checkpoints by cost and sparse (the Worker's own clock: where they fall may vary, the run not).
    const options = { checkpointMs: 1, checkpointShare: 0.01 };
    const a = inProcess(options);
    const b = inMemorySolo(options);
    for (const rt of [a, b]) {
      await rt.load(relayRing(8, 4, 6));
      await rt.step(3000);
    }
    const st = await b.readyStepBack();
    expect(st).toEqual(a.status());
    expect(b.status()).toEqual(a.status());
    expect(b.records()).toEqual(a.records());
    expect(await b.seek(2999)).toEqual(await a.seek(2999));
    expect(b.records()).toEqual(a.records());
  });

  it('counts exactly with odd step sizes, time limits, loose budgets and predicates', async () => {
    const drive = async (rt: Runtime) => {
      const out: unknown[] = [];
      for (const n of [1, 2, 3, 33, 100, 7]) out.push(await rt.step(n));
      out.push(await rt.run({ time: 40_000 }));
      out.push(await rt.run({ until: (r) => r.kind === 'note' && r.node === 'p3' }));
      // A predicate matching deep into a chunk: the runtime seeks back to just after the match.
      let seen = 0;
      out.push(await rt.run({ until: (r) => r.kind === 'frame' && ++seen === 150, maxEvents: 5000 }));
      out.push(await rt.run({ until: () => false, maxEvents: 300 }));
      out.push(await rt.run({ maxEvents: 77, loose: true }));
      out.push(rt.position());
      return out;
    };
    const { a, b } = await both(() => pingerMesh(6, 12, faults));
    expect(await drive(b)).toEqual(await drive(a));
    expect(b.records()).toEqual(a.records());
  });

  it('the trace mirror hears what the runtime hears: records, truncations after seeking back, skips', async () => {
    const heard = (rt: Runtime) => {
      const out: TraceEvent[] = [];
      rt.subscribe((e) => out.push(e));
      return out;
    };
    const a = inProcess({ checkpointEvery: 100, traceLimit: 500 });
    const b = inMemorySolo({ checkpointEvery: 100, traceLimit: 500 });
    const ha = heard(a);
    const hb = heard(b);
    for (const rt of [a, b]) {
      await rt.load(pingerMesh(5, 9));
      await rt.step(1200);
      await rt.seek(150);
      await rt.seek(1100);
      await rt.seek(50);
      await rt.step(20);
    }
    const flat = (h: TraceEvent[]) =>
      h.flatMap((e) =>
        e.type === 'records' ? e.records.map((r) => ['r', r.event, r.summary]) : [[e.type, e.count]],
      );
    expect(flat(hb)).toEqual(flat(ha));
    expect(b.records()).toEqual(a.records());
    expect(b.firstRecord()).toBe(a.firstRecord());
  });

  it("the page keeps what a seek back cut: a forward restore past the Worker's small trace comes back whole", async () => {
    const a = inProcess({ checkpointEvery: 100 });
    const b = inMemorySolo({ checkpointEvery: 100 });
    const skips: number[] = [];
    b.subscribe((e) => {
      if (e.type === 'skip') skips.push(e.count);
    });
    for (const rt of [a, b]) {
      await rt.load(pingerMesh(6, 9));
      await rt.step(9000);
    }
    // More records than the Worker's own trace holds (4,096).
    expect(a.records().length).toBeGreaterThan(8000);
    for (const rt of [a, b]) {
      await rt.seek(150);
      await rt.seek(8950);
    }
    expect(skips).toEqual([]);
    expect(b.firstRecord()).toBe(0);
    expect(b.records()).toEqual(a.records());
    expect(b.status()).toEqual(a.status());
    // After an injection the cut records are another timeline's: a seek back and forth replays.
    for (const rt of [a, b]) {
      await rt.seek(4000);
      await rt.inject({ type: 'control', node: 'p2', action: 'kill' });
      await rt.step(3000);
      await rt.seek(200);
      await rt.seek(6900);
    }
    expect(b.records()).toEqual(a.records());
    expect(b.status()).toEqual(a.status());
  });

  it.each([
    ['in-process', () => inProcess()],
    ['solo', () => inMemorySolo()],
  ])('%s: a listener unsubscribed after a second load hears nothing more', async (_, make) => {
    const rt: Runtime = make();
    let heard = 0;
    const off = rt.subscribe(() => heard++);
    await rt.load(pingerMesh(3, 2));
    await rt.load(pingerMesh(3, 2));
    await rt.step(20);
    expect(heard).toBeGreaterThan(0);
    off();
    heard = 0;
    await rt.step(20);
    await rt.seek(5);
    expect(heard).toBe(0);
  });

  it('injections, seeks and the Figure 9 actors agree with in-process', async () => {
    const world = () => buildWorld(figure9);
    const drive = async (rt: Runtime) => {
      await rt.step(400);
      await rt.inject({ type: 'control', node: 'MVS1', action: 'kill' });
      await rt.step(300);
      await rt.inject({ type: 'control', node: 'MVS1', action: 'restart' });
      await rt.step(300);
      await rt.seek(250);
      await rt.seek(650);
      return rt.status();
    };
    const a = new InProcessRuntime(actorKinds);
    const b = new SoloWorkerRuntime(() => new InMemorySoloWorker(actorKinds));
    await a.load(world());
    await b.load(world());
    expect(await drive(b)).toEqual(await drive(a));
    expect(await b.views()).toEqual(await a.views());
  });

  it('a throwing handler: the step rejects with NodeFailureError; the runtime goes on', async () => {
    const world = () => {
      const w = pingerMesh(4, 5);
      w.actors[1] = { ...w.actors[1]!, kind: 'faulty', config: { periodUs: 1000, throwAt: 9 } };
      return w;
    };
    const { a, b } = await both(world);
    const ea = await a.step(300).catch((e: unknown) => e);
    const eb = await b.step(300).catch((e: unknown) => e);
    expect(eb).toBeInstanceOf(NodeFailureError);
    expect((eb as NodeFailureError).failures).toEqual((ea as NodeFailureError).failures);
    expect((eb as Error).message).toBe((ea as Error).message);
    expect(b.status()).toEqual(a.status());
    expect((await b.step(100)).fingerprint).toBe((await a.step(100)).fingerprint);
    expect((await b.view('p1')).failed).toMatch(/synthetic failure/);
  });

  it('bad requests reject with a clear error; nothing loaded says so', async () => {
    const b = inMemorySolo();
    expect(() => b.status()).toThrow('no world loaded');
    await expect(b.step(1)).rejects.toThrow('no world loaded');
    await b.load(pingerMesh(3, 2));
    await expect(b.seek(-1)).rejects.toThrow(RangeError);
    expect((await b.step(5)).eventIndex).toBe(5);
  });

  it('views: a node whose view did not change comes back as the same object, without being sent again', async () => {
    const b = inMemorySolo();
    await b.load(pingerMesh(4, 3));
    await b.step(50);
    const first = await b.views();
    const again = await b.views();
    expect(again).toEqual(first);
    expect(again.every((v, i) => v === first[i])).toBe(true);
    await b.step(1);
    const after = await b.views();
    expect(after.filter((v, i) => v !== first[i]).length).toBeGreaterThan(0);
    const a = inProcess();
    await a.load(pingerMesh(4, 3));
    await a.step(51);
    expect(after).toEqual(await a.views());
  });

  it('stopSeek ends a long seek where it has got, exactly; position shows the way', async () => {
    const b = inMemorySolo({ checkpointEvery: 100_000 });
    await b.load(relayRing(8, 4, 6));
    await b.step(6000);
    const seeking = b.seek(5500);
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        seen.push(b.position().eventIndex);
        if (b.position().eventIndex < 300 || b.position().eventIndex >= 6000) return;
        clearInterval(poll);
        b.stopSeek();
        resolve();
      }, 1);
    });
    const status = await seeking;
    expect(status.eventIndex).toBeGreaterThanOrEqual(300);
    expect(status.eventIndex).toBeLessThan(5500);
    expect(seen.some((e) => e > 0 && e < status.eventIndex)).toBe(true);
    const a = inProcess();
    await a.load(relayRing(8, 4, 6));
    expect((await a.seek(status.eventIndex)).fingerprint).toBe(status.fingerprint);
    expect(await b.views()).toEqual(await a.views());
    expect((await b.seek(5500)).eventIndex).toBe(5500);
  });

  it('a Worker that dies: the step under way rejects saying so; a new one has the world and the injections', async () => {
    const made: InMemorySoloWorker[] = [];
    const b = inMemorySolo({ checkpointEvery: 50 }, (w) => made.push(w));
    const world = () => pingerMesh(4, 8);
    await b.load(world());
    await b.step(100);
    await b.inject({ type: 'control', node: 'p2', action: 'kill' });
    const stepping = b.step(300);
    made[0]!.crash('out of memory');
    const err = await stepping.catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'step(300) failed: the Worker died (out of memory); the run was reset to event 0 with a new Worker',
    );
    expect(made.length).toBe(2);
    expect(b.status().eventIndex).toBe(0);
    expect(b.records()).toEqual([]);
    const a = inProcess();
    await a.load(world());
    await a.step(100);
    await a.inject({ type: 'control', node: 'p2', action: 'kill' });
    await a.step(300);
    // The journal came along: running again repeats the kill where it happened.
    expect((await b.step(400)).fingerprint).toBe(a.status().fingerprint);
    expect(await b.views()).toEqual(await a.views());
  });

  it('the real actor kinds: the same Figure 9 run through the real registry', async () => {
    const a = new InProcessRuntime(actorKinds);
    const b = new SoloWorkerRuntime(() => new InMemorySoloWorker(actorKinds));
    await a.load(buildWorld(figure9));
    await b.load(buildWorld(figure9));
    expect(await b.run({ time: 300_000 })).toEqual(await a.run({ time: 300_000 }));
    b.dispose();
    await expect(b.step(1)).rejects.toThrow('no world loaded');
  });
});
