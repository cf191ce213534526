import { parseIpv4 } from '../../wire/bytes';
import { IPPROTO } from '../../wire/ipproto';
import { decodeIpv4Full, type Ipv4Decoded } from '../../wire/ipv4';
import { decodeTcpFull, TCP_FLAGS, type TcpSegment as WireTcp } from '../../wire/tcp';
import { decodeUdp } from '../../wire/udp';
import { appsInput } from '../apps/host';
import { isProtected } from '../ipsec-host/policy';
import { forwardedCopy } from '../net/forward';
import { fromWireTcp } from '../net/ip-frame';
import { summarizePacket } from '../packet-summary';
import { rstReply } from '../tcp/segment';
import { connKey } from '../tcp/table';
import { NET_PORT } from './config';
import { crtAdd, crtLookup } from './crt';
import { type DptRow, type DptTarget, dptKey } from './dpt';
import { dropped, type Ev, trace } from './event';
import { peerByXcf } from './ip-out';
import { espOut, greToStack, markIpsecConnection, onIkeDatagram, openGre, openInboundEsp } from './ipsec';
import { selectTarget } from './select';
import { countDrop, type DvipaState, dvKey, isMemberAlive } from './state';
import { applyTcp, sendSegment } from './tcp-glue';

// The stack's IP input for one packet (Fig. 12 at the routing stack, Fig. 6/11 at a target), in
// this release without IPsec: the routing stack picks a target for a new connection and forwards
// the packets of known ones over XCF; targets deliver DVIPA traffic locally; stacks that reach the
// network forward for the ones that do not.

function localTarget(row: DptRow, self: number): DptTarget | null {
  const t = row.targets.find((x) => x.xcf === self && x.ready);
  if (!t) return null;
  t.activeConns++;
  t.totalConns++;
  return t;
}

/** How long after an ownership change unknown segments are dropped rather than reset. */
const SETTLE_STATUS_INTERVALS = 4;

function drop(ev: Ev, reason: string, frame: Uint8Array): void {
  dropped(ev, reason, summarizePacket(frame));
}

export function onIpFrame(ev: Ev, port: string, frame: Uint8Array): void {
  const s = ev.s;
  const r = decodeIpv4Full(frame);
  if (!r.ok) {
    drop(ev, 'bad-ipv4', frame);
    return;
  }
  const p = r.value;
  const dst = parseIpv4(p.dst)!;
  if (dst === s.xcf && p.protocol === IPPROTO.GRE) {
    fromStackInGre(ev, port, p, frame);
    return;
  }
  const dv = s.dvipas[dvKey(dst)];
  if (dv?.active) {
    atRoutingStack(ev, dv, p, frame);
    return;
  }
  if (dv?.target || dst === s.xcf || (s.ext !== 0 && dst === s.ext)) {
    deliverLocal(ev, p, frame);
    return;
  }
  // Not ours: a stack on the network forwards what a stack without a link sends out through it.
  if (port !== NET_PORT && s.ext !== 0) {
    forward(ev, NET_PORT, p, frame);
    return;
  }
  drop(ev, 'not-for-us', frame);
}

/**
 * Fig. 11 (target) and Fig. 13 (routing stack): IPsec traffic of a distributed connection, in GRE
 * over XCF. Towards a target: deliver, bypassing the inbound filters. Towards the routing stack
 * (the target's replies): outbound policy, then ESP to the network.
 */
function fromStackInGre(ev: Ev, port: string, p: Ipv4Decoded, frame: Uint8Array): void {
  const s = ev.s;
  const g = openGre(ev, port, p, frame);
  if (!g) return;
  const { inner, innerFrame, from } = g;
  const innerDst = s.dvipas[dvKey(parseIpv4(inner.dst)!)];
  const innerSrc = s.dvipas[dvKey(parseIpv4(inner.src)!)];
  if (innerDst?.target && !innerDst.active) {
    markIpsecConnection(ev, inner, from);
    deliverLocal(ev, inner, innerFrame);
    return;
  }
  if (innerSrc?.active && inner.protocol === IPPROTO.TCP) {
    const t = decodeTcpFull(inner.payload, inner.src, inner.dst, false);
    if (!t.ok) {
      drop(ev, 'bad-tcp', innerFrame);
      return;
    }
    espOut(ev, innerSrc, innerFrame, parseIpv4(inner.dst)!, t.value.srcPort);
    return;
  }
  drop(ev, 'gre-not-for-us', frame);
}

/** Fig. 12: a packet for a DVIPA this stack owns. */
function atRoutingStack(ev: Ev, dv: DvipaState, p: Ipv4Decoded, frame: Uint8Array): void {
  if (p.protocol === IPPROTO.ESP) {
    const inner = openInboundEsp(ev, p, frame);
    if (!inner) return;
    const q = decodeIpv4Full(inner);
    if (q.ok) routeTcp(ev, dv, q.value, inner, true);
    return;
  }
  if (p.protocol === IPPROTO.UDP) {
    const u = decodeUdp(p.payload, p.src, p.dst);
    if (u.ok && u.value.dstPort === 500) {
      onIkeDatagram(ev, p, u.value.srcPort, u.value.payload);
      return;
    }
  }
  routeTcp(ev, dv, p, frame, false);
}

/** The CRT path of Fig. 12 for a TCP packet to an owned DVIPA (decrypted already when viaEsp). */
function routeTcp(ev: Ev, dv: DvipaState, p: Ipv4Decoded, frame: Uint8Array, viaEsp: boolean): void {
  const s = ev.s;
  if (p.protocol !== IPPROTO.TCP) {
    deliverLocal(ev, p, frame);
    return;
  }
  const t = decodeTcpFull(p.payload, p.src, p.dst);
  if (!t.ok) {
    drop(ev, 'bad-tcp', frame);
    return;
  }
  const id = {
    srcAddr: parseIpv4(p.src)!,
    srcPort: t.value.srcPort,
    dvipa: dv.dvipa,
    dstPort: t.value.dstPort,
  };
  // Inbound filter (Fig. 12 block 302): protected traffic must have come through ESP.
  if (!viaEsp && isProtected(s.ipsec, dv.dvipa, id.dstPort, id.srcAddr)) {
    drop(ev, 'policy-requires-esp', frame);
    return;
  }
  let e = crtLookup(s.crt, id);
  if (!e) {
    const row = s.dpt[dptKey(dv.dvipa, id.dstPort)];
    const isSyn = (t.value.flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === TCP_FLAGS.SYN;
    const localConn =
      s.tcp.conns[connKey({ addr: dv.dvipa, port: id.dstPort }, { addr: id.srcAddr, port: id.srcPort })];
    if (!row || localConn) {
      deliverLocal(ev, p, frame);
      return;
    } // not distributed, or already ours
    if (!isSyn) {
      noConnection(ev, dv, p, t.value, frame);
      return;
    }
    // Comparison mode 'not-distributed' (the earlier release): IPsec connections stay on the
    // routing stack itself, whatever the distribution says.
    const target = viaEsp && s.mode === 'not-distributed' ? localTarget(row, s.xcf) : selectTarget(row);
    if (!target) {
      drop(ev, 'no-ready-target', frame);
      return;
    }
    e = {
      ...id,
      target: target.xcf,
      ipsec: viaEsp,
      // Policy filter rule binding (Fig. 13): later packets skip the rule search.
      inboundRule: viaEsp ? 0 : -1,
      outboundRule: viaEsp ? 0 : -1,
      local: target.xcf === s.xcf,
    };
    crtAdd(s.crt, e);
    const to = e.local ? s.name : (peerByXcf(s, target.xcf)?.name ?? String(target.xcf));
    trace(ev, `CRT: ${p.src}:${id.srcPort} → ${p.dst}:${id.dstPort} distributed to ${to} (${row.method})`);
  }
  if (e.local) {
    deliverLocal(ev, p, frame);
    return;
  }
  const peer = peerByXcf(s, e.target);
  if (!peer || !isMemberAlive(s, e.target)) {
    drop(ev, 'target-down', frame);
    return;
  }
  if (viaEsp || e.ipsec) {
    e.ipsec = true;
    greToStack(ev, e.target, frame);
    return;
  }
  ev.out.push({ type: 'send', port: peer.port, frame });
}

/**
 * A segment of a connection nobody here knows. Right after an ownership change the targets' NEWCONNs
 * may still be on their way, so it is only dropped; after that the client is told with a RST
 * (RFC 9293 §3.10.7.1) instead of retransmitting into a void.
 */
function noConnection(ev: Ev, dv: DvipaState, p: Ipv4Decoded, tcp: WireTcp, frame: Uint8Array): void {
  const s = ev.s;
  if (ev.now - dv.since < s.statusIntervalUs * SETTLE_STATUS_INTERVALS) {
    drop(ev, 'no-crt-entry', frame);
    return;
  }
  const rst = rstReply(fromWireTcp(tcp, parseIpv4(p.src)!, dv.dvipa));
  countDrop(s, 'no-connection-reset');
  trace(ev, `no connection for ${summarizePacket(frame)}: reset`);
  if (rst) sendSegment(ev, rst);
}

function deliverLocal(ev: Ev, p: Ipv4Decoded, frame: Uint8Array): void {
  const s = ev.s;
  if (p.protocol !== IPPROTO.TCP) {
    drop(ev, 'no-listener', frame);
    return;
  }
  const t = decodeTcpFull(p.payload, p.src, p.dst);
  if (!t.ok) {
    drop(ev, 'bad-tcp', frame);
    return;
  }
  applyTcp(ev, appsInput(s.apps, s.tcp, fromWireTcp(t.value, parseIpv4(p.src)!, parseIpv4(p.dst)!), ev.now));
}

/** IP forwarding. */
function forward(ev: Ev, port: string, p: Ipv4Decoded, frame: Uint8Array): void {
  if (p.ttl <= 1) {
    drop(ev, 'ttl-expired', frame);
    return;
  }
  ev.s.forwarded++;
  ev.out.push({ type: 'send', port, frame: forwardedCopy(frame, p.ttl) });
}
