import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { buildWorld } from '../scenario/world';
import { MARK_EVERY } from '../sim/fingerprint-marks';
import { pingerMesh } from '../sim/testing/worlds';
import { recordBytes, type TraceEvent } from '../sim/trace-store';
import type { TraceRecord } from '../sim/types';
import { InProcessRuntime } from './in-process';
import type { KeptFuture } from './kept-future';
import type { Runtime, RuntimeOptions } from './runtime';
import { inMemorySolo, inMemoryWorkers, inProcess, pagedSysplex, testRegistry } from './test-support';

// Stepping back is exact: after any sequence of steps and seeks the runtime is where a fresh run
// stepped straight to the same event index would be (fingerprint and every node's state).

const world = () => pingerMesh(5, 21, { loss: 0.05, corrupt: 0.05, delay: 0.1, delayMaxUs: 60 });
const MAX = 400;

async function reference() {
  const rt = inProcess();
  await rt.load(world());
  const fps = [rt.status().fingerprint];
  const states = [await rt.views()];
  for (let i = 0; i < MAX; i++) {
    fps.push((await rt.step(1)).fingerprint);
    states.push(await rt.views());
  }
  return { fps, states, records: rt.records() };
}

const op = fc.oneof(
  fc.record({ type: fc.constant('step' as const), n: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ type: fc.constant('seek' as const), to: fc.integer({ min: 0, max: MAX }) }),
);

async function checkOps(
  make: () => Runtime,
  ops: { type: 'step' | 'seek'; n?: number; to?: number }[],
  ref: Awaited<ReturnType<typeof reference>>,
  withRecords = false,
) {
  const rt = make();
  await rt.load(world());
  for (const o of ops) {
    const at = rt.status().eventIndex;
    const s = o.type === 'step' ? await rt.step(Math.min(o.n!, MAX - at)) : await rt.seek(o.to!);
    expect(s.eventIndex).toBe(o.type === 'step' ? Math.min(at + o.n!, MAX) : o.to);
    expect(s.fingerprint).toBe(ref.fps[s.eventIndex]);
  }
  const i = rt.status().eventIndex;
  expect(await rt.views()).toEqual(ref.states[i]);
  if (withRecords) {
    const records = rt.records();
    expect(records).toEqual(ref.records.slice(0, records.length));
    expect(records.at(-1)?.event ?? -1).toBeLessThan(i);
    expect(ref.records[records.length]?.event ?? i).toBeGreaterThanOrEqual(i);
  }
  rt.dispose();
}

/** A clock for checkpoints by cost: each reading moves on 0–3 ms, pseudo-randomly from a seed. */
function fakeClock(seed: number): () => number {
  let t = 0;
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t += (x >>> 0) % 4;
    return t;
  };
}

/** Events before a seek's target replayed loudly: short ones make most replays quiet (quiet-replay.test.ts). */
const loudTail = fc.integer({ min: 0, max: 60 });

const byCost = fc.record({
  checkpointMs: fc.integer({ min: 1, max: 60 }),
  checkpointShare: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
  maxCheckpoints: fc.integer({ min: 2, max: 40 }),
  checkpointBytes: fc.constantFrom(Number.POSITIVE_INFINITY, 256 * 1024 * 1024, 20_000, 1),
  loudTail,
  seed: fc.integer(),
});

/** An in-process runtime on the test kinds that notes which checkpoints it restores. */
class Restores extends InProcessRuntime {
  restored: number[] = [];
  constructor(options: RuntimeOptions) {
    super(testRegistry(), options);
  }
  protected override restoreHosts(index: number): void {
    this.restored.push(index);
    super.restoreHosts(index);
  }
}

/**
 * 2,000 events run with checkpoints by cost on a clock of 1 ms a reading, and the middle of the
 * widest gap between the checkpoints held: a long replay from the one before.
 */
async function widestGap(): Promise<{ rt: Restores; target: number }> {
  let t = 0;
  const rt = new Restores({ checkpointMs: 100, maxCheckpoints: 4, clock: () => ++t });
  await rt.load(world());
  await rt.step(2000);
  const idx = rt.checkpointStats().indexes;
  let target = 0;
  let widest = 0;
  for (let i = 1; i < idx.length; i++) {
    const gap = idx[i]! - idx[i - 1]!;
    if (gap > widest) [widest, target] = [gap, idx[i - 1]! + Math.floor(gap / 2)];
  }
  return { rt, target };
}

/** The newest checkpoint held before event `target`. */
const checkpointBefore = (rt: Runtime, target: number): number =>
  rt
    .checkpointStats()
    .indexes.filter((i) => i < target)
    .at(-1)!;

/**
 * After a seek to `target`: a checkpoint a quarter of checkpointMs before it (about 1 ms an event
 * on widestGap's clock: 25 events back), which the step back restores.
 */
async function expectShortStepBack(rt: Restores, target: number): Promise<void> {
  const before = checkpointBefore(rt, target);
  expect(target - before).toBeGreaterThanOrEqual(15);
  expect(target - before).toBeLessThanOrEqual(35);
  rt.restored.length = 0;
  await rt.seek(target - 1);
  expect(rt.restored).toEqual([before]);
}

describe('seek', () => {
  it('random step/seek sequences match a straight run, in-process', async () => {
    const ref = await reference();
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 5, max: 80 }),
        loudTail,
        (ops, every, tail) =>
          checkOps(() => inProcess({ checkpointEvery: every, maxCheckpoints: 4, loudTail: tail }), ops, ref),
      ),
      { numRuns: 40 },
    );
  });

  it('random step/seek sequences match a straight run, Worker runtime (in-memory workers, pools of 1–5)', async () => {
    const ref = await reference();
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 5, max: 80 }),
        fc.integer({ min: 1, max: 5 }),
        (ops, every, workers) =>
          checkOps(() => inMemoryWorkers({ checkpointEvery: every, maxCheckpoints: 4, workers }), ops, ref),
      ),
      { numRuns: 15 },
    );
  });

  it('random step/seek sequences match a straight run, records included, solo Worker (in-memory)', async () => {
    const ref = await reference();
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 5, max: 80 }),
        loudTail,
        (ops, every, tail) =>
          checkOps(
            () => inMemorySolo({ checkpointEvery: every, maxCheckpoints: 4, loudTail: tail }),
            ops,
            ref,
            true,
          ),
      ),
      { numRuns: 15 },
    );
  });

  it('random step/seek sequences match a straight run, records included, checkpoints by cost and bytes', async () => {
    const ref = await reference();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), byCost, (ops, { seed, ...o }) =>
        checkOps(() => inProcess({ ...o, clock: fakeClock(seed) }), ops, ref, true),
      ),
      { numRuns: 40 },
    );
  });

  it('the same fingerprint and records whatever the checkpoint policy', async () => {
    const policies: RuntimeOptions[] = [
      { checkpointEvery: Number.MAX_SAFE_INTEGER },
      { checkpointEvery: 1 },
      { checkpointEvery: 37, maxCheckpoints: 3 },
      { checkpointMs: 5, clock: fakeClock(1) },
      { checkpointMs: 1, checkpointShare: 0.5, checkpointBytes: 10_000, clock: fakeClock(2) },
      { checkpointMs: 20, clock: () => performance.now() },
    ];
    const ends: [string, TraceRecord[]][] = [];
    for (const p of policies) {
      const rt = inProcess(p);
      await rt.load(world());
      await rt.step(MAX);
      ends.push([rt.status().fingerprint, rt.records()]);
      rt.dispose();
    }
    for (const e of ends) expect(e).toEqual(ends[0]);
  });

  it('seeking forward restores a checkpoint on the way and puts the records back, in order', async () => {
    const rt = new Restores({ checkpointEvery: 50, clock: fakeClock(3) });
    const ref = await reference();
    await rt.load(world());
    await rt.step(MAX);
    const got: TraceEvent[] = [];
    rt.subscribe((e) => got.push(e));
    await rt.seek(20);
    rt.restored.length = 0;
    got.length = 0;
    const st = await rt.seek(390);
    expect(rt.restored).toEqual([350]);
    expect(st.fingerprint).toBe(ref.fps[390]);
    expect(await rt.views()).toEqual(ref.states[390]);
    const records = rt.records();
    expect(records).toEqual(ref.records.slice(0, records.length));
    // Subscribers hear the records from event 20 on exactly once, in order, as after a replay.
    const heard = got.flatMap((e) => (e.type === 'records' ? e.records : []));
    expect(got.every((e) => e.type === 'records')).toBe(true);
    expect(heard.map((r) => r.index)).toEqual(records.slice(heard[0]!.index).map((r) => r.index));
    expect(heard[0]!.event).toBe(20);
    // A short way forward replays instead.
    rt.restored.length = 0;
    await rt.seek(395);
    expect(rt.restored).toEqual([]);
    rt.dispose();
  });

  it('the kept future lets go of the records a replay made again; seeking forward still restores from it', async () => {
    const rt = new Restores({ checkpointEvery: 50, clock: fakeClock(3) });
    const ref = await reference();
    await rt.load(world());
    await rt.step(MAX);
    const kept = () => (rt as unknown as { future: KeptFuture }).future;
    // Back to 120: the checkpoint at 100 is restored, the future holds records from event 100 on,
    // and the replay to 120 makes events 100–119's records again: the future no longer holds them.
    await rt.seek(120);
    const present = rt.records().length;
    expect(kept().start).toBe(present);
    expect(kept().held()[0]).toEqual(ref.records[present]);
    expect(kept().held().at(-1)).toEqual(ref.records.at(-1));
    // Forward again: the checkpoint at 350 is restored and the records come back from the future.
    rt.restored.length = 0;
    const st = await rt.seek(390);
    expect(rt.restored).toEqual([350]);
    expect(st.fingerprint).toBe(ref.fps[390]);
    expect(rt.records()).toEqual(ref.records.filter((r) => r.event < 390));
    // Playing on over what the future holds lets go of it too, in batches.
    await rt.step(MAX - 390);
    expect(kept().held()).toEqual([]);
    rt.dispose();
  });

  it('the kept future holds no more bytes of records than the trace does, nearest first', async () => {
    const traceBytes = 8_000;
    const rt = new Restores({ checkpointEvery: 50, clock: fakeClock(3), traceBytes });
    const ref = await reference();
    await rt.load(world());
    await rt.step(MAX);
    const kept = () => (rt as unknown as { future: KeptFuture }).future;
    for (const to of [300, 200, 100]) {
      await rt.seek(to);
      const f = kept().held();
      expect(f.reduce((n, r) => n + recordBytes(r), 0)).toBeLessThanOrEqual(traceBytes);
      // From the first record the trace still held on (none before the present), as the run made
      // them, and nearest first: what goes is the far end.
      expect(kept().start).toBeGreaterThanOrEqual(ref.records.findIndex((r) => r.event >= to));
      expect(f).toEqual(ref.records.slice(kept().start, kept().start + f.length));
    }
    // Forward past what the future holds: the trace skips to the checkpoint, as when nothing is kept.
    expect((await rt.seek(390)).fingerprint).toBe(ref.fps[390]);
    rt.dispose();
  });

  it('seeking forward past records nothing kept still restores the checkpoint: the trace skips them', async () => {
    // A trace of 60 records in memory: a seek back to 20 keeps none of the records up to 350.
    const rt = new Restores({ checkpointEvery: 50, clock: fakeClock(5), traceLimit: 60 });
    const ref = await reference();
    await rt.load(world());
    await rt.step(MAX);
    await rt.seek(20);
    const got: TraceEvent[] = [];
    rt.subscribe((e) => got.push(e));
    rt.restored.length = 0;
    const st = await rt.seek(390);
    expect(rt.restored).toEqual([350]);
    expect(st.fingerprint).toBe(ref.fps[390]);
    expect(await rt.views()).toEqual(ref.states[390]);
    // Subscribers hear the skip to the checkpoint's first record, then every record from there on,
    // also the ones the trace trimmed before the step's end (more than it holds came in one go).
    const skip = ref.records.findIndex((r) => r.event >= 350);
    expect(got[0]).toEqual({ type: 'skip', count: skip });
    const heard = got.slice(1).flatMap((e) => (e.type === 'records' ? e.records : []));
    expect(heard).toEqual(ref.records.slice(skip, skip + heard.length));
    expect(heard.at(-1)!.event).toBe(389);
    expect(rt.records().length).toBeLessThan(heard.length);
    expect(rt.records()).toEqual(heard.slice(heard.length - rt.records().length));
    // Seeking back regenerates what was skipped.
    expect((await rt.seek(230)).fingerprint).toBe(ref.fps[230]);
    expect(rt.records().at(-1)).toEqual(ref.records.filter((r) => r.event < 230).at(-1));
    rt.dispose();
  });

  it('seeking forward after an injection replays (the old future is another timeline)', async () => {
    const rt = new Restores({ checkpointEvery: 50, clock: fakeClock(4) });
    await rt.load(world());
    await rt.step(300);
    await rt.seek(100);
    await rt.inject({ type: 'link', link: 'ring1', up: false });
    rt.restored.length = 0;
    await rt.seek(290);
    expect(rt.restored).toEqual([]);
    const fresh = inProcess();
    await fresh.load(world());
    await fresh.step(100);
    await fresh.inject({ type: 'link', link: 'ring1', up: false });
    const st = await fresh.seek(290);
    expect(rt.status().fingerprint).toBe(st.fingerprint);
    expect(rt.records()).toEqual(fresh.records());
  });

  it('a seek back leaves checkpoints along its replay and one just before its target: the next step back is short', async () => {
    const rt = new Restores({ checkpointMs: 8, maxCheckpoints: 6, clock: fakeClock(5) });
    await rt.load(world());
    await rt.step(2000);
    const before = rt.checkpointStats().indexes;
    // Old history is thin: the checkpoint before 1000 is far from it.
    const far = before.filter((i) => i <= 1000).at(-1)!;
    expect(1000 - far).toBeGreaterThan(100);
    await rt.seek(1000);
    // Checkpoints on the replay's way, and one just before its target.
    const after = rt.checkpointStats().indexes;
    expect(after.filter((i) => i > far && i < 1000).length).toBeGreaterThan(1);
    const near = after.filter((i) => i <= 999).at(-1)!;
    expect(999 - near).toBeLessThan(8);
    rt.restored.length = 0;
    await rt.seek(999);
    expect(rt.restored).toEqual([near]);
  });

  /** Runs to 2000, seeks back to `to` (its records held: a quiet seek), and the checkpoint it left. */
  async function quietSeekBack(to: number) {
    const rt = new Restores({ checkpointMs: 8, maxCheckpoints: 6, clock: fakeClock(5) });
    await rt.load(world());
    await rt.step(2000);
    await rt.seek(to);
    const near = rt
      .checkpointStats()
      .indexes.filter((i) => i < to)
      .at(-1)!;
    return { rt, near };
  }

  it('a quiet seek back (its records held) still leaves its checkpoint just before the target, also at a mark', async () => {
    // At a mark: a quiet replay up to the mark would pass the place.
    const to = 16 * MARK_EVERY;
    const { rt, near } = await quietSeekBack(to);
    expect(to - near).toBeLessThan(8);
    rt.restored.length = 0;
    await rt.seek(to - 1);
    expect(rt.restored).toEqual([near]);
  });

  it('a quiet seek back leaves its checkpoint also when the place for it is a mark', async () => {
    // Targets just past the mark at 1024: for one of them the place (a few events back) is 1024,
    // where the quiet replay ends.
    for (let to = 16 * MARK_EVERY + 1; to <= 16 * MARK_EVERY + 8; to++) {
      const { rt, near } = await quietSeekBack(to);
      expect(to - near, `seek to ${to}`).toBeLessThan(8);
      rt.dispose();
    }
  });

  it('readyStepBack leaves a checkpoint just before the present and comes back: a step back from there is short', async () => {
    const END = 1560;
    const ref = inProcess();
    await ref.load(world());
    await ref.step(END);
    const refRecords = ref.records();
    // Checkpoints far apart: each costs one reading of the clock, the running 99 between two.
    let t = 0;
    const rt = new Restores({ checkpointMs: 4, checkpointShare: 0.01, clock: () => ++t });
    await rt.load(world());
    await rt.step(END);
    const newest = rt.checkpointStats().indexes.at(-1)!;
    expect(END - newest).toBeGreaterThan(50);
    const heard: TraceEvent[] = [];
    rt.subscribe((e) => heard.push(e));
    const st = await rt.readyStepBack();
    // Where it was, with the same trace; a checkpoint just before.
    expect(st.eventIndex).toBe(END);
    expect(st.fingerprint).toBe(ref.status().fingerprint);
    expect(rt.records()).toEqual(refRecords);
    expect(heard.length).toBeGreaterThan(0);
    const near = rt
      .checkpointStats()
      .indexes.filter((i) => i < END)
      .at(-1)!;
    expect(END - near).toBeLessThan(5);
    rt.restored.length = 0;
    expect((await rt.seek(END - 1)).fingerprint).toBe((await ref.seek(END - 1)).fingerprint);
    expect(rt.restored).toEqual([near]);
    // Already near: nothing replays.
    await rt.seek(END);
    rt.restored.length = 0;
    await rt.readyStepBack();
    expect(rt.restored).toEqual([]);
    rt.dispose();
    ref.dispose();
  });

  it('a seek replays with fewer checkpoints on its way than running the same events left (seekCheckpointShare)', async () => {
    // Every clock reading is 1 ms later: running and checkpoints cost by the number of readings.
    const run = async (seekCheckpointShare?: number) => {
      let t = 0;
      const rt = new Restores({
        checkpointMs: 4,
        checkpointShare: 0.3,
        maxCheckpoints: 10_000,
        ...(seekCheckpointShare ? { seekCheckpointShare } : {}),
        clock: () => ++t,
      });
      await rt.load(world());
      await rt.step(1500);
      const played = rt.checkpointStats().indexes.filter((i) => i > 0 && i < 1000).length;
      // Back to the start, where an injection drops every later checkpoint; then a seek over the
      // same events.
      await rt.seek(0);
      await rt.inject({ type: 'link', link: 'ring1', up: true });
      await rt.seek(1000);
      const seeking = rt.checkpointStats().indexes.filter((i) => i > 0 && i < 1000).length;
      return { played, seeking };
    };
    const byDefault = await run();
    expect(byDefault.played).toBeGreaterThan(6);
    expect(byDefault.seeking).toBeGreaterThan(0);
    expect(byDefault.seeking).toBeLessThan(byDefault.played / 2);
    // The same share while seeking: about as many as running left.
    const same = await run(0.3);
    expect(same.seeking).toBeGreaterThan(byDefault.seeking * 2);
    expect(() => new Restores({ checkpointMs: 4, seekCheckpointShare: 1 })).toThrow(RangeError);
  });

  it('big states (the byte budget holds fewer than 16 of them) take checkpoints for a third of the share', async () => {
    // Every clock reading is 1 ms later: an event costs 1 ms, a checkpoint 1 ms.
    const gaps = async (checkpointBytes: number) => {
      let t = 0;
      const taken: number[] = [];
      class Spy extends Restores {
        protected override saveHosts(index: number): number {
          taken.push(index);
          return super.saveHosts(index);
        }
      }
      const rt = new Spy({
        checkpointMs: 4,
        checkpointShare: 0.3,
        maxCheckpoints: 10_000,
        checkpointBytes,
        clock: () => ++t,
      });
      await rt.load(world());
      await rt.step(2000);
      return new Set(taken.slice(2).map((i, n) => i - taken[n + 1]!));
    };
    // A budget for many whole states: spaced by checkpointMs (4 ms of running; the share, 30%, allows 2.3).
    expect(await gaps(1e12)).toEqual(new Set([4]));
    // A budget for a few: a share of 10%, 9 ms of running for each ms a checkpoint costs (and its
    // own reading of the clock: 10 events apart).
    expect(await gaps(2_000)).toEqual(new Set([10]));
  });

  it('by cost, a long replay back leaves a checkpoint a quarter of checkpointMs before its target', async () => {
    const { rt, target } = await widestGap();
    expect(target - checkpointBefore(rt, target)).toBeGreaterThan(300);
    await rt.seek(target);
    await expectShortStepBack(rt, target);
  });

  it('a long replay forward leaves a checkpoint before its target too: the step back after it is short', async () => {
    const { rt, target } = await widestGap();
    const from = checkpointBefore(rt, target);
    expect(target - from).toBeGreaterThan(300);
    // Back to the start, then forward into the middle of the widest gap: the checkpoint before it
    // is restored and the rest replayed.
    await rt.seek(0);
    rt.restored.length = 0;
    await rt.seek(target);
    expect(rt.restored).toEqual([from]);
    await expectShortStepBack(rt, target);
  });

  it('checkpoints stay within the byte budget, and say so', async () => {
    const rt = inProcess({ checkpointEvery: 5, maxCheckpoints: 10_000, checkpointBytes: 40_000 });
    await rt.load(world());
    await rt.step(1500);
    const st = rt.checkpointStats();
    expect(st.budget).toBe(40_000);
    expect(st.count).toBeGreaterThan(2);
    expect(st.bytes).toBeLessThanOrEqual(40_000);
    expect(st.indexes[0]).toBe(0);
    expect(st.indexes.at(-1)).toBe(1500);
    const none = inProcess({ checkpointEvery: 5, maxCheckpoints: 10_000 });
    await none.load(world());
    await none.step(1500);
    expect(none.checkpointStats().count).toBe(301);
    expect(none.checkpointStats().bytes).toBeGreaterThan(40_000);
  });

  it('real actors: random step/seek sequences match a straight run, checkpoints by cost (Figure 9)', async () => {
    const sc = { ...figure9, clients: figure9.clients.map((c) => ({ ...c, connections: 2 })) };
    const N = 1500;
    const straight = new InProcessRuntime(undefined, { checkpointEvery: Number.MAX_SAFE_INTEGER });
    await straight.load(buildWorld(sc));
    const fps = [straight.status().fingerprint];
    for (let i = 0; i < N; i++) fps.push((await straight.step(1)).fingerprint);
    const views = await straight.views();
    straight.dispose();
    const realOp = fc.oneof(
      fc.record({ type: fc.constant('step' as const), n: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ type: fc.constant('seek' as const), to: fc.integer({ min: 0, max: N }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(realOp, { minLength: 1, maxLength: 8 }),
        byCost,
        async (ops, { seed, ...o }) => {
          const rt = new InProcessRuntime(undefined, { ...o, clock: fakeClock(seed) });
          await rt.load(buildWorld(sc));
          for (const x of ops) {
            const at = rt.status().eventIndex;
            const s = x.type === 'step' ? await rt.step(Math.min(x.n!, N - at)) : await rt.seek(x.to!);
            expect(s.fingerprint).toBe(fps[s.eventIndex]);
          }
          await rt.seek(N);
          expect(await rt.views()).toEqual(views);
          rt.dispose();
        },
      ),
      { numRuns: 6 },
    );
  });

  it('real actors at 180 connections: checkpoints drop replaced timers from the queue, and the run stays the same', async () => {
    const N = 6000;
    // Requests of several segments: each segment sent re-arms the retransmission timer.
    const s = pagedSysplex();
    const sc = { ...s, workload: { ...s.workload, requestBytes: 4000 } };
    const end = async (o: RuntimeOptions) => {
      const rt = new InProcessRuntime(undefined, o);
      await rt.load(buildWorld(sc));
      await rt.step(N);
      const out = { status: rt.status(), records: rt.records(), views: await rt.views() };
      rt.dispose();
      return out;
    };
    const straight = await end({ checkpointEvery: Number.MAX_SAFE_INTEGER });
    const checkpointed = await end({ checkpointEvery: 100 });
    expect(checkpointed.status.fingerprint).toBe(straight.status.fingerprint);
    expect(checkpointed.records).toEqual(straight.records);
    expect(checkpointed.views).toEqual(straight.views);
    // Fewer events wait: the replaced retransmission timers are gone.
    expect(checkpointed.status.pending).toBeLessThan(straight.status.pending * 0.75);
  });
});
