import { generateSysplex } from '../../src/scenario/generate';
import type { Scenario } from '../../src/scenario/types';
import { withStacks } from '../../src/ui/scenario-param';

// Issue #10's scale scenario, as close as the generator allows: generateSysplex caps a sysplex at
// 16 stacks and 3 DVIPAs (MAX_GENERATED_STACKS, MAX_GENERATED_DVIPAS), so it is 16 generated
// stacks (3 IPsec-protected DVIPAs, 2 backups each, the backups distributing to the same servers)
// plus plain target stacks up to `stacks` (the `?stacks=N` helper of the UI: no apps, no DVIPAs),
// and `connections` spread over up to 50 clients × 3 DVIPAs. MVS1 (always the primary of the first
// DVIPA) is killed at KILL_US and restarted at RESTART_US: a takeover and a takeback.

export const SCALE_DVIPAS = 3;
export const KILL_US = 600_000;
export const RESTART_US = 1_500_000;
/** The run is complete at this virtual time (takeback done, traffic flowing again). */
export const UNTIL_US = 2_000_000;

export interface ScaleShape {
  stacks: number;
  clients: number;
  /** Connections of each client to each DVIPA. */
  perClient: number;
  /** clients × DVIPAs × perClient */
  connections: number;
}

export function scaleShape(connections: number, stacks = 32): ScaleShape {
  const clients = Math.min(50, Math.max(1, Math.ceil(connections / (SCALE_DVIPAS * 200))));
  const perClient = Math.max(1, Math.round(connections / (clients * SCALE_DVIPAS)));
  return { stacks, clients, perClient, connections: clients * SCALE_DVIPAS * perClient };
}

export function scaleScenario(connections: number, stacks = 32): Scenario {
  const shape = scaleShape(connections, stacks);
  const gen = generateSysplex({
    stacks: Math.min(16, stacks),
    dvipas: SCALE_DVIPAS,
    backupsPerDvipa: 2,
    clients: shape.clients,
    connections: shape.perClient,
    ipsec: true,
    backupTargets: 'same-servers',
    seed: 10,
  });
  const sc = stacks > gen.stacks.length ? withStacks(gen, stacks) : gen;
  return {
    ...sc,
    id: `scale-${stacks}x${SCALE_DVIPAS}-${shape.connections}`,
    // Every connection opens in the 200 ms after the workload starts, well before the kill.
    workload: { ...sc.workload, staggerUs: Math.max(1, Math.floor(200_000 / shape.perClient)) },
    faults: [
      { atUs: KILL_US, node: 'MVS1', action: 'kill' },
      { atUs: RESTART_US, node: 'MVS1', action: 'restart' },
    ],
  };
}
