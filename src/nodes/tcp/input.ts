import { ackAdvance, processAck } from './ack';
import { DEFAULT_PEER_MSS } from './config';
import { initialSeq } from './iss';
import { rcvDeliver, rcvInsert } from './receive';
import { rcvWindow, rstReply, segLen, sendAck } from './segment';
import { output } from './send';
import { seqAdd, seqGt, seqInRange, seqLeq, seqSub } from './seq';
import { connKey, emptyResult, findListener, tcpConn } from './table';
import { endConn, enterTimeWait, finAcked, newConn, updateSndMss } from './tcb';
import type { Micros, TcpConn, TcpResult, TcpSegment, TcpTable } from './types';

// SEGMENT ARRIVES (RFC 9293 §3.10.7): to no connection, to a listener, in SYN_SENT, and in the
// synchronized states, step by step as the RFC orders them.

/**
 * Handles one arriving segment. `iss` is the initial sequence number for a connection this SYN
 * opens on a listener; without it the engine derives one (RFC 6528, from the table's secret).
 */
export function tcpInput(table: TcpTable, seg: TcpSegment, now: Micros, iss?: number): TcpResult {
  const res = emptyResult();
  const local = { addr: seg.dstAddr >>> 0, port: seg.dstPort };
  const remote = { addr: seg.srcAddr >>> 0, port: seg.srcPort };
  const conn = tcpConn(table, connKey(local, remote));
  if (!conn) {
    if (findListener(table, local.addr, local.port)) listenInput(table, seg, now, iss, res);
    else pushRst(seg, res);
    return res;
  }
  conn.stats.segsIn++;
  conn.stats.bytesIn += seg.payload.length;
  if (conn.state === 'SYN_SENT') synSentInput(table, conn, seg, now, res);
  else syncInput(table, conn, seg, now, res);
  return res;
}

function pushRst(seg: TcpSegment, res: TcpResult): void {
  const rst = rstReply(seg);
  if (rst) res.segments.push(rst);
}

/** §3.10.7.2 LISTEN. */
function listenInput(table: TcpTable, seg: TcpSegment, now: Micros, iss: number | undefined, res: TcpResult) {
  const f = seg.flags;
  if (f.rst) return;
  if (f.ack) return pushRst(seg, res);
  if (!f.syn) return;
  const local = { addr: seg.dstAddr >>> 0, port: seg.dstPort };
  const remote = { addr: seg.srcAddr >>> 0, port: seg.srcPort };
  const key = connKey(local, remote);
  const cfg = table.cfg;
  const conn = newConn(
    key,
    local,
    remote,
    iss ?? initialSeq(table.issSecret, local, remote, now),
    'passive',
    'SYN_RECEIVED',
    cfg,
  );
  conn.stats.segsIn++;
  receiveSyn(conn, seg);
  updateSndMss(conn, cfg);
  conn.sndWnd = seg.window;
  conn.sndWl1 = seg.seq >>> 0;
  conn.sndWl2 = conn.iss;
  table.conns[key] = conn;
  // Data on a SYN is not taken: it is not acknowledged, so the peer sends it again.
  output(conn, cfg, now, res);
}

function receiveSyn(conn: TcpConn, seg: TcpSegment): void {
  conn.irs = seg.seq >>> 0;
  conn.rcvNxt = seqAdd(conn.irs, 1);
  conn.rcvAdvEdge = conn.rcvNxt;
  conn.peerMss = seg.mss ?? DEFAULT_PEER_MSS;
}

/** §3.10.7.3 SYN_SENT. */
function synSentInput(table: TcpTable, conn: TcpConn, seg: TcpSegment, now: Micros, res: TcpResult) {
  const f = seg.flags;
  const cfg = table.cfg;
  const ack = seg.ack >>> 0;
  if (f.ack && (seqLeq(ack, conn.iss) || seqGt(ack, conn.sndMax))) {
    return pushRst(seg, res);
  }
  if (f.rst) {
    if (f.ack) endConn(table, conn, res, { type: 'reset', conn: conn.key, state: 'SYN_SENT' });
    return;
  }
  if (!f.syn) return;
  receiveSyn(conn, seg);
  updateSndMss(conn, cfg);
  if (f.ack) {
    ackAdvance(conn, ack, cfg, now, res);
    conn.state = 'ESTABLISHED';
    conn.sndWnd = seg.window;
    conn.sndWl1 = seg.seq >>> 0;
    conn.sndWl2 = ack;
    res.events.push({
      type: 'connected',
      conn: conn.key,
      open: 'active',
      local: { ...conn.local },
      remote: { ...conn.remote },
    });
    const before = res.segments.length;
    output(conn, cfg, now, res);
    if (res.segments.length === before) sendAck(conn, cfg, res);
  } else {
    // Simultaneous open: SYN_RECEIVED, our SYN again with an ACK.
    conn.state = 'SYN_RECEIVED';
    conn.sndWnd = seg.window;
    conn.sndWl1 = seg.seq >>> 0;
    conn.sndNxt = conn.iss;
    output(conn, cfg, now, res);
  }
}

/** RFC 9293 §3.10.7.4, first check: does any of the segment fall in the receive window? */
function acceptable(seq: number, len: number, rcvNxt: number, wnd: number): boolean {
  const right = seqAdd(rcvNxt, wnd);
  if (len === 0) return wnd === 0 ? seq === rcvNxt : seqInRange(seq, rcvNxt, right);
  if (wnd === 0) return false;
  return seqInRange(seq, rcvNxt, right) || seqInRange(seqAdd(seq, len - 1), rcvNxt, right);
}

/** §3.10.7.4: SYN_RECEIVED and every later state. */
function syncInput(table: TcpTable, conn: TcpConn, seg: TcpSegment, now: Micros, res: TcpResult) {
  const cfg = table.cfg;
  const f = seg.flags;
  let seq = seg.seq >>> 0;
  // The peer's SYN again: our SYN-ACK was lost, send it again now.
  if (conn.state === 'SYN_RECEIVED' && f.syn && !f.ack && !f.rst && seq === conn.irs) {
    conn.stats.dupSegsIn++;
    conn.sndNxt = conn.iss;
    output(conn, cfg, now, res);
    return;
  }
  // First: the sequence number.
  const wnd = rcvWindow(conn, cfg);
  if (!acceptable(seq, segLen(seg), conn.rcvNxt, wnd)) {
    if (f.rst) return;
    conn.stats.dupSegsIn++;
    sendAck(conn, cfg, res);
    if (conn.state === 'TIME_WAIT' && f.fin) enterTimeWait(conn, cfg, now, res);
    // "Special allowance should be made to accept valid ACKs" with a zero window.
    if (wnd === 0 && f.ack && !f.syn && conn.state !== 'SYN_RECEIVED') afterAck(table, conn, seg, now, res);
    return;
  }
  // Second: RST. RFC 5961 §3.2 (adopted by RFC 9293): only an exact match resets. A passive
  // SYN_RECEIVED connection "returns to LISTEN" (the listener is still there); it still gets its
  // terminal event so the owner can forget it.
  if (f.rst) {
    if (seq !== conn.rcvNxt) return sendAck(conn, cfg, res);
    const quiet = conn.state === 'CLOSING' || conn.state === 'LAST_ACK' || conn.state === 'TIME_WAIT';
    const ev = quiet
      ? ({ type: 'closed', conn: conn.key } as const)
      : ({ type: 'reset', conn: conn.key, state: conn.state } as const);
    return endConn(table, conn, res, ev);
  }
  // Fourth: a SYN here gets a challenge ACK (RFC 5961 §4.2).
  if (f.syn) return sendAck(conn, cfg, res);
  // Fifth: the ACK field.
  if (!f.ack) return;
  if (conn.state === 'SYN_RECEIVED') {
    const ack = seg.ack >>> 0;
    if (!(seqGt(ack, conn.sndUna) && seqLeq(ack, conn.sndMax))) {
      return pushRst(seg, res);
    }
    conn.state = conn.finQueued ? 'FIN_WAIT_1' : 'ESTABLISHED';
    conn.sndWnd = seg.window;
    conn.sndWl1 = seq;
    conn.sndWl2 = ack;
    res.events.push({
      type: 'connected',
      conn: conn.key,
      open: 'passive',
      local: { ...conn.local },
      remote: { ...conn.remote },
    });
  }
  if (!afterAck(table, conn, seg, now, res)) return;
  // Seventh: the text, trimmed to the window.
  let data = seg.payload;
  let fin = f.fin;
  const head = seqSub(conn.rcvNxt, seq);
  if (head > 0) {
    data = data.subarray(Math.min(head, data.length));
    seq = seqAdd(seq, head);
  }
  const room = seqSub(seqAdd(conn.rcvNxt, wnd), seq);
  if (data.length > room) {
    data = data.subarray(0, Math.max(0, room));
    fin = false;
  }
  let needAck = false;
  if (seg.payload.length > 0) {
    needAck = true;
    const open = conn.state === 'ESTABLISHED' || conn.state === 'FIN_WAIT_1' || conn.state === 'FIN_WAIT_2';
    if (open && data.length > 0) {
      if (rcvInsert(conn, seq, data) < seg.payload.length) conn.stats.dupSegsIn++;
      const bytes = rcvDeliver(conn);
      if (bytes) {
        if (!cfg.autoRead) conn.rcvUnread += bytes.length;
        res.events.push({ type: 'data', conn: conn.key, bytes });
      }
    }
  }
  // Eighth: FIN, once everything before it has arrived.
  if (fin && !conn.peerClosed) {
    conn.rcvFinSeq = seqAdd(seq, data.length);
    needAck = true;
  }
  if (conn.rcvFinSeq !== null && !conn.peerClosed && conn.rcvNxt === conn.rcvFinSeq) {
    receiveFin(conn, cfg, now, res);
    needAck = true;
  }
  if (table.conns[conn.key] !== conn) return;
  const before = res.segments.length;
  output(conn, cfg, now, res);
  if (needAck && res.segments.length === before) sendAck(conn, cfg, res);
}

/** The ACK checks and the state changes they cause; false when the segment is done with. */
function afterAck(table: TcpTable, conn: TcpConn, seg: TcpSegment, now: Micros, res: TcpResult): boolean {
  const cfg = table.cfg;
  if (processAck(conn, seg, cfg, now, res) === 'drop') {
    sendAck(conn, cfg, res);
    return false;
  }
  if (!finAcked(conn)) return true;
  switch (conn.state) {
    case 'FIN_WAIT_1':
      conn.state = 'FIN_WAIT_2';
      return true;
    case 'CLOSING':
      enterTimeWait(conn, cfg, now, res);
      return true;
    case 'LAST_ACK':
      endConn(table, conn, res, { type: 'closed', conn: conn.key });
      return false;
    default:
      return true;
  }
}

function receiveFin(conn: TcpConn, cfg: TcpTable['cfg'], now: Micros, res: TcpResult): void {
  conn.rcvNxt = seqAdd(conn.rcvNxt, 1);
  conn.peerClosed = true;
  res.events.push({ type: 'peer-closed', conn: conn.key });
  switch (conn.state) {
    case 'SYN_RECEIVED':
    case 'ESTABLISHED':
      conn.state = 'CLOSE_WAIT';
      break;
    case 'FIN_WAIT_1':
      if (finAcked(conn)) enterTimeWait(conn, cfg, now, res);
      else conn.state = 'CLOSING';
      break;
    case 'FIN_WAIT_2':
      enterTimeWait(conn, cfg, now, res);
      break;
    case 'TIME_WAIT':
      enterTimeWait(conn, cfg, now, res);
      break;
    default:
      break;
  }
}
