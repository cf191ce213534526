import { rtoBackoff } from './rtt';
import { connSegment, emit } from './segment';
import { output } from './send';
import { emptyResult, tcpConn } from './table';
import { endConn } from './tcb';
import { parseTimerKey, setTimer } from './timers';
import type { Micros, TcpConn, TcpResult, TcpTable } from './types';

// A timer the engine asked for has fired (RFC 6298 §5.4–5.7; RFC 9293 §3.8.3, §3.8.6.1, §3.10.8).

export function tcpTimer(table: TcpTable, key: string, now: Micros): TcpResult {
  const res = emptyResult();
  const t = parseTimerKey(key);
  if (!t) {
    res.error = 'bad-timer';
    return res;
  }
  const conn = tcpConn(table, t.conn);
  if (!conn) {
    res.error = 'no-connection';
    return res;
  }
  const due = conn.timers[t.kind];
  if (due === null) return res; // cancelled: a stale firing
  if (now < due) {
    setTimer(conn, t.kind, due, res); // fired early: keep the deadline
    return res;
  }
  conn.timers[t.kind] = null;
  if (t.kind === 'rto') retransmitTimeout(table, conn, now, res);
  else if (t.kind === 'persist') output(conn, table.cfg, now, res, true);
  else endConn(table, conn, res, { type: 'closed', conn: conn.key });
  return res;
}

/**
 * RFC 6298 §5.4–5.6: go back to snd.una and send again (SYN, data, FIN) with the timer backed
 * off; after maxRetransmits timeouts in a row, give up (RFC 9293 §3.8.3 R2) with an RST.
 */
function retransmitTimeout(table: TcpTable, conn: TcpConn, now: Micros, res: TcpResult): void {
  const cfg = table.cfg;
  if (conn.sndMax === conn.sndUna) return;
  conn.stats.timeouts++;
  conn.retries++;
  if (conn.retries > cfg.maxRetransmits) {
    if (conn.state !== 'SYN_SENT') {
      const rst = connSegment(conn, cfg, conn.sndNxt, { rst: true, ack: false });
      rst.ack = 0;
      emit(conn, rst, res);
    }
    endConn(table, conn, res, {
      type: 'aborted',
      conn: conn.key,
      reason: 'retransmit-limit',
      retransmits: conn.stats.retransmits,
    });
    return;
  }
  rtoBackoff(conn, cfg);
  conn.rttSeq = null; // Karn: nothing sent from here on is timed until new data goes out
  conn.dupAcks = 0;
  conn.sndNxt = conn.sndUna;
  output(conn, cfg, now, res, true);
}
