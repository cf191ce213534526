import { advertisedMss } from './config';
import { connSegment, emit } from './segment';
import { seqAdd, seqLt, seqMax, seqSub } from './seq';
import { dataEnd } from './tcb';
import { armRto, cancelTimer, setTimer } from './timers';
import type { Micros, TcpConfig, TcpConn, TcpResult } from './types';

// The send path (RFC 9293 §3.8.6, RFC 6298 §5): segmentize queued data from snd.nxt within the
// peer's window and the send MSS, put the FIN after the last byte, time one segment at a time
// (Karn: never a retransmitted one), and keep the retransmission and persist timers armed.

/**
 * Sends what may be sent now. `force` sends at least one byte even into a zero window: the
 * persist probe (RFC 9293 §3.8.6.1) and a retransmission after a timeout.
 */
export function output(conn: TcpConn, cfg: TcpConfig, now: Micros, res: TcpResult, force = false): void {
  if (conn.state === 'SYN_SENT' || conn.state === 'SYN_RECEIVED') {
    if (conn.sndNxt === conn.iss) sendSyn(conn, cfg, now, res);
    return;
  }
  const end = dataEnd(conn);
  for (;;) {
    const off = seqSub(conn.sndNxt, conn.sndBufSeq);
    const unsent = Math.max(0, conn.sndBuf.length - off);
    const inWindow = seqSub(seqAdd(conn.sndUna, conn.sndWnd), conn.sndNxt);
    let len = Math.min(conn.sndMss, unsent, Math.max(0, inWindow));
    if (len === 0 && force && unsent > 0) len = 1;
    const fin = conn.finQueued && seqAdd(conn.sndNxt, len) === end && off <= conn.sndBuf.length;
    if (len === 0 && !fin) break;
    const seq = conn.sndNxt;
    const psh = len > 0 && off + len === conn.sndBuf.length;
    const seg = connSegment(conn, cfg, seq, { fin, psh }, conn.sndBuf.slice(off, off + len));
    emit(conn, seg, res);
    const next = seqAdd(seq, len + (fin ? 1 : 0));
    if (seqLt(seq, conn.sndMax)) conn.stats.retransmits++;
    else if (conn.rttSeq === null) {
      conn.rttSeq = next;
      conn.rttStart = now;
    }
    conn.sndNxt = next;
    conn.sndMax = seqMax(conn.sndMax, next);
    force = false;
  }
  armTimers(conn, now, res);
}

function sendSyn(conn: TcpConn, cfg: TcpConfig, now: Micros, res: TcpResult): void {
  const seg = connSegment(conn, cfg, conn.iss, { syn: true });
  seg.mss = advertisedMss(cfg);
  emit(conn, seg, res);
  if (seqLt(conn.iss, conn.sndMax)) conn.stats.retransmits++;
  else {
    conn.rttSeq = seqAdd(conn.iss, 1);
    conn.rttStart = now;
  }
  conn.sndNxt = seqAdd(conn.iss, 1);
  conn.sndMax = seqMax(conn.sndMax, conn.sndNxt);
  armRto(conn, now, res);
}

/**
 * RTO while anything is unacknowledged; otherwise, if data waits behind a zero window, the
 * persist timer (RFC 9293 §3.8.6.1), which the retransmission timer replaces once a probe is out.
 */
function armTimers(conn: TcpConn, now: Micros, res: TcpResult): void {
  if (conn.sndMax !== conn.sndUna) {
    armRto(conn, now, res);
    cancelTimer(conn, 'persist', res);
    return;
  }
  const waiting = seqSub(dataEnd(conn), conn.sndNxt) > 0;
  if (conn.sndWnd === 0 && waiting) {
    if (conn.timers.persist === null) setTimer(conn, 'persist', now + conn.rto, res);
  } else cancelTimer(conn, 'persist', res);
}

/** RFC 5681 §3.2 fast retransmit: resend the first unacknowledged segment now. */
export function fastRetransmit(conn: TcpConn, cfg: TcpConfig, res: TcpResult): void {
  const outstanding = seqSub(conn.sndMax, conn.sndUna);
  const off = seqSub(conn.sndUna, conn.sndBufSeq);
  if (outstanding <= 0 || off < 0) return;
  const len = Math.min(conn.sndMss, outstanding, Math.max(0, conn.sndBuf.length - off));
  const fin = conn.finQueued && seqAdd(conn.sndUna, len) === dataEnd(conn) && len < outstanding;
  if (len === 0 && !fin) return;
  emit(conn, connSegment(conn, cfg, conn.sndUna, { fin }, conn.sndBuf.slice(off, off + len)), res);
  conn.stats.retransmits++;
  conn.stats.fastRetransmits++;
  conn.rttSeq = null;
}
