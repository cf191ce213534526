import { advertisedMss, DEFAULT_PEER_MSS } from './config';
import { seqAdd } from './seq';
import { cancelAllTimers, setTimer } from './timers';
import type {
  Micros,
  TcpConfig,
  TcpConn,
  TcpEndpoint,
  TcpEvent,
  TcpResult,
  TcpState,
  TcpTable,
} from './types';

// Creating, ending and moving a TCB between the closing states.

export function newConn(
  key: string,
  local: TcpEndpoint,
  remote: TcpEndpoint,
  iss: number,
  open: 'active' | 'passive',
  state: TcpState,
  cfg: TcpConfig,
): TcpConn {
  iss = iss >>> 0;
  const conn: TcpConn = {
    key,
    state,
    local: { addr: local.addr >>> 0, port: local.port },
    remote: { addr: remote.addr >>> 0, port: remote.port },
    open,
    iss,
    sndUna: iss,
    sndNxt: iss,
    sndMax: iss,
    sndWnd: 0,
    sndWl1: 0,
    sndWl2: 0,
    sndBuf: new Uint8Array(0),
    sndBufSeq: seqAdd(iss, 1),
    finQueued: false,
    sndBlocked: false,
    sndMss: 1,
    mssAdjust: 0,
    peerMss: DEFAULT_PEER_MSS,
    irs: 0,
    rcvNxt: 0,
    rcvUnread: 0,
    rcvAdvEdge: 0,
    ooo: [],
    rcvFinSeq: null,
    peerClosed: false,
    srtt: null,
    rttvar: 0,
    rto: cfg.initialRtoUs,
    rttSeq: null,
    rttStart: 0,
    retries: 0,
    dupAcks: 0,
    timers: { rto: null, persist: null, timewait: null },
    stats: {
      segsIn: 0,
      segsOut: 0,
      bytesIn: 0,
      bytesOut: 0,
      retransmits: 0,
      timeouts: 0,
      fastRetransmits: 0,
      dupSegsIn: 0,
    },
  };
  updateSndMss(conn, cfg);
  return conn;
}

/** RFC 9293 §3.7.1: send no more than the peer's MSS, nor more than the local MSS after reductions. */
export function updateSndMss(conn: TcpConn, cfg: TcpConfig): void {
  conn.sndMss = Math.max(1, Math.min(conn.peerMss, advertisedMss(cfg)) - conn.mssAdjust);
}

/** The sequence number just after the last queued data byte (where the FIN goes). */
export function dataEnd(conn: TcpConn): number {
  return seqAdd(conn.sndBufSeq, conn.sndBuf.length);
}

/** Our FIN has been sent and acknowledged. */
export function finAcked(conn: TcpConn): boolean {
  return conn.finQueued && conn.sndUna === seqAdd(dataEnd(conn), 1);
}

/** Deletes the TCB (RFC 9293: "enter the CLOSED state"), cancelling its timers, with its last event. */
export function endConn(table: TcpTable, conn: TcpConn, res: TcpResult, event: TcpEvent | null): void {
  cancelAllTimers(conn, res);
  delete table.conns[conn.key];
  if (event) res.events.push(event);
}

/** RFC 9293 §3.10.7.4: TIME_WAIT, with its timer (re)started. */
export function enterTimeWait(conn: TcpConn, cfg: TcpConfig, now: Micros, res: TcpResult): void {
  conn.state = 'TIME_WAIT';
  cancelAllTimers(conn, res);
  setTimer(conn, 'timewait', now + cfg.timeWaitUs, res);
}
