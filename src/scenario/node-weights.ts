import { formatIpv4, parseProfile } from '../profile';
import type { Scenario } from './types';

// How much work each node of a scenario will be, relative to the others, so the Worker runtime can
// spread the nodes evenly over its Workers (ActorSpec.weight; worker-runtime.ts assignNodes). Most
// of the work is per connection: each client's IPsec and TCP for its own connections, each DVIPA's
// routing stack for every connection to that DVIPA (it decrypts, encrypts and forwards all of
// them), the router for every packet, and the target stacks for their share of a DVIPA's
// connections. The factors are per-connection costs measured in an in-process run of the
// 10,000-connection scale scenario (bench/SCALE.md, ninth session): router 0.13 ms, a routing
// stack 0.36, a client 0.30, relative to a client's 1.0 here. A guess is all it needs to be: a
// wrong weight only makes one Worker busier, never changes what runs.

const CLIENT = 1;
const ROUTING_STACK = 1.2;
const ROUTER = 0.45;
const TARGET = 0.3;
/** Every node costs something (timers, XCF status, the CF), whatever its connections. */
const BASE = 1;

/** Node id → weight, for the nodes buildWorld makes: the stacks, the clients, and the CF and router under their ids. */
export function nodeWeights(sc: Scenario, ids: { cf: string; router: string }): Map<string, number> {
  const perDvipa = new Map<string, number>();
  let total = 0;
  const weights = new Map<string, number>();
  for (const c of sc.clients) {
    for (const t of c.targets) perDvipa.set(t.addr, (perDvipa.get(t.addr) ?? 0) + c.connections);
    const own = c.connections * c.targets.length;
    total += own;
    weights.set(c.name, BASE + CLIENT * own);
  }
  for (const s of sc.stacks) weights.set(s.name, BASE);
  const byXcf = new Map(sc.stacks.map((s) => [s.xcfAddr, s.name]));
  for (const s of sc.stacks) {
    // A profile that does not parse weighs what its parts that did parse say (the run reports it).
    const { profile } = parseProfile(s.profile);
    const owned = new Set(profile.vipaDefines.map((d) => d.addr));
    for (const addr of owned) {
      const n = perDvipa.get(formatIpv4(addr)) ?? 0;
      weights.set(s.name, weights.get(s.name)! + ROUTING_STACK * n);
    }
    // The owner's distribution (a backup's own VIPADISTRIBUTE only counts once it takes over).
    for (const d of profile.vipaDistributes) {
      if (!owned.has(d.addr)) continue;
      const n = perDvipa.get(formatIpv4(d.addr)) ?? 0;
      const targets = d.destAll
        ? sc.stacks.map((t) => t.name)
        : d.dests.map((x) => byXcf.get(formatIpv4(x.xcf))).filter((t): t is string => t !== undefined);
      for (const t of targets) weights.set(t, weights.get(t)! + (TARGET * n) / targets.length);
    }
  }
  weights.set(ids.cf, BASE);
  weights.set(ids.router, BASE + ROUTER * total);
  return weights;
}
