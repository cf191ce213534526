import { InProcessRuntime } from '../../src/runtime/in-process';
import { relayRing } from '../../src/sim/testing/worlds';
import { runBrowserBench } from '../browser';
import type { Figure, Suite } from '../harness';

// Events/s of the simulation kernel on a synthetic world: 8 relays on a ring, every event an
// AES-GCM seal or open of a 1400-byte frame plus its trace record and fingerprint. In Node the
// in-process runtime; in Chromium the Worker runtime (a pool of Web Workers, one per core) against the
// in-process runtime on the same page.

interface PageResult {
  inProcess: number;
  workers: number;
  ratio: number;
  eventsPerWindow: number;
  sameFingerprint: boolean;
  cores: number;
  /** The nodes each Worker of the pool hosts. */
  pool: string[][];
}

async function nodeInProcess(): Promise<number> {
  const rt = new InProcessRuntime(undefined, { checkpointEvery: 5000 });
  await rt.load(relayRing(8, 1, 32));
  await rt.step(3000);
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await rt.step(4000);
    rates.push(4000_000 / (performance.now() - t0));
  }
  return rates.sort((a, b) => a - b)[2]!;
}

export const suite: Suite = {
  name: 'runtime',
  async run(): Promise<Figure[]> {
    const node = await nodeInProcess();
    const figures: Figure[] = [
      {
        suite: 'runtime',
        name: 'in-process, Node: 8-relay AES-GCM ring',
        value: node,
        unit: 'events/s',
      },
    ];
    const r = (await runBrowserBench('/bench/pages/runtime.html', { timeoutMs: 90_000 })) as PageResult;
    if (!r.sameFingerprint) throw new Error('runtime bench page: Worker and in-process fingerprints differ');
    figures.push(
      { suite: 'runtime', name: 'in-process, Chromium', value: r.inProcess, unit: 'events/s' },
      {
        suite: 'runtime',
        name: `Web Workers (${r.pool.length} for ${r.pool.flat().length} nodes, ${Math.round(r.eventsPerWindow)} events/window)`,
        value: r.workers,
        unit: 'events/s',
        ratio: r.ratio,
        baseline: 'in-process, Chromium',
        goal: `≥0.5; >1.0 with parallel cores (${r.cores} here)`,
      },
    );
    return figures;
  },
};
