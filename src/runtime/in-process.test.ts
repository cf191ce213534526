import { describe, expect, it } from 'vitest';
import { NodeFailureError } from '../sim/kernel';
import { pingerMesh, relayRing } from '../sim/testing/worlds';
import type { TraceRecord } from '../sim/types';
import { inProcess } from './test-support';

const faults = { loss: 0.05, corrupt: 0.05, delay: 0.2, delayMaxUs: 80 };

async function fingerprintAfter(world: Parameters<ReturnType<typeof inProcess>['load']>[0], n: number) {
  const rt = inProcess();
  await rt.load(world);
  return (await rt.step(n)).fingerprint;
}

describe('in-process runtime: determinism', () => {
  it('gives the same fingerprint for the same world and seed, twice', async () => {
    const a = await fingerprintAfter(pingerMesh(6, 7, faults), 800);
    const b = await fingerprintAfter(pingerMesh(6, 7, faults), 800);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
  });

  it('pins the fingerprint of a reference world (a change to it must be deliberate)', async () => {
    expect(await fingerprintAfter(pingerMesh(6, 7, faults), 800)).toMatchInlineSnapshot(
      `"6d7e8874388cfd75ded002512e11098d65f6fff490d6009faa200e4b8d3f6fe8"`,
    );
  });

  it('gives a different fingerprint for a different seed', async () => {
    const a = await fingerprintAfter(pingerMesh(6, 7, faults), 300);
    const b = await fingerprintAfter(pingerMesh(6, 8, faults), 300);
    expect(a).not.toBe(b);
  });

  it('draws link faults from the seed: the same losses, flips and delays every time', async () => {
    const faultLines = async (seed: number) => {
      const rt = inProcess();
      await rt.load(pingerMesh(6, seed, faults));
      await rt.step(1500);
      return rt
        .records()
        .filter((r) => r.kind === 'lost' || r.kind === 'corrupt' || r.kind === 'delay')
        .map((r) => `${r.event} ${r.node} ${r.summary}`);
    };
    const a = await faultLines(3);
    expect(a.some((l) => l.includes('lost'))).toBe(true);
    expect(a.some((l) => l.includes('flipped'))).toBe(true);
    expect(a.some((l) => l.includes('delayed'))).toBe(true);
    expect(await faultLines(3)).toEqual(a);
    expect(await faultLines(4)).not.toEqual(a);
  });

  it('delivers the corrupted copy and keeps the sender unaffected', async () => {
    const rt = inProcess();
    await rt.load(relayRing(3, 1, 2, { corrupt: 0.5 }));
    await rt.step(200);
    const views = await rt.views();
    const rejected = views.reduce((n, v) => n + (v.state as { rejected: number }).rejected, 0);
    expect(rejected).toBeGreaterThan(0);
    expect(rt.records().some((r) => r.summary === 'ICV check failed: frame dropped')).toBe(true);
  });

  it('stops exactly: step(n), run to a time, run until a record matches', async () => {
    const rt = inProcess();
    await rt.load(pingerMesh(4, 1));
    expect((await rt.step(17)).eventIndex).toBe(17);
    const s = await rt.run({ time: 5000 });
    expect(s.time).toBe(5000);
    expect(s.nextTime).toBeGreaterThan(5000);
    expect(rt.records().every((r) => r.time <= 5000)).toBe(true);
    const until = (r: TraceRecord) => r.kind === 'note';
    const u = await rt.run({ until });
    const last = rt.records().filter((r) => r.event === u.eventIndex - 1);
    expect(last.some(until)).toBe(true);
    expect(rt.records().filter(until)).toHaveLength(1 + rt.records(0, last[0]!.index).filter(until).length);
  });

  it('hands records to subscribers in order, and truncation when seeking back', async () => {
    const rt = inProcess({ checkpointEvery: 50 });
    const seen: TraceRecord[] = [];
    const truncations: number[] = [];
    rt.subscribe((e) => {
      if (e.type === 'records') seen.push(...e.records);
      else {
        truncations.push(e.count);
        seen.length = e.count;
      }
    });
    await rt.load(pingerMesh(4, 2));
    await rt.step(120);
    await rt.seek(60);
    await rt.step(60);
    expect(truncations.length).toBe(1);
    expect(seen.map((r) => r.index)).toEqual(rt.records().map((r) => r.index));
    expect(seen.map((r) => r.index)).toEqual(seen.map((_, i) => i));
  });
});

describe('in-process runtime: async handlers', () => {
  it('an actor awaiting a promise gives the same fingerprint as the sync one', async () => {
    const sync = await fingerprintAfter(pingerMesh(5, 11, faults), 400);
    const asyncFp = await fingerprintAfter(pingerMesh(5, 11, faults, 'async-pinger'), 400);
    const webcrypto = await fingerprintAfter(pingerMesh(5, 11, faults, 'webcrypto-pinger'), 400);
    // The kind name is in no record, so the traces are byte-identical.
    expect(asyncFp).toBe(sync);
    expect(webcrypto).toBe(sync);
  });
});

describe('in-process runtime: failures and injections', () => {
  it('a throwing handler fails its node, the step rejects naming node and event, the run goes on', async () => {
    const rt = inProcess();
    const world = pingerMesh(4, 5);
    world.actors[2] = { ...world.actors[2]!, kind: 'faulty', config: { periodUs: 1000, throwAt: 5 } };
    await rt.load(world);
    const err = await rt.step(100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeFailureError);
    expect(String((err as Error).message)).toMatch(
      /node p2 \(faulty\) threw while handling event #\d+ .*synthetic failure on input 5/,
    );
    const s = rt.status();
    expect(s.eventIndex).toBe(100);
    expect(s.failed).toEqual([{ node: 'p2', message: 'synthetic failure on input 5' }]);
    // Other operations still work; the failed node drops its inputs.
    expect((await rt.step(50)).eventIndex).toBe(150);
    expect(rt.records().some((r) => r.node === 'p2' && r.kind === 'drop')).toBe(true);
    const v = await rt.view('p2');
    expect(v.failed).toBe('synthetic failure on input 5');
    // Seeking back over the failure does not report it again.
    await expect(rt.seek(10)).resolves.toMatchObject({ eventIndex: 10 });
    await expect(rt.seek(150)).resolves.toMatchObject({ eventIndex: 150 });
  });

  it('kill, restart and link changes are journaled: seeking back and forth repeats them', async () => {
    const rt = inProcess({ checkpointEvery: 40 });
    await rt.load(pingerMesh(4, 9));
    await rt.step(100);
    await rt.inject({ type: 'control', node: 'p1', action: 'kill' });
    await rt.inject({ type: 'link', link: 'ring2', up: false });
    await rt.step(150);
    await rt.inject({ type: 'control', node: 'p1', action: 'restart' });
    const end = await rt.step(150);
    expect((await rt.view('p1')).up).toBe(true);
    expect(rt.records().some((r) => r.summary === 'control kill')).toBe(true);
    expect(rt.records().some((r) => r.kind === 'lost' && r.summary.includes('link down'))).toBe(true);
    await rt.seek(30);
    const again = await rt.seek(end.eventIndex);
    expect(again.fingerprint).toBe(end.fingerprint);
    // A fresh run with the same injections at the same points agrees.
    const fresh = inProcess({ checkpointEvery: 1000 });
    await fresh.load(pingerMesh(4, 9));
    await fresh.step(100);
    await fresh.inject({ type: 'control', node: 'p1', action: 'kill' });
    await fresh.inject({ type: 'link', link: 'ring2', up: false });
    await fresh.step(150);
    await fresh.inject({ type: 'control', node: 'p1', action: 'restart' });
    expect((await fresh.step(150)).fingerprint).toBe(end.fingerprint);
  });

  it('injecting after seeking back starts a new timeline', async () => {
    const rt = inProcess({ checkpointEvery: 20 });
    await rt.load(pingerMesh(4, 9));
    await rt.step(100);
    await rt.inject({ type: 'control', node: 'p0', action: 'kill' });
    const killed = await rt.step(100);
    await rt.seek(50);
    await rt.inject({ type: 'control', node: 'p3', action: 'kill' });
    const other = await rt.step(150);
    expect(other.fingerprint).not.toBe(killed.fingerprint);
    expect((await rt.view('p0')).up).toBe(true);
    expect((await rt.view('p3')).up).toBe(false);
  });
});
