import { frameClass, linkFrame } from '../../src/runtime/capture';
import { InProcessRuntime } from '../../src/runtime/in-process';
import { clientTotals, failoverEpisodes, tracePhases } from '../../src/runtime/metrics';
import { ScenarioRun } from '../../src/runtime/scenario-run';
import { figure9 } from '../../src/scenario/presets/figure9';
import type { Scenario } from '../../src/scenario/types';
import { ROUTER_ID } from '../../src/scenario/world';
import type { TraceRecord } from '../../src/sim/types';
import { nobleAead } from '../../src/wire/aead-noble';
import { type Figure, opsPerSecond, type Suite } from '../harness';
import { espCase } from './esp-cases';

// The Figure 9 sysplex run headless (in-process, as the CLI runs it) with many client connections
// through one takeover (MVS1 killed) and one takeback (MVS1 restarted): events/s and frames/s of
// the whole emulator, and — once the stacks do ESP — ESP packets/s against the bare ESP seal+open
// rate of the same provider (noble) measured right after, in the same process.

/** Connections per DVIPA (Figure 9 has two: 2 × 500 = 1000); BENCH_FAILOVER_CONNECTIONS overrides. */
const PER_TARGET = Number(process.env.BENCH_FAILOVER_CONNECTIONS ?? 500);
const KILL_US = 1_200_000;
const RESTART_US = 2_600_000;
const UNTIL_US = 3_500_000;
/** Virtual time per run() call: the trace is flushed to the counter after each, before it is trimmed. */
const SLICE_US = 20_000;
/** ESP header, IV, ICV, trailer (pad length, next header) and the IPv4 and TCP headers around them. */
const ESP_FRAME_OVERHEAD = 20 + 8 + 8 + 16 + 2 + 20;

function scenario(): Scenario {
  return {
    ...figure9,
    clients: figure9.clients.map((c) => ({ ...c, connections: PER_TARGET })),
    // All connections open in the first half second, well before the kill.
    workload: { ...figure9.workload, staggerUs: Math.max(1, Math.floor(500_000 / PER_TARGET)) },
    faults: [
      { atUs: KILL_US, node: 'MVS1', action: 'kill' },
      { atUs: RESTART_US, node: 'MVS1', action: 'restart' },
    ],
  };
}

export const suite: Suite = {
  name: 'failover',
  async run(): Promise<Figure[]> {
    const sc = scenario();
    const runtime = new InProcessRuntime(undefined, { checkpointEvery: Number.MAX_SAFE_INTEGER });
    const run = new ScenarioRun(runtime);
    let frames = 0;
    let esp = 0;
    let espBytes = 0;
    const notes: TraceRecord[] = [];
    runtime.subscribe((e) => {
      if (e.type !== 'records') return;
      for (const r of e.records) {
        if (r.kind === 'note') notes.push(r);
        const f = linkFrame(r);
        if (!f) continue;
        frames++;
        // Each ESP packet once: where it ends (a stack or a client), not again at the router.
        if (r.node !== ROUTER_ID && frameClass(f) === 'esp') {
          esp++;
          espBytes += f.length;
        }
      }
    });
    await run.load(sc);
    const start = performance.now();
    for (let t = SLICE_US; t <= UNTIL_US; t += SLICE_US) await run.run({ time: t });
    const seconds = (performance.now() - start) / 1000;
    const events = run.status().eventIndex;
    const totals = clientTotals(await runtime.views());
    runtime.dispose();

    const conns = 2 * PER_TARGET;
    const what = `Figure 9, ${conns} connections, kill + restart MVS1, ${UNTIL_US / 1e6} s virtual`;
    const figures: Figure[] = [
      { suite: 'failover', name: `${what}: events`, value: events / seconds, unit: 'events/s' },
      { suite: 'failover', name: `${what}: frames on links`, value: frames / seconds, unit: 'packets/s' },
      {
        suite: 'failover',
        name: `connections opened / alive at the end (of ${conns})`,
        value: totals.connections.opened,
        unit: `opened, ${totals.connections.alive} alive, ${totals.connections.failed} failed`,
      },
      { suite: 'failover', name: 'wall time of the run', value: seconds, unit: 's' },
    ];
    // Sanity: the failover really happened under this load (virtual time from the fault).
    const ep = failoverEpisodes(tracePhases(notes), sc.faults);
    for (const [kind, list] of [
      ['takeover', ep.takeovers],
      ['takeback', ep.takebacks],
    ] as const)
      for (const x of list)
        figures.push({
          suite: 'failover',
          name: `${kind} of ${x.dvipa} ${x.from ?? '?'} → ${x.to}: complete after the fault`,
          value: (x.completionUs ?? Number.NaN) / 1000,
          unit: `ms virtual, ${x.sasRenegotiated} SA set(s)`,
        });
    if (esp > 0) {
      // The bare rate at the run's mean ESP packet size.
      const size = Math.max(1, Math.round(espBytes / esp - ESP_FRAME_OVERHEAD));
      const c = await espCase(nobleAead, size, 1);
      const bare = await opsPerSecond(c.full, 1000);
      const rate = esp / seconds;
      figures.push({
        suite: 'failover',
        name: `${what}: ESP packets sealed+opened (mean ${size} B payload)`,
        value: rate,
        unit: 'packets/s',
        ratio: rate / bare,
        baseline: `bare noble ESP seal+open, ${size} B`,
      });
    }
    return figures;
  },
};
