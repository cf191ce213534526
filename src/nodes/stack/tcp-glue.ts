import { formatIpv4 } from '../../wire/bytes';
import { tcpFrame } from '../net/ip-frame';
import { pushTcpTimers } from '../net/tcp-timers';
import { connKey } from '../tcp/table';
import type { TcpEvent, TcpResult, TcpSegment } from '../tcp/types';
import { crtRemove } from './crt';
import { dptKey, findTarget } from './dpt';
import { type Ev, trace } from './event';
import { peerByXcf, sendIp, sendXcf } from './ip-out';
import { sendDvipaSegment } from './ipsec';
import { connectionEnded } from './select';
import { dvKey, isMemberAlive } from './state';

// The TCP engine's results as the stack's outputs: segments become IPv4 frames on the right port,
// engine timers become kernel timers ('tcp:' + key); the events (already handled by the apps, see
// apps/host.ts) keep the CRT right.

export function applyTcp(ev: Ev, res: TcpResult): void {
  for (const seg of res.segments) sendSegment(ev, seg);
  pushTcpTimers(ev.out, res, ev.now);
  for (const e of res.events) onTcpEvent(ev, e);
}

/** One TCP segment out: through the IPsec path when policy protects it (GRE or ESP), else in clear. */
export function sendSegment(ev: Ev, seg: TcpSegment): void {
  const frame = tcpFrame(ev.s, seg);
  if (!sendDvipaSegment(ev, frame, seg.srcAddr, seg.dstAddr, seg.srcPort, seg.dstPort))
    sendIp(ev, frame, seg.srcAddr, seg.dstAddr);
}

function onTcpEvent(ev: Ev, e: TcpEvent): void {
  const s = ev.s;
  if (e.type === 'closed' || e.type === 'reset' || e.type === 'aborted') connectionGone(ev, e.conn);
  if (e.type === 'connected' && s.dvipas[dvKey(e.local.addr)])
    trace(
      ev,
      `connection ${formatIpv4(e.remote.addr)}:${e.remote.port} → ${formatIpv4(e.local.addr)}:${e.local.port} established on ${s.name}`,
    );
}

/**
 * A connection to a DVIPA ended here: the owner drops it from its CRT — directly when this stack
 * owns the DVIPA, else through CONNEND so the DPT's active counts stay right.
 */
function connectionGone(ev: Ev, key: string): void {
  const s = ev.s;
  const conn = s.tcp.conns[key];
  const parts = conn ? { local: conn.local, remote: conn.remote } : parseConnKey(key);
  if (!parts) return;
  const dv = s.dvipas[dvKey(parts.local.addr)];
  if (!dv) return;
  const id = {
    srcAddr: parts.remote.addr,
    srcPort: parts.remote.port,
    dvipa: parts.local.addr,
    dstPort: parts.local.port,
  };
  if (dv.active) {
    const gone = crtRemove(s.crt, id);
    const row = s.dpt[dptKey(id.dvipa, id.dstPort)];
    if (gone && row) connectionEnded(findTarget(row, gone.target));
    return;
  }
  const owner = peerByXcf(s, dv.owner);
  if (owner && isMemberAlive(s, dv.owner))
    sendXcf(ev, owner, { type: 'CONNEND', sender: s.xcf, conns: [id] });
}

function parseConnKey(key: string) {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+):(\d+)>(\d+)\.(\d+)\.(\d+)\.(\d+):(\d+)$/.exec(key);
  if (!m) return null;
  const n = m.slice(1).map(Number);
  const addr = (o: number) => ((n[o]! << 24) | (n[o + 1]! << 16) | (n[o + 2]! << 8) | n[o + 3]!) >>> 0;
  const local = { addr: addr(0), port: n[4]! };
  const remote = { addr: addr(5), port: n[9]! };
  return connKey(local, remote) === key ? { local, remote } : null;
}
