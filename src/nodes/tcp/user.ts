import { advertisedMss } from './config';
import { connSegment, emit, rcvWindow, sendAck } from './segment';
import { output } from './send';
import { seqSub } from './seq';
import { connKey, emptyResult, tcpConn } from './table';
import { endConn, newConn, updateSndMss } from './tcb';
import type { Micros, TcpConn, TcpEndpoint, TcpResult, TcpTable } from './types';

// The user calls (RFC 9293 §3.10.1–3.10.5): OPEN (active), SEND, RECEIVE (tcpRead frees window),
// CLOSE and ABORT. Errors are values in the result, never exceptions.

/** Active OPEN: a SYN to remote from local, with the caller's initial sequence number. */
export function tcpConnect(
  table: TcpTable,
  local: TcpEndpoint,
  remote: TcpEndpoint,
  iss: number,
  now: Micros,
): TcpResult {
  const res = emptyResult();
  const key = connKey(local, remote);
  if (tcpConn(table, key)) {
    res.error = 'connection-exists';
    return res;
  }
  const conn = newConn(key, local, remote, iss, 'active', 'SYN_SENT', table.cfg);
  table.conns[key] = conn;
  res.conn = key;
  output(conn, table.cfg, now, res);
  return res;
}

function lookup(table: TcpTable, key: string, res: TcpResult): TcpConn | undefined {
  const conn = tcpConn(table, key);
  if (!conn) res.error = 'no-connection';
  return conn;
}

/**
 * SEND: queues as many bytes as the send buffer has room for (result.accepted); when that is not
 * all of them a 'send-space' event follows once acknowledgments free space. Data queued in
 * SYN_SENT / SYN_RECEIVED goes once the connection is established.
 */
export function tcpSend(table: TcpTable, key: string, bytes: Uint8Array, now: Micros): TcpResult {
  const res = emptyResult();
  const conn = lookup(table, key, res);
  if (!conn) return res;
  const s = conn.state;
  if (
    conn.finQueued ||
    !(s === 'SYN_SENT' || s === 'SYN_RECEIVED' || s === 'ESTABLISHED' || s === 'CLOSE_WAIT')
  ) {
    res.error = 'closing';
    return res;
  }
  const n = Math.min(bytes.length, Math.max(0, table.cfg.sndBuffer - conn.sndBuf.length));
  if (n > 0) {
    const buf = new Uint8Array(conn.sndBuf.length + n);
    buf.set(conn.sndBuf);
    buf.set(bytes.subarray(0, n), conn.sndBuf.length);
    conn.sndBuf = buf;
  }
  if (n < bytes.length) conn.sndBlocked = true;
  res.accepted = n;
  output(conn, table.cfg, now, res);
  return res;
}

/** Free space in the connection's send buffer (what tcpSend would take now); 0 if there is none. */
export function tcpSendSpace(table: TcpTable, key: string): number {
  const conn = tcpConn(table, key);
  return conn ? Math.max(0, table.cfg.sndBuffer - conn.sndBuf.length) : 0;
}

/**
 * RECEIVE with autoRead off: the application has consumed n delivered bytes, so the window
 * opens; a window update goes out when it grew enough (receiver SWS avoidance, §3.8.6.2.2).
 */
export function tcpRead(table: TcpTable, key: string, n: number, _now: Micros): TcpResult {
  const res = emptyResult();
  const conn = lookup(table, key, res);
  if (!conn) return res;
  const cfg = table.cfg;
  const read = Math.max(0, Math.min(Math.floor(n), conn.rcvUnread));
  const before = seqSub(conn.rcvAdvEdge, conn.rcvNxt);
  conn.rcvUnread -= read;
  res.read = read;
  const after = rcvWindow(conn, cfg);
  const open = conn.state !== 'SYN_SENT' && conn.state !== 'SYN_RECEIVED' && !conn.peerClosed;
  if (open && after - before >= Math.min(cfg.rcvBuffer / 2, advertisedMss(cfg))) sendAck(conn, cfg, res);
  return res;
}

/** CLOSE (§3.10.4): FIN after the queued data. */
export function tcpClose(table: TcpTable, key: string, now: Micros): TcpResult {
  const res = emptyResult();
  const conn = lookup(table, key, res);
  if (!conn) return res;
  switch (conn.state) {
    case 'SYN_SENT':
      endConn(table, conn, res, { type: 'closed', conn: key });
      return res;
    case 'SYN_RECEIVED':
      if (conn.finQueued) break;
      conn.finQueued = true;
      return res;
    case 'ESTABLISHED':
      conn.finQueued = true;
      conn.state = 'FIN_WAIT_1';
      output(conn, table.cfg, now, res);
      return res;
    case 'CLOSE_WAIT':
      conn.finQueued = true;
      conn.state = 'LAST_ACK';
      output(conn, table.cfg, now, res);
      return res;
    default:
      break;
  }
  res.error = 'closing';
  return res;
}

/** ABORT (§3.10.5): <SEQ=SND.NXT><CTL=RST> where the peer may hold state, then gone. */
export function tcpAbort(table: TcpTable, key: string, _now: Micros): TcpResult {
  const res = emptyResult();
  const conn = lookup(table, key, res);
  if (!conn) return res;
  const s = conn.state;
  if (
    s === 'SYN_RECEIVED' ||
    s === 'ESTABLISHED' ||
    s === 'FIN_WAIT_1' ||
    s === 'FIN_WAIT_2' ||
    s === 'CLOSE_WAIT'
  ) {
    const rst = connSegment(conn, table.cfg, conn.sndNxt, { rst: true, ack: false });
    rst.ack = 0;
    emit(conn, rst, res);
  }
  endConn(table, conn, res, {
    type: 'aborted',
    conn: key,
    reason: 'user',
    retransmits: conn.stats.retransmits,
  });
  return res;
}

/**
 * Takes `reduction` more bytes off this connection's send MSS: a target stack does this when it
 * learns a connection is IPsec-protected (the source's MTU adjustment in the TCB).
 */
export function tcpAdjustMss(table: TcpTable, key: string, reduction: number): TcpResult {
  const res = emptyResult();
  const conn = lookup(table, key, res);
  if (!conn) return res;
  conn.mssAdjust = Math.max(0, Math.floor(reduction));
  updateSndMss(conn, table.cfg);
  return res;
}
