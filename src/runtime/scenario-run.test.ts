import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import type { Scenario } from '../scenario/types';
import { actorKinds } from './actor-kinds';
import { InMemoryWorker } from './in-memory-worker';
import { InProcessRuntime } from './in-process';
import type { RunLimit } from './runtime';
import { ScenarioRun } from './scenario-run';
import { WorkerRuntime } from './worker-runtime';

const withFaults = (faults: Scenario['faults']): Scenario => ({ ...figure9, faults });
const killAndRestart = withFaults([
  { atUs: 400_000, node: 'MVS1', action: 'kill' },
  { atUs: 1_200_000, node: 'MVS1', action: 'restart' },
]);

async function runTo(sc: Scenario, time: number) {
  const r = new ScenarioRun(new InProcessRuntime());
  await r.load(sc);
  await r.run({ time });
  return r;
}

describe('ScenarioRun: the fault timeline', () => {
  it('applies time faults with the clock at their time: running and stepping give the same trace', async () => {
    const ran = await runTo(killAndRestart, 1_500_000);
    const stepped = new ScenarioRun(new InProcessRuntime());
    await stepped.load(killAndRestart);
    const end = ran.status().eventIndex;
    // Uneven steps that land exactly on the end, crossing both fault times on the way.
    while (stepped.status().eventIndex < end)
      await stepped.step(Math.min(1 + (stepped.status().eventIndex % 7), end - stepped.status().eventIndex));
    expect(stepped.status().fingerprint).toBe(ran.status().fingerprint);
    const kills = ran.runtime
      .records()
      .filter((r) => r.kind === 'control' && r.node === 'MVS1' && r.summary !== 'control start');
    expect(kills.map((r) => [r.summary, r.time])).toEqual([
      ['control kill', 400_000],
      ['control restart', 1_200_000],
    ]);
  });

  it('replays an act recorded by event index exactly, from the scenario it leaves behind', async () => {
    const live = new ScenarioRun(new InProcessRuntime());
    await live.load(figure9);
    await live.step(777);
    await live.act({ node: 'MVS1', action: 'kill' });
    await live.run({ time: 1_500_000 });
    const replay = await runTo(live.scenario, 1_500_000);
    expect(live.scenario.faults).toEqual([
      { node: 'MVS1', action: 'kill', atUs: expect.any(Number), afterEvent: 777 },
    ]);
    expect(replay.status().fingerprint).toBe(live.status().fingerprint);
  });

  it('a loose run still stops exactly where a recorded act comes (Worker runtime)', async () => {
    const live = new ScenarioRun(new InProcessRuntime());
    await live.load(figure9);
    await live.step(777);
    await live.act({ node: 'MVS1', action: 'kill' });
    await live.run({ time: 1_000_000 });
    // The runtime is asked for exact runs up to the act, loose ones only after it.
    const asked: { at: number; limit: RunLimit }[] = [];
    const rt = new WorkerRuntime(() => new InMemoryWorker(actorKinds));
    const run = rt.run.bind(rt);
    rt.run = (limit) => {
      asked.push({ at: rt.status().eventIndex, limit });
      return run(limit);
    };
    const replay = new ScenarioRun(rt);
    await replay.load(live.scenario);
    while (replay.status().time < 1_000_000 && replay.status().pending > 0)
      await replay.run({ time: 1_000_000, maxEvents: 100, loose: true });
    expect(replay.status().fingerprint).toBe(live.status().fingerprint);
    expect(asked.filter((a) => a.at < 777).every((a) => !a.limit.loose)).toBe(true);
    expect(asked.find((a) => a.at === 700)?.limit.maxEvents).toBe(77);
    expect(asked.filter((a) => a.at >= 777).every((a) => a.limit.loose)).toBe(true);
    rt.dispose();
  });

  it('replays an act made after a run to a time (the clock past the last event) exactly', async () => {
    const live = new ScenarioRun(new InProcessRuntime());
    await live.load(figure9);
    // An odd time no event shares: the clock stands past the last event.
    await live.run({ time: 100_003 });
    expect(live.status().time).toBe(100_003);
    await live.act({ node: 'MVS1', action: 'kill' });
    await live.run({ time: 1_000_000 });
    const [act] = live.scenario.faults;
    expect(act).toMatchObject({ atUs: 100_003 });
    const replay = await runTo(live.scenario, 1_000_000);
    expect(replay.status().fingerprint).toBe(live.status().fingerprint);
  });

  it('seeking back and forth keeps the faults (the runtime journal replays them)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 4 }),
        async (points) => {
          const r = await runTo(killAndRestart, 1_500_000);
          const end = r.status();
          for (const p of points) await r.seek(Math.min(p, end.eventIndex));
          await r.seek(end.eventIndex);
          expect(r.status().fingerprint).toBe(end.fingerprint);
        },
      ),
      { numRuns: 4 },
    );
  });

  it('the timeline an act leaves replays the same, however it is written (a time fault is not held back behind later acts)', async () => {
    const live = new ScenarioRun(new InProcessRuntime());
    await live.load(withFaults([{ atUs: 400_000, node: 'MVS1', action: 'kill' }]));
    await live.run({ time: 1_000_000 });
    await live.act({ node: 'MVS1', action: 'restart' });
    await live.run({ time: 1_500_000 });
    const [kill, restart] = live.scenario.faults;
    expect(kill).toEqual({ atUs: 400_000, node: 'MVS1', action: 'kill' });
    expect(restart).toMatchObject({ action: 'restart', afterEvent: expect.any(Number) });
    // Written act first, the kill still comes first, by its time (pinned acts all went first: the
    // restart of a running MVS1 came before its kill).
    for (const sc of [live.scenario, withFaults([restart!, kill!])]) {
      const replay = await runTo(sc, 1_500_000);
      expect(replay.status().fingerprint).toBe(live.status().fingerprint);
    }
  });

  it('an act after seeking back branches the timeline: later faults are dropped', async () => {
    const r = await runTo(killAndRestart, 1_500_000);
    await r.seek(100);
    await r.act({ node: 'MVS5', action: 'stop' });
    expect(r.scenario.faults.map((f) => ('node' in f ? `${f.action} ${f.node}` : ''))).toEqual(['stop MVS5']);
  });
});
