import type { CfConfig } from '../nodes/cf/actor';
import type { PeerConfig } from '../nodes/peer/kind';
import type { RouterConfig } from '../nodes/router/actor';
import type { StackActorConfig } from '../nodes/stack/config';
import type { LinkSpec, World } from '../sim/types';
import { nodeWeights } from './node-weights';
import type { Scenario } from './types';

// Scenario → World (DESIGN.md §4): one actor per stack, the coupling facility, the network router
// and one per remote client; a full mesh of XCF links between the stacks (so a GRE packet's link
// tells which stack sent it), a link from every stack to the CF, and network links through the
// router for the stacks that reach it and for the clients.

export const CF_ID = 'CF';
export const ROUTER_ID = 'Router';
/** XCF status is sent this many times per failure detection interval. */
const STATUS_PER_DETECTION = 4;
/** A representative ESP-in-transport overhead: SPI, seq, IV 8, pad ≤ 3, pad len, next hdr, ICV 16. */
export const REPRESENTATIVE_IPSEC_OVERHEAD = 40;

export const xcfPort = (peer: string) => `xcf:${peer}`;
export const stackPortOnCf = (stack: string) => `stack:${stack}`;
export const stackPortOnRouter = (stack: string) => `stack:${stack}`;
export const clientPortOnRouter = (client: string) => `client:${client}`;

export function buildWorld(sc: Scenario): World {
  const links: LinkSpec[] = [];
  const stacks = sc.stacks;
  for (let i = 0; i < stacks.length; i++)
    for (let j = i + 1; j < stacks.length; j++) {
      const a = stacks[i]!.name;
      const b = stacks[j]!.name;
      links.push({
        id: `xcf:${a}-${b}`,
        a: { node: a, port: xcfPort(b) },
        b: { node: b, port: xcfPort(a) },
        latencyUs: sc.xcfLatencyUs,
      });
    }
  for (const s of stacks) {
    links.push({
      id: `cf:${s.name}`,
      a: { node: s.name, port: 'cf' },
      b: { node: CF_ID, port: stackPortOnCf(s.name) },
      latencyUs: sc.xcfLatencyUs,
    });
    if (s.externalAddr)
      links.push({
        id: `net:${s.name}`,
        a: { node: s.name, port: 'net' },
        b: { node: ROUTER_ID, port: stackPortOnRouter(s.name) },
        latencyUs: sc.externalLatencyUs,
      });
  }
  for (const c of sc.clients)
    links.push({
      id: `net:${c.name}`,
      a: { node: c.name, port: 'net' },
      b: { node: ROUTER_ID, port: clientPortOnRouter(c.name) },
      latencyUs: sc.externalLatencyUs,
    });

  const ipsec = sc.ipsec
    ? { ...sc.ipsec, protect: sc.ipsec.protect.map((p) => ({ ...p })), peers: sc.clients.map((c) => c.addr) }
    : undefined;
  const statusIntervalUs = Math.max(1, Math.floor(sc.failureDetectionUs / STATUS_PER_DETECTION));
  const stackActors = stacks.map((s) => {
    const config: StackActorConfig = {
      name: s.name,
      xcfAddr: s.xcfAddr,
      ...(s.externalAddr ? { externalAddr: s.externalAddr } : {}),
      routerAddr: sc.router.addr,
      profile: s.profile,
      apps: s.apps.map((a) => ({ ...a })),
      peers: stacks
        .filter((p) => p.name !== s.name)
        .map((p) => ({ port: xcfPort(p.name), name: p.name, xcf: p.xcfAddr, hasNet: !!p.externalAddr })),
      statusIntervalUs,
      mssReduction: REPRESENTATIVE_IPSEC_OVERHEAD,
      ...(ipsec ? { ipsec } : {}),
      mode: sc.mode ?? 'default',
    };
    return { id: s.name, kind: 'stack', config };
  });
  const cf: CfConfig = { name: sc.cf.name, structure: sc.cf.structure, detectionUs: sc.failureDetectionUs };
  const router: RouterConfig = {
    name: sc.router.name,
    addr: sc.router.addr,
    staticRoutes: [
      ...stacks
        .filter((s) => s.externalAddr)
        .map((s) => ({ addr: s.externalAddr!, port: stackPortOnRouter(s.name) })),
      ...sc.clients.map((c) => ({ addr: c.addr, port: clientPortOnRouter(c.name) })),
    ],
  };
  const weights = nodeWeights(sc, { cf: CF_ID, router: ROUTER_ID });
  const actors = [
    ...stackActors,
    { id: CF_ID, kind: 'cf', config: cf },
    { id: ROUTER_ID, kind: 'router', config: router },
    ...sc.clients.map((c) => ({ id: c.name, kind: 'peer', config: peerConfig(sc, c) })),
  ];
  return {
    seed: sc.seed,
    actors: actors.map((a) => ({ ...a, weight: weights.get(a.id) ?? 1 })),
    links,
  };
}

function peerConfig(sc: Scenario, c: Scenario['clients'][number]): PeerConfig {
  const ipsec = sc.ipsec
    ? { ...sc.ipsec, protect: sc.ipsec.protect.map((p) => ({ ...p })), peers: [c.addr] }
    : undefined;
  return {
    name: c.name,
    addr: c.addr,
    targets: c.targets.map((t) => ({ ...t })),
    connections: c.connections,
    workload: { ...sc.workload },
    ...(ipsec ? { ipsec } : {}),
  };
}
