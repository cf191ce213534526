import { generateSysplex, MAX_GENERATED_STACKS } from '../../src/scenario/generate';
import type { Scenario, Workload } from '../../src/scenario/types';

// Issue #10's scale scenario, in its exact shape, made by the generator: `stacks` (32) generated
// stacks with 4 IPsec-protected DVIPAs (2 backups each, the backups distributing to the same
// servers, seed 10), and `connections` spread over up to 50 clients × 4 DVIPAs. MVS1 (always the
// primary of the first DVIPA) is killed at KILL_US and restarted at RESTART_US: a takeover and a
// takeback.
//
// The workload models long-lived, mostly idle sessions (SCALE_WORKLOAD): each connection sends one
// request when it opens and then one per second. The scenarios' default (a request every 100 ms)
// made events grow ten times faster with the connections: 10,000 connections were ~2 million events
// for the 2 s run, so no run reached the takeover; at one request per second the same run is a few
// hundred thousand events (~39,000 at 1,000 connections, in Node), and the failover happens with
// every connection open. It stays a
// parameter, to measure a busier mix.

export const SCALE_STACKS = 32;
export const SCALE_DVIPAS = 4;
export const KILL_US = 600_000;
export const RESTART_US = 1_500_000;
/**
 * The run is complete at this virtual time: the takeback is done. (Each connection's second request,
 * 1.2–1.4 s, crosses the takeover; the third would come at 2.2–2.4 s, after the takeback.)
 */
export const UNTIL_US = 2_000_000;
/** Mostly idle sessions: a request at open, then one per second (see the file comment). */
export const SCALE_WORKLOAD: Partial<Workload> = { intervalUs: 1_000_000 };

export interface ScaleShape {
  stacks: number;
  clients: number;
  /** Connections of each client to each DVIPA. */
  perClient: number;
  /** clients × DVIPAs × perClient */
  connections: number;
}

export function scaleShape(connections: number, stacks = SCALE_STACKS): ScaleShape {
  const clients = Math.min(50, Math.max(1, Math.ceil(connections / (SCALE_DVIPAS * 200))));
  const perClient = Math.max(1, Math.round(connections / (clients * SCALE_DVIPAS)));
  return {
    stacks: Math.min(stacks, MAX_GENERATED_STACKS),
    clients,
    perClient,
    connections: clients * SCALE_DVIPAS * perClient,
  };
}

export function scaleScenario(
  connections: number,
  stacks = SCALE_STACKS,
  workload: Partial<Workload> = SCALE_WORKLOAD,
): Scenario {
  const shape = scaleShape(connections, stacks);
  const sc = generateSysplex({
    stacks: shape.stacks,
    dvipas: SCALE_DVIPAS,
    backupsPerDvipa: 2,
    clients: shape.clients,
    connections: shape.perClient,
    ipsec: true,
    backupTargets: 'same-servers',
    seed: 10,
  });
  return {
    ...sc,
    id: `scale-${shape.stacks}x${SCALE_DVIPAS}-${shape.connections}`,
    workload: {
      ...sc.workload,
      // Every connection opens in the 200 ms after the workload starts, well before the kill.
      staggerUs: Math.max(1, Math.floor(200_000 / shape.perClient)),
      ...workload,
    },
    faults: [
      { atUs: KILL_US, node: 'MVS1', action: 'kill' },
      { atUs: RESTART_US, node: 'MVS1', action: 'restart' },
    ],
  };
}
