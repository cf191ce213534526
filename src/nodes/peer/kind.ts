import { createIkeEngine, timer as ikeTimer, initiate, receive } from '../../ipsec/ike/engine';
import type { IkeCtx, IkeEngineState, IkeEvent, IkeResult } from '../../ipsec/ike/engine-types';
import { identityText } from '../../ipsec/ike/identity';
import { defineActorKind } from '../../sim/registry';
import type { ActorContext, Output } from '../../sim/types';
import { formatIpv4, parseIpv4 } from '../../wire/bytes';
import { espOpen } from '../../wire/esp';
import { sealEspIpv4 } from '../../wire/esp-ipv4';
import { IPPROTO } from '../../wire/ipproto';
import { decodeIpv4Full, type Ipv4Decoded } from '../../wire/ipv4';
import { decodeTcpFull } from '../../wire/tcp';
import { decodeUdp } from '../../wire/udp';
import { type ClientState, clientInit, clientMetrics } from '../apps/client';
import { type AppSet, appsInput, appsStart, appsTimer } from '../apps/host';
import {
  type EspDb,
  emptyEspDb,
  espInbound,
  espInstall,
  espOutbound,
  espRemove,
  espSaOf,
} from '../ipsec-host/esp-db';
import { IKE_TIMER_PREFIX, ikeOutputs } from '../ipsec-host/ike-glue';
import { clientIkePeers, clientSelectors, type IpsecPolicyConfig, isProtected } from '../ipsec-host/policy';
import { ipsecView } from '../ipsec-host/view';
import { fromWireTcp, tcpFrame } from '../net/ip-frame';
import { pushTcpTimers, TCP_TIMER_PREFIX } from '../net/tcp-timers';
import { summarizePacket } from '../packet-summary';
import { createTcpTable } from '../tcp/table';
import type { TcpResult, TcpTable } from '../tcp/types';
import { tcpView } from '../tcp/view';

// A remote client host on the external network (Fig. 9, client 46): its own IP and TCP, a client
// application per DVIPA:port it talks to (checking every reply byte), and — when the scenario
// protects that traffic — its own SPD, SAD and IKE: to it the whole sysplex is one IPsec peer.

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
  ipsec?: IpsecPolicyConfig;
}

export interface PeerState {
  name: string;
  addr: number;
  tcp: TcpTable;
  apps: AppSet;
  ipId: number;
  drops: Record<string, number>;
  ipsec: IpsecPolicyConfig | null;
  ike: IkeEngineState | null;
  esp: EspDb;
  /** Plain IPv4/TCP frames waiting for an SA to their DVIPA (the source lets them queue). */
  waiting: Record<string, Uint8Array[]>;
  /** DVIPAs an IKE negotiation is under way with. */
  negotiating: Record<string, boolean>;
  espIn: number;
  espOut: number;
}

/** Local ports: target i uses 20000 + 1000·i upwards, one per connection. */
const FIRST_PORT = 20_000;
const PORTS_PER_TARGET = 1_000;
const WAITING_LIMIT = 256;

interface PeerEv {
  s: PeerState;
  ctx: ActorContext;
  out: Output[];
}

function drop(ev: PeerEv, reason: string, frame: Uint8Array, detail = ''): void {
  ev.s.drops[reason] = (ev.s.drops[reason] ?? 0) + 1;
  ev.out.push({ type: 'drop', reason, detail: `${summarizePacket(frame)}${detail ? ` — ${detail}` : ''}` });
}

const ikeCtx = (ctx: ActorContext): IkeCtx => ({ now: ctx.now, randomBytes: (n) => ctx.random.bytes(n) });

/** Sends a plain IPv4/TCP frame: sealed with ESP when policy says so, or queued for the SA. */
function sendTcpFrame(ev: PeerEv, frame: Uint8Array, dst: number, dstPort: number): void {
  const s = ev.s;
  if (!isProtected(s.ipsec, dst, dstPort, s.addr)) {
    ev.out.push({ type: 'send', port: 'net', frame });
    return;
  }
  const sa = espOutbound(s.esp, s.addr, dst);
  if (sa) {
    sealAndSend(ev, sa, frame);
    return;
  }
  const k = String(dst);
  s.waiting[k] ??= [];
  const q = s.waiting[k];
  if (q.length >= WAITING_LIMIT) {
    drop(ev, 'sa-pending-queue-full', frame);
    return;
  }
  q.push(frame);
  if (!s.negotiating[k] && s.ike) {
    s.negotiating[k] = true;
    const d = formatIpv4(dst);
    ev.out.push({ type: 'trace', summary: `IKE: no SA to ${d}: negotiating phase 1 and phase 2` });
    runIke(
      ev,
      initiate(
        s.ike,
        {
          kind: 'connect',
          localAddr: formatIpv4(s.addr),
          remoteAddr: d,
          ...clientSelectors(formatIpv4(s.addr), d, dstPort),
        },
        ikeCtx(ev.ctx),
      ),
    );
  }
}

function sealAndSend(ev: PeerEv, sa: ReturnType<typeof espOutbound> & object, plain: Uint8Array): void {
  const ip = decodeIpv4Full(plain);
  if (!ip.ok) return;
  const view = espSaOf(sa);
  const { protocol: _p, payload, checksum: _c, totalLength: _t, ...outer } = ip.value;
  const sealed = sealEspIpv4(view, outer, payload, IPPROTO.TCP);
  sa.seq = view.seq;
  if (!sealed.ok) {
    drop(ev, `esp-${sealed.error.kind}`, plain);
    return;
  }
  sa.packets++;
  sa.bytes += payload.length;
  ev.s.espOut++;
  ev.out.push({ type: 'send', port: 'net', frame: sealed.value });
}

function runIke(ev: PeerEv, res: IkeResult): void {
  const s = ev.s;
  s.ike = res.state;
  ikeOutputs(res, ev.ctx.now, s, (frame) => ev.out.push({ type: 'send', port: 'net', frame }), ev.out);
  for (const e of res.events) onIkeEvent(ev, e);
}

function onIkeEvent(ev: PeerEv, e: IkeEvent): void {
  const s = ev.s;
  const note = (summary: string) => ev.out.push({ type: 'trace', summary });
  switch (e.kind) {
    case 'ike-sa-established':
      note(`IKE phase 1 SA ${e.ikeSaId} established with ${e.remote.addr} (${identityText(e.remoteId)})`);
      return;
    case 'child-sa-installed': {
      const c = e.child;
      espInstall(s.esp, c);
      note(
        `IKE phase 2 SA installed with ${c.remoteAddr}: SPI in 0x${hex8(c.spiIn)} out 0x${hex8(c.spiOut)}`,
      );
      const remote = parseIpv4(c.remoteAddr) ?? 0;
      const k = String(remote);
      delete s.negotiating[k];
      const sa = espOutbound(s.esp, s.addr, remote);
      const q = s.waiting[k] ?? [];
      delete s.waiting[k];
      if (sa) for (const f of q) sealAndSend(ev, sa, f);
      return;
    }
    case 'child-sa-deleted':
      espRemove(s.esp, e.spiIn);
      note(`IKE phase 2 SA 0x${hex8(e.spiIn)} deleted (${e.reason})`);
      return;
    case 'initial-contact':
      if (e.replacedIkeSaIds.length === 0) return;
      for (const id of e.replacedIkeSaIds)
        for (const x of Object.values(s.esp.bySpi))
          if (x.dir === 'in' && x.ikeSaId === id) espRemove(s.esp, x.spi);
      note(
        `IKE INITIAL_CONTACT: the peer came back; SAs of ${e.replacedIkeSaIds.length} old IKE SA(s) dropped`,
      );
      return;
    case 'auth-failed':
      note(`IKE AUTHENTICATION_FAILED with ${e.remote.addr} (${e.detail}): no SA`);
      return;
    case 'negotiation-failed': {
      const k = String(parseIpv4(e.remoteAddr) ?? 0);
      delete s.negotiating[k];
      note(`IKE negotiation with ${e.remoteAddr} failed: ${e.reason}`);
      return;
    }
    default:
      return;
  }
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

function tcpOutputs(ev: PeerEv, res: TcpResult): void {
  for (const seg of res.segments) sendTcpFrame(ev, tcpFrame(ev.s, seg), seg.dstAddr, seg.dstPort);
  pushTcpTimers(ev.out, res, ev.ctx.now);
}

function deliverTcp(ev: PeerEv, p: Ipv4Decoded, payload: Uint8Array, frame: Uint8Array): void {
  const t = decodeTcpFull(payload, p.src, p.dst);
  if (!t.ok) {
    drop(ev, 'bad-tcp', frame);
    return;
  }
  tcpOutputs(
    ev,
    appsInput(ev.s.apps, ev.s.tcp, fromWireTcp(t.value, parseIpv4(p.src)!, ev.s.addr), ev.ctx.now),
  );
}

function onFrame(ev: PeerEv, frame: Uint8Array): void {
  const s = ev.s;
  const ip = decodeIpv4Full(frame);
  if (!ip.ok) {
    drop(ev, 'bad-ipv4', frame);
    return;
  }
  const p = ip.value;
  if (parseIpv4(p.dst) !== s.addr) {
    drop(ev, 'not-for-us', frame);
    return;
  }
  const src = parseIpv4(p.src)!;
  if (p.protocol === IPPROTO.ESP) {
    const spi = p.payload.length >= 4 ? new DataView(p.payload.buffer, p.payload.byteOffset).getUint32(0) : 0;
    const sa = espInbound(s.esp, spi);
    if (!sa) {
      drop(ev, 'esp-unknown-spi', frame);
      return;
    }
    const view = espSaOf(sa);
    const r = espOpen(view, p.payload);
    if (!r.ok) {
      drop(ev, `esp-${r.error.kind}`, frame);
      return;
    }
    if (sa.remote !== src || r.value.nextHeader !== IPPROTO.TCP) {
      drop(ev, 'esp-selector-mismatch', frame);
      return;
    }
    sa.packets++;
    sa.bytes += r.value.payload.length;
    s.espIn++;
    deliverTcp(ev, p, r.value.payload, frame);
    return;
  }
  if (p.protocol === IPPROTO.UDP && s.ike) {
    const u = decodeUdp(p.payload, p.src, p.dst);
    if (!u.ok) {
      drop(ev, 'bad-udp', frame);
      return;
    }
    if (u.value.dstPort === 500) {
      runIke(
        ev,
        receive(
          s.ike,
          u.value.payload,
          { addr: p.src, port: u.value.srcPort },
          { addr: p.dst, port: 500 },
          ikeCtx(ev.ctx),
        ),
      );
      return;
    }
  }
  if (p.protocol !== IPPROTO.TCP) {
    drop(ev, 'no-listener', frame);
    return;
  }
  const t = decodeTcpFull(p.payload, p.src, p.dst, false);
  if (t.ok && isProtected(s.ipsec, src, t.value.srcPort, s.addr)) {
    drop(ev, 'policy-requires-esp', frame);
    return;
  }
  deliverTcp(ev, p, p.payload, frame);
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
      ipsec: c.ipsec ?? null,
      ike: c.ipsec ? createIkeEngine({ peers: clientIkePeers(c.ipsec, c.addr) }) : null,
      esp: emptyEspDb(),
      waiting: {},
      negotiating: {},
      espIn: 0,
      espOut: 0,
    };
  },
  handle(s, input, ctx) {
    const ev: PeerEv = { s, ctx, out: [] };
    switch (input.type) {
      case 'control':
        if (input.action === 'start' || input.action === 'restart')
          tcpOutputs(ev, appsStart(s.apps, s.tcp, ctx.now));
        break;
      case 'timer':
        if (input.key.startsWith(TCP_TIMER_PREFIX))
          tcpOutputs(ev, appsTimer(s.apps, s.tcp, input.key.slice(TCP_TIMER_PREFIX.length), ctx.now));
        else if (input.key.startsWith(IKE_TIMER_PREFIX) && s.ike)
          runIke(ev, ikeTimer(s.ike, input.key.slice(IKE_TIMER_PREFIX.length), ikeCtx(ctx)));
        break;
      case 'frame':
        onFrame(ev, input.frame);
        break;
    }
    return ev.out;
  },
  view(s, opts) {
    if (opts.only === 'ipsec') return { ipsec: ipsecView(s.ike, s.esp, s.espIn, s.espOut) };
    return {
      name: s.name,
      clients: s.apps.clients.map((c) => ({ name: c.cfg.name, ...clientMetrics(c) })),
      tcp: tcpView(s.tcp, opts),
      drops: { ...s.drops },
      ipsec: ipsecView(s.ike, s.esp, s.espIn, s.espOut),
    };
  },
  describeFrame: (frame) => summarizePacket(frame),
});
