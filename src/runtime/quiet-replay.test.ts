import { describe, expect, it, vi } from 'vitest';
import { MARK_EVERY } from '../sim/fingerprint-marks';
import { NodeFailureError } from '../sim/kernel';
import { pingerMesh } from '../sim/testing/worlds';
import type { TraceEvent } from '../sim/trace-store';
import type { TraceRecord, World } from '../sim/types';
import type { Runtime } from './runtime';
import { inMemorySolo, inProcess } from './test-support';

// Replays of events the timeline ran before are quiet up to the fingerprint mark `loudTail` events
// before the target: no records, the fingerprint from the mark. Everything a straight run gives must
// be the same: status, node views, records; and the trace is cut only where the records start again.

const world = () => pingerMesh(5, 21, { loss: 0.05, corrupt: 0.05, delay: 0.1, delayMaxUs: 60 });
const ONLY_START = { checkpointEvery: Number.MAX_SAFE_INTEGER };

async function straight(
  w: World,
  to: number,
  injections: [number, Parameters<ReturnType<typeof inProcess>['inject']>[0]][] = [],
) {
  const rt = inProcess();
  await rt.load(w);
  for (const [at, op] of injections.filter(([at]) => at <= to)) {
    await rt.step(at - rt.status().eventIndex);
    await rt.inject(op);
  }
  await rt.step(to - rt.status().eventIndex);
  return { status: rt.status(), views: await rt.views(), records: rt.records() };
}

/** Index of the first record of event `event` (or later) in a straight run's records. */
const firstOf = (records: TraceRecord[], event: number) => records.findIndex((r) => r.event >= event);

/**
 * Runs to 400 and seeks back to 300 with only event 0's checkpoint: the same status, views and
 * records as a straight run; the trace events heard during the seek. The quiet replay ends at the
 * mark before `quietTo`: the loud tail's start, or the target where the trace holds the tail's
 * records.
 */
async function farSeekBack(rt: Runtime, quietTo = 290) {
  const ref = await straight(world(), 300);
  await rt.load(world());
  await rt.step(400);
  const heard: TraceEvent[] = [];
  rt.subscribe((e) => heard.push(e));
  expect(await rt.seek(300)).toEqual(ref.status);
  expect(await rt.views()).toEqual(ref.views);
  expect(rt.records()).toEqual(ref.records);
  // The trace was cut at that mark's records, the ones before it stayed.
  const mark = Math.floor(quietTo / MARK_EVERY) * MARK_EVERY;
  expect(heard.find((e) => e.type === 'truncate')).toEqual({
    type: 'truncate',
    count: firstOf(ref.records, mark),
  });
  return { ref, heard, mark };
}

describe('quiet replay', () => {
  it('a far seek back is quiet up to the mark before its loud tail: the same status, views and records', async () => {
    const rt = inProcess({ ...ONLY_START, loudTail: 10 });
    const { ref, heard, mark } = await farSeekBack(rt);
    expect(heard[0]?.type).toBe('truncate');
    const made = heard.flatMap((e) => (e.type === 'records' ? e.records : []));
    expect(made).toEqual(ref.records.slice(firstOf(ref.records, mark)));
    // Stepping on from there is the straight run too.
    const end = await straight(world(), 400);
    expect(await rt.step(100)).toEqual(end.status);
    expect(rt.records()).toEqual(end.records);
  });

  it('with a loud tail longer than the replay, every record is made again (the old way)', async () => {
    const rt = inProcess({ ...ONLY_START, loudTail: 1000, traceLimit: 50 });
    await rt.load(world());
    await rt.step(400);
    const heard: TraceEvent[] = [];
    rt.subscribe((e) => heard.push(e));
    await rt.seek(300);
    expect(heard[0]).toEqual({ type: 'truncate', count: 0 });
  });

  it('where the trace still holds the records of the loud tail, only the events after the last mark make records', async () => {
    // Quiet up to 256 (the last mark before 300), not 128 (the mark before the tail, at 150).
    const { ref, heard, mark } = await farSeekBack(inProcess({ ...ONLY_START, loudTail: 150 }), 300);
    expect(mark).toBe(4 * MARK_EVERY);
    const made = heard.flatMap((e) => (e.type === 'records' ? e.records : []));
    expect(heard[0]).toEqual({ type: 'truncate', count: firstOf(ref.records, mark) });
    expect(made).toEqual(ref.records.slice(firstOf(ref.records, mark)));
  });

  it('where the trace no longer holds them, the loud tail makes them again', async () => {
    const ref = await straight(world(), 300);
    // 100 records: fewer than the 300 − 150 events of the tail make.
    const rt = inProcess({ ...ONLY_START, loudTail: 150, traceLimit: 100 });
    await rt.load(world());
    await rt.step(400);
    const heard: TraceEvent[] = [];
    rt.subscribe((e) => heard.push(e));
    expect(await rt.seek(300)).toEqual(ref.status);
    expect(heard[0]).toEqual({ type: 'truncate', count: firstOf(ref.records, 2 * MARK_EVERY) });
    const held = rt.records();
    expect(held.length).toBeGreaterThan(0);
    expect(held).toEqual(ref.records.slice(ref.records.length - held.length));
  });

  it('seeking forward without a checkpoint on the way is quiet too, and brings the kept records back', async () => {
    const ref = await straight(world(), 390);
    const rt = inProcess({ ...ONLY_START, loudTail: 5 });
    await rt.load(world());
    await rt.step(400);
    await rt.seek(20);
    const s = await rt.seek(390);
    expect(s).toEqual(ref.status);
    expect(await rt.views()).toEqual(ref.views);
    expect(rt.records()).toEqual(ref.records);
  });

  it('a stopped seek stops at a mark of its quiet replay, exactly', async () => {
    // The runtime breathes every 32 events here (each performance.now() is 20 ms on): the second
    // breath of the seek stops it, mid-way between two marks of its quiet replay.
    let t = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (t += 20));
    let breaths = 0;
    const rt = inProcess({
      ...ONLY_START,
      loudTail: 10,
      breathe: async () => {
        if (++breaths === 2) rt.stopSeek();
      },
    });
    await rt.load(world());
    await rt.step(400);
    breaths = 0;
    const s = await rt.seek(390);
    now.mockRestore();
    expect(s.eventIndex).toBeGreaterThan(0);
    // Before the mark where the quiet replay would have ended (320).
    expect(s.eventIndex).toBeLessThan(Math.floor((390 - 10) / MARK_EVERY) * MARK_EVERY);
    expect(s.eventIndex % MARK_EVERY).toBe(0);
    const ref = await straight(world(), s.eventIndex);
    expect(s).toEqual(ref.status);
    expect(await rt.views()).toEqual(ref.views);
    expect(rt.records()).toEqual(ref.records);
    // And on from there.
    expect(await rt.seek(390)).toEqual((await straight(world(), 390)).status);
  });

  it('injections, one at a mark: seeks across them after the branch match the straight run', async () => {
    const down = { type: 'link' as const, link: 'ring1', up: false };
    const kill = { type: 'control' as const, node: 'p3', action: 'kill' as const };
    const injections: [number, typeof down | typeof kill][] = [
      [100, kill],
      [2 * MARK_EVERY, down],
    ];
    const rt = inProcess({ ...ONLY_START, loudTail: 3 });
    await rt.load(world());
    await rt.step(350);
    // Back, and a new timeline: the marks after each injection are the old one's.
    await rt.seek(100);
    await rt.inject(kill);
    await rt.step(2 * MARK_EVERY - 100);
    await rt.inject(down);
    await rt.step(400 - 2 * MARK_EVERY);
    for (const to of [300, 2 * MARK_EVERY + 40, 2 * MARK_EVERY + 2, 101, 390]) {
      const ref = await straight(world(), to, injections);
      expect(await rt.seek(to)).toEqual(ref.status);
      expect(await rt.views()).toEqual(ref.views);
      expect(rt.records()).toEqual(ref.records);
    }
  });

  it('a node that failed and was restarted: the same failures after a quiet replay across both', async () => {
    const w = world();
    w.actors[2] = { ...w.actors[2]!, kind: 'faulty', config: { periodUs: 1000, throwAt: 9 } };
    const restart = { type: 'control' as const, node: 'p2', action: 'restart' as const };
    // It fails on its 9th input, and again on the 9th after the restart.
    const failing = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(NodeFailureError);
    const run = async (rt: ReturnType<typeof inProcess>) => {
      await rt.load(w);
      await failing(rt.step(150));
      expect(rt.status().failed.map((f) => f.node)).toEqual(['p2']);
      await rt.inject(restart);
      await rt.step(40);
      expect(rt.status().failed).toEqual([]);
      await failing(rt.step(210));
      expect(rt.status().failed.map((f) => f.node)).toEqual(['p2']);
    };
    const ref = inProcess();
    await run(ref);
    const rt = inProcess({ ...ONLY_START, loudTail: 2 });
    await run(rt);
    // Quiet across the failure (event 31, not reported again) and the restart (event 151): at 194
    // (mark 192) the node is not failed, at 390 it failed again (event 195).
    for (const to of [140, 194, 390, 120]) {
      await ref.seek(to);
      expect(await rt.seek(to)).toEqual(ref.status());
      expect(await rt.views()).toEqual(await ref.views());
    }
  });

  it('readyStepBack replays quietly to its checkpoint: the same status and records', async () => {
    const ref = await straight(world(), 400);
    let t = 0;
    const rt = inProcess({ checkpointMs: 3, maxCheckpoints: 3, clock: () => (t += 0.05) });
    await rt.load(world());
    await rt.step(400);
    const before = rt.checkpointStats().indexes.at(-1)!;
    const heard: TraceEvent[] = [];
    rt.subscribe((e) => heard.push(e));
    expect(await rt.readyStepBack()).toEqual(ref.status);
    expect(rt.records()).toEqual(ref.records);
    expect(await rt.views()).toEqual(ref.views);
    // Quiet from the checkpoint to the mark at 384, loud to its new checkpoint and on to 400.
    const after = rt.checkpointStats().indexes.at(-1)!;
    expect(before).toBeLessThan(6 * MARK_EVERY);
    expect(after).toBeGreaterThan(6 * MARK_EVERY);
    expect(heard[0]).toEqual({ type: 'truncate', count: firstOf(ref.records, 6 * MARK_EVERY) });
  });

  it('the solo Worker replays quietly too', async () => {
    const rt = inMemorySolo({ ...ONLY_START, loudTail: 10 });
    await farSeekBack(rt);
    rt.dispose();
  });

  it("the solo Worker's loud tail goes by what the page's mirror holds, not by its own small trace", async () => {
    // The tail's records are over 5,120 records (the most the Worker's own trace holds) before the
    // present: only the page holds them.
    const to = 1000;
    const present = 4000;
    const ref = await straight(world(), to);
    const end = await straight(world(), present);
    expect(end.records.length - firstOf(ref.records, to - 150)).toBeGreaterThan(5120);
    const rt = inMemorySolo({ ...ONLY_START, loudTail: 150 });
    await rt.load(world());
    await rt.step(present);
    const heard: TraceEvent[] = [];
    rt.subscribe((e) => heard.push(e));
    expect(await rt.seek(to)).toEqual(ref.status);
    expect(rt.records()).toEqual(ref.records);
    const mark = Math.floor(to / MARK_EVERY) * MARK_EVERY;
    expect(heard.find((e) => e.type === 'truncate')).toEqual({
      type: 'truncate',
      count: firstOf(ref.records, mark),
    });
    rt.dispose();
  });
});
