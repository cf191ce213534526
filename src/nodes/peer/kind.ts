import { defineActorKind } from '../../sim/registry';
import type { Output } from '../../sim/types';
import { parseIpv4 } from '../../wire/bytes';
import { IPPROTO } from '../../wire/ipproto';
import { decodeIpv4Full } from '../../wire/ipv4';
import { decodeTcpFull } from '../../wire/tcp';
import { type ClientState, clientInit, clientMetrics } from '../apps/client';
import { type AppSet, appsInput, appsStart, appsTimer } from '../apps/host';
import { fromWireTcp, tcpFrame } from '../net/ip-frame';
import { pushTcpTimers, TCP_TIMER_PREFIX } from '../net/tcp-timers';
import { summarizePacket } from '../packet-summary';
import { createTcpTable } from '../tcp/table';
import type { TcpResult, TcpTable } from '../tcp/types';
import { tcpView } from '../tcp/view';

// A remote client host on the external network (Fig. 9, client 46): its own IP and TCP, and a
// client application per DVIPA:port it talks to, checking every reply byte.

export interface PeerWorkload {
  startUs: number;
  staggerUs: number;
  requestBytes: number;
  requestsPerConnection: number;
  intervalUs: number;
  stopUs: number | null;
}

export interface PeerConfig {
  name: string;
  addr: string;
  targets: { addr: string; port: number }[];
  connections: number;
  workload: PeerWorkload;
}

export interface PeerState {
  name: string;
  addr: number;
  tcp: TcpTable;
  apps: AppSet;
  ipId: number;
  drops: Record<string, number>;
}

/** Local ports: target i uses 20000 + 1000·i upwards, one per connection. */
const FIRST_PORT = 20_000;
const PORTS_PER_TARGET = 1_000;

function drop(s: PeerState, reason: string, frame: Uint8Array): Output[] {
  s.drops[reason] = (s.drops[reason] ?? 0) + 1;
  return [{ type: 'trace', summary: `drop (${reason}): ${summarizePacket(frame)}` }];
}

function outputs(s: PeerState, res: TcpResult, now: number): Output[] {
  const out: Output[] = res.segments.map((seg) => ({ type: 'send', port: 'net', frame: tcpFrame(s, seg) }));
  pushTcpTimers(out, res, now);
  return out;
}

export const peerKind = defineActorKind<PeerState, PeerConfig>({
  kind: 'peer',
  init(c, ctx) {
    const addr = parseIpv4(c.addr) ?? 0;
    const w = c.workload;
    const clients: ClientState[] = c.targets.map((t, i) =>
      clientInit({
        name: `${c.name}→${t.addr}:${t.port}`,
        localAddr: addr,
        firstPort: FIRST_PORT + i * PORTS_PER_TARGET,
        server: { addr: parseIpv4(t.addr) ?? 0, port: t.port },
        connections: Math.min(c.connections, PORTS_PER_TARGET),
        startUs: w.startUs + i * Math.floor(w.staggerUs / Math.max(1, c.targets.length)),
        staggerUs: w.staggerUs,
        requestSize: w.requestBytes,
        requests: w.requestsPerConnection,
        intervalUs: w.intervalUs,
        stopUs: w.stopUs,
      }),
    );
    return {
      name: c.name,
      addr,
      tcp: createTcpTable({}, ctx.random.int(0x100000000)),
      apps: { servers: [], clients },
      ipId: 0,
      drops: {},
    };
  },
  handle(s, input, ctx) {
    switch (input.type) {
      case 'control':
        return input.action === 'start' || input.action === 'restart'
          ? outputs(s, appsStart(s.apps, s.tcp, ctx.now), ctx.now)
          : [];
      case 'timer':
        return input.key.startsWith(TCP_TIMER_PREFIX)
          ? outputs(s, appsTimer(s.apps, s.tcp, input.key.slice(TCP_TIMER_PREFIX.length), ctx.now), ctx.now)
          : [];
      case 'frame': {
        const ip = decodeIpv4Full(input.frame);
        if (!ip.ok) return drop(s, 'bad-ipv4', input.frame);
        const p = ip.value;
        if (parseIpv4(p.dst) !== s.addr) return drop(s, 'not-for-us', input.frame);
        if (p.protocol !== IPPROTO.TCP) return drop(s, 'no-listener', input.frame);
        const t = decodeTcpFull(p.payload, p.src, p.dst);
        if (!t.ok) return drop(s, 'bad-tcp', input.frame);
        const seg = fromWireTcp(t.value, parseIpv4(p.src)!, s.addr);
        return outputs(s, appsInput(s.apps, s.tcp, seg, ctx.now), ctx.now);
      }
    }
  },
  view(s) {
    return {
      name: s.name,
      clients: s.apps.clients.map((c) => ({ name: c.cfg.name, ...clientMetrics(c) })),
      tcp: tcpView(s.tcp),
      drops: { ...s.drops },
    };
  },
  describeFrame: (frame) => summarizePacket(frame),
});
