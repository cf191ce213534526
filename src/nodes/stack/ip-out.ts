import { formatIpv4 } from '../../wire/bytes';
import { encodeXcf, type XcfMessage } from '../../wire/xcf';
import { CF_PORT, NET_PORT } from './config';
import { dropped, type Ev } from './event';
import { dvKey, isMemberAlive, type StackPeer, type StackState } from './state';

// The stack's IP output: which port a packet leaves on. XCF addresses go straight to that peer's
// link; everything else leaves on 'net' when this stack reaches the network, otherwise through a
// gateway stack over XCF — the owner of the DVIPA the packet comes from when it can, so the path
// follows ownership across a takeover.

export function peerByXcf(s: StackState, xcf: number): StackPeer | undefined {
  return s.peers.find((p) => p.xcfAddr === xcf);
}

function gateway(s: StackState, src: number): StackPeer | undefined {
  const dv = s.dvipas[dvKey(src)];
  const owner = dv && !dv.active ? peerByXcf(s, dv.owner) : undefined;
  if (owner?.hasNet && isMemberAlive(s, owner.xcfAddr)) return owner;
  return s.peers.find((p) => p.hasNet && isMemberAlive(s, p.xcfAddr));
}

/** The port a packet from src to dst leaves on, or null when there is no route. */
export function routePort(s: StackState, src: number, dst: number): string | null {
  const peer = peerByXcf(s, dst);
  if (peer) return peer.port;
  if (s.ext) return NET_PORT;
  return gateway(s, src)?.port ?? null;
}

/**
 * Sends an IPv4 frame from src to dst, or counts a drop. Its reason starts "send-": the frame
 * dropped is one the stack made, not the event's input (the Inspector tells them apart).
 */
export function sendIp(ev: Ev, frame: Uint8Array, src: number, dst: number): void {
  const port = routePort(ev.s, src, dst);
  if (!port) {
    dropped(ev, 'send-no-route', `no gateway to ${formatIpv4(dst)}`);
    return;
  }
  ev.out.push({ type: 'send', port, frame });
}

/**
 * Sends an XCF message to one stack. XCF signalling goes through the coupling facility, which
 * relays it (Fig. 9): it does not depend on the point-to-point link between the two stacks.
 */
export function sendXcf(ev: Ev, to: StackPeer, m: XcfMessage): void {
  ev.out.push({ type: 'send', port: CF_PORT, frame: encodeXcf(m, to.xcfAddr) });
}

/** Sends an XCF message to every live member of the group (the CF fans it out). */
export function broadcastXcf(ev: Ev, m: XcfMessage): void {
  ev.out.push({ type: 'send', port: CF_PORT, frame: encodeXcf(m, 0) });
}
