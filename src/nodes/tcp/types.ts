// The TCP engine's data (RFC 9293 subset). Everything is plain data — objects, arrays, numbers,
// strings, booleans, null and Uint8Array — so a table can be structuredClone'd into a checkpoint
// and shown as it is. The engine's functions take the table, change it in place (the actor
// contract: the owner holds the state and clones it for checkpoints) and return what to do:
// segments to send, timers to set or cancel, events for the application.

/** Virtual time in integer microseconds. */
export type Micros = number;

export interface TcpFlags {
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
  psh: boolean;
}

/**
 * One TCP segment as the engine sees it (the stack actor maps it to and from wire bytes).
 * Addresses are IPv4 as uint32; seq and ack are uint32 and wrap (see seq.ts).
 */
export interface TcpSegment {
  srcAddr: number;
  dstAddr: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  /** The MSS option (RFC 9293 §3.7.1); only on SYN segments. */
  mss?: number;
  payload: Uint8Array;
}

export interface TcpEndpoint {
  addr: number;
  port: number;
}

/** RFC 9293 §3.3.2 connection states (LISTEN lives in the listener list, CLOSED is absence). */
export type TcpState =
  | 'SYN_SENT'
  | 'SYN_RECEIVED'
  | 'ESTABLISHED'
  | 'FIN_WAIT_1'
  | 'FIN_WAIT_2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT';

export interface TcpConfig {
  /** The local MSS before mssReduction: the largest payload the local MTU allows (1460 for 1500). */
  mss: number;
  /**
   * Bytes taken off the MSS for encapsulation the stack adds (a representative IPsec header
   * size: "the MTU size in the TCB of the server protocol stack is adjusted"). Applies to the MSS
   * advertised and to the segments sent.
   */
  mssReduction: number;
  /** The receive buffer: the largest receive window advertised (≤ 65535, no window scaling). */
  rcvBuffer: number;
  /** Bytes a connection queues for sending (unacknowledged plus unsent). */
  sndBuffer: number;
  /** RFC 6298 §2.1 initial RTO (the RFC says 1 s; an emulator wants less). */
  initialRtoUs: Micros;
  /** RFC 6298 §2.4 lower bound (the RFC says 1 s). */
  minRtoUs: Micros;
  /** RFC 6298 §2.5 upper bound (at least 60 s in the RFC). */
  maxRtoUs: Micros;
  /** RFC 6298 G, the clock granularity in the RTO formula. */
  clockGranularityUs: Micros;
  /** Retransmission timeouts in a row without progress before the connection is aborted (R2). */
  maxRetransmits: number;
  /** How long TIME_WAIT lasts (2·MSL in RFC 9293 §3.4.2; short here). */
  timeWaitUs: Micros;
  /** Duplicate ACKs that trigger a fast retransmit (RFC 5681 §3.2); 0 disables it. */
  dupAckThreshold: number;
  /**
   * true: delivered bytes count as read at once, so the window only holds out-of-order data.
   * false: the application calls tcpRead() to free receive-buffer space (flow control).
   */
  autoRead: boolean;
}

/** Where the engine keeps each armed timer's deadline (null = not armed). */
export interface TcpConnTimers {
  rto: Micros | null;
  persist: Micros | null;
  timewait: Micros | null;
}

export type TcpTimerKind = keyof TcpConnTimers;

/** An out-of-order piece of received data waiting for the gap before it (RFC 9293 §3.10.7.4). */
export interface TcpOooPiece {
  seq: number;
  data: Uint8Array;
}

export interface TcpStats {
  segsIn: number;
  segsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Segments sent again (timeout, fast retransmit, persist probe after timeout). */
  retransmits: number;
  timeouts: number;
  fastRetransmits: number;
  dupSegsIn: number;
}

/** A transmission control block (RFC 9293 §3.3.1). */
export interface TcpConn {
  key: string;
  state: TcpState;
  local: TcpEndpoint;
  remote: TcpEndpoint;
  /** 'active' for tcpConnect, 'passive' for a connection made from a listener. */
  open: 'active' | 'passive';
  // Send sequence space (RFC 9293 §3.3.1, Figure 4).
  iss: number;
  sndUna: number;
  sndNxt: number;
  /** The highest sequence number sent so far (snd.nxt rewinds on a timeout; this does not). */
  sndMax: number;
  sndWnd: number;
  sndWl1: number;
  sndWl2: number;
  /** Data from sndBufSeq on: unacknowledged bytes, then unsent bytes. */
  sndBuf: Uint8Array;
  sndBufSeq: number;
  /** The application has closed its side: FIN goes after the last queued byte. */
  finQueued: boolean;
  /** The last write was cut short: tell the application when space frees up. */
  sndBlocked: boolean;
  /** Effective send MSS (peer's MSS option, the local MSS, the reductions). */
  sndMss: number;
  /** Extra MSS reduction set on this connection alone (tcpAdjustMss). */
  mssAdjust: number;
  peerMss: number;
  // Receive sequence space.
  irs: number;
  rcvNxt: number;
  /** Delivered bytes the application has not read yet (only when autoRead is false). */
  rcvUnread: number;
  /** The right edge last advertised (rcv.nxt + rcv.wnd); it never moves left (RFC 9293 §3.8.6.2.1). */
  rcvAdvEdge: number;
  ooo: TcpOooPiece[];
  /** The sequence number of the peer's FIN once seen, even out of order. */
  rcvFinSeq: number | null;
  peerClosed: boolean;
  // Retransmission (RFC 6298).
  srtt: Micros | null;
  rttvar: Micros;
  rto: Micros;
  /** The segment being timed: ACK at or beyond rttSeq completes the sample (Karn: only new data). */
  rttSeq: number | null;
  rttStart: Micros;
  /** Timeouts in a row without an ACK of new data. */
  retries: number;
  dupAcks: number;
  timers: TcpConnTimers;
  stats: TcpStats;
}

export interface TcpListener {
  /** 0 = any local address. */
  addr: number;
  port: number;
}

export interface TcpTable {
  cfg: TcpConfig;
  /** Connections by connKey(local, remote). */
  conns: Record<string, TcpConn>;
  /** Listeners by listenerKey(addr, port). */
  listeners: Record<string, TcpListener>;
  /** RFC 6528 secret for initial sequence numbers of passive opens (from the owner's seeded PRNG). */
  issSecret: number;
}

/**
 * What the application hears about. Every TCB the engine creates ends with exactly one closed,
 * reset or aborted event, even a passive one that never reached 'connected' (so an owner keeping
 * per-connection records, like a CRT, can always drop them).
 */
export type TcpEvent =
  | { type: 'connected'; conn: string; open: 'active' | 'passive'; local: TcpEndpoint; remote: TcpEndpoint }
  | { type: 'data'; conn: string; bytes: Uint8Array }
  /** Send-buffer space after a short write. */
  | { type: 'send-space'; conn: string; space: number }
  /** The peer's FIN arrived, after all its data. */
  | { type: 'peer-closed'; conn: string }
  /** The connection is gone after an orderly close. */
  | { type: 'closed'; conn: string }
  /** An RST ended it (in SYN_SENT: connection refused). */
  | { type: 'reset'; conn: string; state: TcpState }
  /** Ended locally: too many retransmissions, or tcpAbort. */
  | { type: 'aborted'; conn: string; reason: 'retransmit-limit' | 'user'; retransmits: number };

/** Timers by key, with absolute virtual times; set replaces an armed timer of the same key. */
export type TcpTimerOp = { op: 'set'; key: string; at: Micros } | { op: 'cancel'; key: string };

export type TcpError =
  | 'no-connection'
  | 'connection-exists'
  | 'address-in-use'
  | 'not-listening'
  | 'closing'
  | 'not-connected'
  | 'bad-timer';

export interface TcpResult {
  segments: TcpSegment[];
  timers: TcpTimerOp[];
  events: TcpEvent[];
  /** tcpConnect: the new connection's key. */
  conn?: string;
  /** tcpSend: the bytes taken into the send buffer. */
  accepted?: number;
  /** tcpRead: the bytes freed. */
  read?: number;
  error?: TcpError;
}
