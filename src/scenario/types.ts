// The scenario: everything needed to build a World (DESIGN.md §4, "scenario" layer). Plain data,
// JSON-serialisable, so it can be shared in a URL and validated on the way in.

/** An application instance on a stack: binds and listens on DVIPA:port (Fig. 9: APP A, APP B). */
export interface AppSpec {
  name: string;
  /** The DVIPA it binds to, as a dotted IPv4 address. */
  bindAddr: string;
  port: number;
}

/** One TCP/IP stack (an MVS image) of the sysplex. */
export interface StackSpec {
  name: string;
  /** Dynamic XCF address (IPCONFIG DYNAMICXCF). */
  xcfAddr: string;
  /** Address on the external network, for the stacks that reach it (Fig. 9: MVS1 and MVS5). */
  externalAddr?: string;
  /** The TCP/IP profile text (z/OS syntax subset, DESIGN.md §3). */
  profile: string;
  apps: AppSpec[];
  /** Runs an IKE daemon (only the stacks that reach the network need one). */
  runsIke: boolean;
}

/** A remote client host on the external network that opens connections to DVIPA:port. */
export interface ClientSpec {
  name: string;
  addr: string;
  /** What it connects to: DVIPA:port pairs. */
  targets: { addr: string; port: number }[];
  /** Connections to each target (the client opens this many times the targets in all). */
  connections: number;
}

/** The connections a scenario's clients open in all: each client's per target, times its targets. */
export function totalConnections(clients: readonly ClientSpec[]): number {
  return clients.reduce((n, c) => n + c.connections * c.targets.length, 0);
}

export interface RouterSpec {
  name: string;
  addr: string;
}

export interface CouplingFacilitySpec {
  name: string;
  /** The CF list structure holding the recovery records (named after the real one). */
  structure: string;
}

export interface Scenario {
  version: 1;
  id: string;
  title: string;
  description: string;
  seed: number;
  stacks: StackSpec[];
  cf: CouplingFacilitySpec;
  router: RouterSpec;
  clients: ClientSpec[];
  /** One-way latency of XCF links and external links, in microseconds of virtual time. */
  xcfLatencyUs: number;
  externalLatencyUs: number;
  /** Delay before the XCF group notices a dead member (Fig. 14, block 400). */
  failureDetectionUs: number;
  workload: Workload;
  /**
   * What the run demonstrates: 'default' is the source's design; 'no-recovery' keeps no IPsec
   * recovery records in the CF (a backup takes the DVIPA but must make do without them);
   * 'not-distributed' does not distribute IPsec connections at all (the earlier release's
   * restriction: the routing stack serves them itself). Absent means 'default'.
   */
  mode?: ScenarioMode;
  /** Sysplex-wide IPsec for DVIPA traffic with the clients (absent: none). */
  ipsec?: IpsecSpec;
  /** What happens to the sysplex during the run: kills, planned stops, restarts, link changes. */
  faults: Fault[];
}

/**
 * One act on the world. `atUs` is the virtual time; `afterEvent`, when set, pins it exactly after
 * that many events (a user's drag records it, so a shared URL replays the very same order even
 * when several events share one time).
 */
export type Fault =
  | { atUs: number; afterEvent?: number; node: string; action: 'kill' | 'stop' | 'restart' }
  | { atUs: number; afterEvent?: number; link: string; up: boolean };

/**
 * The IPsec policy: one for the whole sysplex, so the DVIPA policies are identical on every stack
 * that can own a DVIPA (the source requires it), and the clients' matching policy.
 */
export interface IpsecSpec {
  /** IKEv2 pre-shared key (shared by the DVIPAs and the clients). */
  psk: string;
  cipher: 'aes-gcm-16-128' | 'aes-gcm-16-256';
  /** DVIPA:port whose TCP traffic is ESP-protected. */
  protect: { dvipa: string; port: number }[];
}

export type ScenarioMode = 'default' | 'no-recovery' | 'not-distributed';
export const SCENARIO_MODES: readonly ScenarioMode[] = ['default', 'no-recovery', 'not-distributed'];

/** What every client does on each of its connections. */
export interface Workload {
  /** When the first connection opens, and the gap between connection starts. */
  startUs: number;
  staggerUs: number;
  requestBytes: number;
  /** Requests per connection; 0 = keep sending until stopUs. */
  requestsPerConnection: number;
  /** Time between requests on a connection (0: as soon as the previous one is answered). */
  intervalUs: number;
  /** No new requests from then on (null: never). */
  stopUs: number | null;
}
