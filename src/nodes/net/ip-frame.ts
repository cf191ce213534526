import { formatIpv4 } from '../../wire/bytes';
import { encodeIpv4 } from '../../wire/ipv4';
import { encodeTcp, TCP_FLAGS, type TcpSegment as WireTcp } from '../../wire/tcp';
import { encodeUdp } from '../../wire/udp';
import type { TcpSegment } from '../tcp/types';

// Turning what the nodes decide into real packets: IPv4 around TCP or UDP, checksums computed by
// the wire codecs. Shared by the stacks and the remote peers.

export interface IpIdCounter {
  ipId: number;
}

const DEFAULT_TTL = 64;

export function ipv4Frame(
  ids: IpIdCounter,
  src: number,
  dst: number,
  protocol: number,
  payload: Uint8Array,
): Uint8Array {
  ids.ipId = (ids.ipId + 1) & 0xffff;
  return encodeIpv4({
    dscp: 0,
    ecn: 0,
    id: ids.ipId,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: DEFAULT_TTL,
    protocol,
    src: formatIpv4(src),
    dst: formatIpv4(dst),
    payload,
  });
}

/** The engine's segment (flags as booleans, uint32 addresses) as a wire TCP segment. */
export function toWireTcp(seg: TcpSegment): WireTcp {
  const f = seg.flags;
  const flags =
    (f.fin ? TCP_FLAGS.FIN : 0) |
    (f.syn ? TCP_FLAGS.SYN : 0) |
    (f.rst ? TCP_FLAGS.RST : 0) |
    (f.psh ? TCP_FLAGS.PSH : 0) |
    (f.ack ? TCP_FLAGS.ACK : 0);
  return {
    srcPort: seg.srcPort,
    dstPort: seg.dstPort,
    seq: seg.seq,
    ack: seg.ack,
    flags,
    window: seg.window,
    urgent: 0,
    ...(seg.mss === undefined ? {} : { mss: seg.mss }),
    payload: seg.payload,
  };
}

/** A wire TCP segment (already checksum-verified) as the engine's segment. */
export function fromWireTcp(w: WireTcp, srcAddr: number, dstAddr: number): TcpSegment {
  return {
    srcAddr,
    dstAddr,
    srcPort: w.srcPort,
    dstPort: w.dstPort,
    seq: w.seq,
    ack: w.ack,
    flags: {
      fin: (w.flags & TCP_FLAGS.FIN) !== 0,
      syn: (w.flags & TCP_FLAGS.SYN) !== 0,
      rst: (w.flags & TCP_FLAGS.RST) !== 0,
      psh: (w.flags & TCP_FLAGS.PSH) !== 0,
      ack: (w.flags & TCP_FLAGS.ACK) !== 0,
    },
    window: w.window,
    ...(w.mss === undefined ? {} : { mss: w.mss }),
    payload: w.payload,
  };
}

/** IPv4/TCP bytes of an engine segment. */
export function tcpFrame(ids: IpIdCounter, seg: TcpSegment): Uint8Array {
  return ipv4Frame(
    ids,
    seg.srcAddr,
    seg.dstAddr,
    6,
    encodeTcp(toWireTcp(seg), formatIpv4(seg.srcAddr), formatIpv4(seg.dstAddr)),
  );
}

/** IPv4/UDP bytes. */
export function udpFrame(
  ids: IpIdCounter,
  src: number,
  dst: number,
  srcPort: number,
  dstPort: number,
  payload: Uint8Array,
): Uint8Array {
  return ipv4Frame(
    ids,
    src,
    dst,
    17,
    encodeUdp({ srcPort, dstPort, payload }, formatIpv4(src), formatIpv4(dst)),
  );
}
