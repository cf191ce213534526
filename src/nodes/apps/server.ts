import { table, writableEntry } from '../../sim/tables';
import { tcpListen, tcpUnlisten } from '../tcp/table';
import type { Micros, TcpEvent, TcpTable } from '../tcp/types';
import { tcpAbort, tcpClose } from '../tcp/user';
import {
  encodeResponse,
  type FrameReader,
  newFrameReader,
  readFrames,
  splitFrame,
  transform,
} from './framing';
import { type AppOutput, emptyOutput, merge, writeQueued } from './output';

// A request/response server ("APP A", "APP B"): listens on address:port and answers every request
// frame with a response naming itself ("APP A@MVS2"), so a client can tell which target answered.

export interface ServerConfig {
  /** Shown in every response, e.g. "APP A@MVS2". */
  name: string;
  /** The bound address (a DVIPA, or 0 for any). */
  addr: number;
  port: number;
}

export interface ServerConn {
  reader: FrameReader;
  /** Responses (or the rest of one) the send buffer had no room for yet. */
  outbox: Uint8Array[];
  peerClosed: boolean;
  closing: boolean;
  requests: number;
}

export interface ServerMetrics {
  connections: number;
  open: number;
  requests: number;
  responses: number;
  bytesIn: number;
  bytesOut: number;
  badStreams: number;
  resets: number;
}

export interface ServerState {
  cfg: ServerConfig;
  listening: boolean;
  conns: Record<string, ServerConn>;
  metrics: ServerMetrics;
}

export function serverInit(cfg: ServerConfig): ServerState {
  return {
    cfg: { ...cfg },
    listening: false,
    conns: table({}),
    metrics: {
      connections: 0,
      open: 0,
      requests: 0,
      responses: 0,
      bytesIn: 0,
      bytesOut: 0,
      badStreams: 0,
      resets: 0,
    },
  };
}

/** bind + listen (a target stack sends SRVSTAT when this succeeds). */
export function serverStart(s: ServerState, tcp: TcpTable, _now: Micros): AppOutput {
  const out = emptyOutput();
  const r = merge(out, tcpListen(tcp, s.cfg.addr, s.cfg.port));
  s.listening = r.error === undefined;
  if (r.error) out.error = r.error;
  return out;
}

/** Stops listening; `abort` also resets the open connections (the application ends). */
export function serverStop(s: ServerState, tcp: TcpTable, now: Micros, abort = false): AppOutput {
  const out = emptyOutput();
  if (s.listening) merge(out, tcpUnlisten(tcp, s.cfg.addr, s.cfg.port));
  s.listening = false;
  if (abort) for (const key of Object.keys(s.conns).sort()) merge(out, tcpAbort(tcp, key, now));
  return out;
}

/** Whether an event is about one of this server's connections (or a new one on its port). */
export function serverOwns(s: ServerState, ev: TcpEvent): boolean {
  if (ev.type === 'connected') {
    return (
      ev.open === 'passive' &&
      ev.local.port === s.cfg.port &&
      (s.cfg.addr === 0 || ev.local.addr === s.cfg.addr)
    );
  }
  return Object.hasOwn(s.conns, ev.conn);
}

export function serverOnEvent(s: ServerState, tcp: TcpTable, ev: TcpEvent, now: Micros): AppOutput {
  const out = emptyOutput();
  if (ev.type === 'connected') {
    s.conns[ev.conn] = {
      reader: newFrameReader(),
      outbox: [],
      peerClosed: false,
      closing: false,
      requests: 0,
    };
    s.metrics.connections++;
    s.metrics.open++;
    return out;
  }
  const c = writableEntry(s.conns, ev.conn);
  if (!c) return out;
  switch (ev.type) {
    case 'data': {
      s.metrics.bytesIn += ev.bytes.length;
      const frames = readFrames(c.reader, ev.bytes);
      if (c.reader.error) {
        s.metrics.badStreams++;
        merge(out, tcpAbort(tcp, ev.conn, now));
        return out;
      }
      for (const f of frames) {
        const { id, rest } = splitFrame(f);
        s.metrics.requests++;
        c.requests++;
        c.outbox.push(encodeResponse(id, s.cfg.name, transform(rest, id)));
        s.metrics.responses++;
      }
      flush(s, c, tcp, ev.conn, now, out);
      return out;
    }
    case 'send-space':
      flush(s, c, tcp, ev.conn, now, out);
      return out;
    case 'peer-closed':
      c.peerClosed = true;
      flush(s, c, tcp, ev.conn, now, out);
      return out;
    default:
      // closed, reset, aborted: the connection is gone.
      if (ev.type !== 'closed') s.metrics.resets++;
      delete s.conns[ev.conn];
      s.metrics.open--;
      return out;
  }
}

/** Writes what the send buffer takes; closes once the client has closed and all is written. */
function flush(s: ServerState, c: ServerConn, tcp: TcpTable, key: string, now: Micros, out: AppOutput): void {
  s.metrics.bytesOut += writeQueued(out, c.outbox, tcp, key, now);
  if (c.peerClosed && c.outbox.length === 0 && !c.closing) {
    c.closing = true;
    merge(out, tcpClose(tcp, key, now));
  }
}
