import { MAX_WINDOW } from './config';
import { seqAdd, seqSub } from './seq';
import type { TcpConfig, TcpConn, TcpFlags, TcpResult, TcpSegment } from './types';

// Building segments: from a TCB, and the RST reply for a segment that has no connection.

const EMPTY = new Uint8Array(0);

export function flags(set: Partial<TcpFlags>): TcpFlags {
  return { syn: false, ack: false, fin: false, rst: false, psh: false, ...set };
}

/** The length a segment occupies in sequence space: data, plus one each for SYN and FIN. */
export function segLen(seg: TcpSegment): number {
  return seg.payload.length + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0);
}

/**
 * The receive window to advertise: free buffer space, never moving the right edge left
 * (RFC 9293 §3.8.6.2.1), at most 65535.
 */
export function rcvWindow(conn: TcpConn, cfg: TcpConfig): number {
  const free = Math.max(0, Math.min(MAX_WINDOW, cfg.rcvBuffer - conn.rcvUnread));
  const promised = seqSub(conn.rcvAdvEdge, conn.rcvNxt);
  return Math.min(MAX_WINDOW, Math.max(free, promised));
}

/** A segment from this TCB; every segment but a SYN_SENT SYN carries <ACK=rcv.nxt>. */
export function connSegment(
  conn: TcpConn,
  cfg: TcpConfig,
  seq: number,
  f: Partial<TcpFlags>,
  payload: Uint8Array = EMPTY,
): TcpSegment {
  const ack = conn.state !== 'SYN_SENT';
  const window = rcvWindow(conn, cfg);
  conn.rcvAdvEdge = seqAdd(conn.rcvNxt, window);
  return {
    srcAddr: conn.local.addr,
    dstAddr: conn.remote.addr,
    srcPort: conn.local.port,
    dstPort: conn.remote.port,
    seq,
    ack: ack ? conn.rcvNxt : 0,
    flags: flags({ ack, ...f }),
    window,
    payload,
  };
}

export function emit(conn: TcpConn, seg: TcpSegment, res: TcpResult): void {
  conn.stats.segsOut++;
  conn.stats.bytesOut += seg.payload.length;
  res.segments.push(seg);
}

/** An ACK of everything received so far: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
export function sendAck(conn: TcpConn, cfg: TcpConfig, res: TcpResult): void {
  emit(conn, connSegment(conn, cfg, conn.sndNxt, {}), res);
}

/**
 * RFC 9293 §3.10.7.1: the reply to a segment for no connection. Nothing for a RST; for a segment
 * with ACK <SEQ=SEG.ACK><CTL=RST>; otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 */
export function rstReply(seg: TcpSegment): TcpSegment | null {
  if (seg.flags.rst) return null;
  const base = {
    srcAddr: seg.dstAddr,
    dstAddr: seg.srcAddr,
    srcPort: seg.dstPort,
    dstPort: seg.srcPort,
    window: 0,
    payload: EMPTY,
  };
  if (seg.flags.ack) return { ...base, seq: seg.ack >>> 0, ack: 0, flags: flags({ rst: true }) };
  return { ...base, seq: 0, ack: seqAdd(seg.seq, segLen(seg)), flags: flags({ rst: true, ack: true }) };
}
