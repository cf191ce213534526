import { rttSample } from './rtt';
import { fastRetransmit } from './send';
import { seqGeq, seqGt, seqLeq, seqLt, seqSub } from './seq';
import { dataEnd } from './tcb';
import { cancelTimer, restartRto } from './timers';
import type { Micros, TcpConfig, TcpConn, TcpResult, TcpSegment } from './types';

// Processing the acknowledgment field (RFC 9293 §3.10.7.4, "fifth, check the ACK field") once the
// connection is synchronized: advance snd.una, free the send buffer, take an RTT sample (RFC 6298
// with Karn's rule), count duplicate ACKs (RFC 5681), update the send window.

/** SND.UNA < ack ≤ SND.MAX: new data (or our SYN/FIN) is acknowledged. */
export function ackAdvance(conn: TcpConn, ack: number, cfg: TcpConfig, now: Micros, res: TcpResult): void {
  const end = dataEnd(conn);
  const upTo = seqLt(ack, end) ? ack : end;
  const freed = seqSub(upTo, conn.sndBufSeq);
  if (freed > 0) {
    // A view, not a copy: the next tcpSend compacts it. All acknowledged: an empty buffer of its
    // own, so a copy of the TCB (a checkpoint's) does not copy the old buffer the view is over.
    conn.sndBuf = freed >= conn.sndBuf.length ? new Uint8Array(0) : conn.sndBuf.subarray(freed);
    conn.sndBufSeq = upTo;
  }
  if (conn.rttSeq !== null && seqGeq(ack, conn.rttSeq)) {
    rttSample(conn, now - conn.rttStart, cfg);
    conn.rttSeq = null;
  }
  conn.sndUna = ack;
  if (seqLt(conn.sndNxt, ack)) conn.sndNxt = ack;
  conn.retries = 0;
  conn.dupAcks = 0;
  if (conn.sndUna === conn.sndMax) cancelTimer(conn, 'rto', res);
  else restartRto(conn, now, res);
  if (conn.sndBlocked && freed > 0) {
    conn.sndBlocked = false;
    res.events.push({ type: 'send-space', conn: conn.key, space: cfg.sndBuffer - conn.sndBuf.length });
  }
}

/**
 * The ACK checks of an established (or later) connection. Returns false when the segment must be
 * dropped here (it acknowledges something never sent; an ACK went back).
 */
export function processAck(
  conn: TcpConn,
  seg: TcpSegment,
  cfg: TcpConfig,
  now: Micros,
  res: TcpResult,
): 'ok' | 'drop' {
  const ack = seg.ack >>> 0;
  if (seqGt(ack, conn.sndMax)) return 'drop';
  if (seqGt(ack, conn.sndUna)) ackAdvance(conn, ack, cfg, now, res);
  else if (
    ack === conn.sndUna &&
    seg.payload.length === 0 &&
    !seg.flags.fin &&
    seg.window === conn.sndWnd &&
    conn.sndMax !== conn.sndUna
  ) {
    // RFC 5681 §2 duplicate ACK.
    conn.dupAcks++;
    if (cfg.dupAckThreshold > 0 && conn.dupAcks === cfg.dupAckThreshold) fastRetransmit(conn, cfg, res);
  }
  // RFC 9293 §3.10.7.4: update the window only from a newer segment (SND.WL1, SND.WL2).
  const newer = seqLt(conn.sndWl1, seg.seq) || (conn.sndWl1 === seg.seq && seqLeq(conn.sndWl2, ack));
  if (seqGeq(ack, conn.sndUna) && newer) {
    conn.sndWnd = seg.window;
    conn.sndWl1 = seg.seq;
    conn.sndWl2 = ack;
  }
  // A zero window answered is a live peer: probing it must not count towards giving up.
  if (seg.window === 0 && seqGeq(ack, conn.sndUna)) conn.retries = 0;
  return 'ok';
}
