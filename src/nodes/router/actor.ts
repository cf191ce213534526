import { defineActorKind } from '../../sim/registry';
import type { Output } from '../../sim/types';
import { formatIpv4, parseIpv4 } from '../../wire/bytes';
import { IPPROTO } from '../../wire/ipproto';
import { decodeIpv4Full } from '../../wire/ipv4';
import { decodeRip, RIP_INFINITY, RIP_PORT } from '../../wire/rip';
import { decodeUdp } from '../../wire/udp';
import { forwardedCopy } from '../net/forward';
import { summarizePacket } from '../packet-summary';

// The network router between the remote clients and the sysplex (Fig. 9, network 44). It forwards
// IPv4 by host route, and learns which stack owns each DVIPA from the stacks' RIPv2 advertisements
// (Fig. 10 block 206; after a takeover the new owner's advertisement moves the route).

export interface RouterConfig {
  name: string;
  addr: string;
  /** Fixed host routes: the clients and the stacks' own network addresses. */
  staticRoutes: { addr: string; port: string }[];
}

export interface RouterState {
  name: string;
  addr: number;
  /** Host routes by destination (uint32 as decimal string) → port. */
  routes: Record<string, { port: string; learned: boolean; since: number }>;
  forwarded: number;
  drops: Record<string, number>;
}

const dropped = (s: RouterState, reason: string, summary: string): Output[] => {
  s.drops[reason] = (s.drops[reason] ?? 0) + 1;
  return [{ type: 'drop', reason, detail: summary }];
};

export const routerActor = defineActorKind<RouterState, RouterConfig>({
  kind: 'router',
  init(c) {
    const routes: RouterState['routes'] = {};
    for (const r of c.staticRoutes)
      routes[String(parseIpv4(r.addr) ?? 0)] = { port: r.port, learned: false, since: 0 };
    return { name: c.name, addr: parseIpv4(c.addr) ?? 0, routes, forwarded: 0, drops: {} };
  },
  handle(s, input, ctx) {
    if (input.type !== 'frame') return [];
    const ip = decodeIpv4Full(input.frame);
    if (!ip.ok) return dropped(s, 'bad-ipv4', ip.error.message);
    const p = ip.value;
    const dst = parseIpv4(p.dst)!;
    if (dst === s.addr) {
      if (p.protocol !== IPPROTO.UDP) return dropped(s, 'not-for-router', summarizePacket(input.frame));
      const udp = decodeUdp(p.payload, p.src, p.dst);
      if (!udp.ok || udp.value.dstPort !== RIP_PORT)
        return dropped(s, 'not-for-router', summarizePacket(input.frame));
      const rip = decodeRip(udp.value.payload);
      if (!rip.ok) return dropped(s, 'bad-rip', rip.error.message);
      const out: Output[] = [];
      for (const r of rip.value.routes) {
        const key = String(r.addr >>> 0);
        const cur = s.routes[key];
        if (r.metric < RIP_INFINITY) {
          if (cur?.port !== input.port) {
            s.routes[key] = { port: input.port, learned: true, since: ctx.now };
            out.push({
              type: 'trace',
              summary: `route ${formatIpv4(r.addr)} via ${input.port} (RIP from ${p.src})`,
            });
          }
        } else if (cur?.learned && cur.port === input.port) {
          delete s.routes[key];
          out.push({ type: 'trace', summary: `route ${formatIpv4(r.addr)} withdrawn by ${p.src}` });
        }
      }
      return out;
    }
    const route = s.routes[String(dst)];
    if (!route) return dropped(s, 'no-route', summarizePacket(input.frame));
    if (p.ttl <= 1) return dropped(s, 'ttl-expired', summarizePacket(input.frame));
    s.forwarded++;
    return [{ type: 'send', port: route.port, frame: forwardedCopy(input.frame, p.ttl) }];
  },
  describeFrame: (frame) => summarizePacket(frame),
});
