import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { buildWorld } from '../scenario/world';
import { InProcessRuntime } from './in-process';
import type { RuntimeOptions } from './runtime';

/** Counts its exact walks; `recountAll`: never says what the hosts share with (always walks). */
class Walks extends InProcessRuntime {
  walks = 0;
  constructor(
    options: RuntimeOptions,
    private readonly recountAll: boolean,
  ) {
    super(undefined, options);
  }
  protected override unsharedHostBytes(later: number, earlier: number): number | undefined {
    this.walks++;
    return super.unsharedHostBytes(later, earlier);
  }
  protected override hostsBasedOn(): number | undefined {
    return this.recountAll ? undefined : super.hostsBasedOn();
  }
}

describe('the checkpoint byte count', () => {
  it('skips the walk for a checkpoint its hosts counted against the one before, and counts the same', async () => {
    const sc = { ...figure9, clients: figure9.clients.map((c) => ({ ...c, connections: 2 })) };
    // Small enough a budget that checkpoints are thinned (and counted again) from the first seek on.
    const options: RuntimeOptions = {
      checkpointEvery: 40,
      maxCheckpoints: 10_000,
      checkpointBytes: 700_000,
    };
    const fast = new Walks(options, false);
    const slow = new Walks(options, true);
    const both = [fast, slow];
    for (const rt of both) await rt.load(buildWorld(sc));
    // Plays, seeks back into the middle of history (checkpoints are then added between others, from
    // hosts restored from an older one), and forward past checkpoints it did not restore.
    const ops: ((rt: InProcessRuntime) => Promise<unknown>)[] = [
      (rt) => rt.step(1200),
      (rt) => rt.seek(333),
      (rt) => rt.step(150),
      (rt) => rt.seek(1100),
      (rt) => rt.seek(40),
      (rt) => rt.step(1600),
      (rt) => rt.seek(777),
      (rt) => rt.step(1000),
    ];
    for (const op of ops) {
      for (const rt of both) await op(rt);
      const [a, b] = both.map((rt) => rt.checkpointStats());
      expect(a!.indexes).toEqual(b!.indexes);
      expect(a!.bytes).toBe(b!.bytes);
    }
    expect(fast.checkpointStats().count).toBeGreaterThan(10);
    expect(slow.checkpointStats().bytes).toBeLessThanOrEqual(700_000);
    // A play's checkpoints skip the walk: most of them.
    // Appended by a play, or added mid-history by running on from the one before (a seek back):
    // no walk. A thinning walks in both.
    expect(fast.walks).toBeLessThan(0.6 * slow.walks);
    for (const rt of both) rt.dispose();
  });
});
