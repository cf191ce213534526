import { table, writableEntry } from '../../sim/tables';
import { initialSeq } from '../tcp/iss';
import type { Micros, TcpEndpoint, TcpEvent, TcpTable } from '../tcp/types';
import { tcpClose, tcpConnect } from '../tcp/user';
import {
  decodeResponse,
  encodeRequest,
  type FrameReader,
  newFrameReader,
  readFrames,
  requestPayload,
  transform,
} from './framing';
import { APP_TIMER, type AppOutput, emptyOutput, merge, setAppTimer, writeQueued } from './output';

// A client of the request/response servers: N connections to DVIPA:port opened at staggered
// times, requests of a fixed size on each (a fixed number, or at an interval until a stop time),
// every response checked byte for byte, and the server that answered each connection recorded.

export interface ClientConfig {
  name: string;
  localAddr: number;
  /** Connection i uses local port firstPort + i. */
  firstPort: number;
  /** The DVIPA and port. */
  server: TcpEndpoint;
  connections: number;
  startUs: Micros;
  staggerUs: Micros;
  /** Request payload bytes. */
  requestSize: number;
  /** Requests per connection; 0 = no limit (until stopUs). */
  requests: number;
  /** Time between requests on a connection; 0 = the next as soon as the previous is answered. */
  intervalUs: Micros;
  /** No new requests from then on; connections close once answered. null = never. */
  stopUs: Micros | null;
}

export type ClientConnStatus = 'waiting' | 'connecting' | 'established' | 'closing' | 'closed' | 'failed';

export interface ClientConn {
  index: number;
  key: string;
  status: ClientConnStatus;
  failure: 'refused' | 'reset' | 'aborted' | 'connect-error' | null;
  /** The id the next request gets (ids start at 1). */
  nextId: number;
  /** Ids sent and not answered yet, in the order sent. */
  outstanding: number[];
  /** Request frames (or the rest of one) the send buffer had no room for yet. */
  outbox: Uint8Array[];
  reader: FrameReader;
  /** The server that answered ("APP A@MVS2"); null before the first response. */
  server: string | null;
  /** No more requests will be sent on this connection. */
  done: boolean;
  requestsSent: number;
  responsesVerified: number;
}

export interface ClientCounters {
  connectionsOpened: number;
  connectionsEstablished: number;
  connectionsFailed: number;
  connectionsClosed: number;
  requestsSent: number;
  responsesReceived: number;
  responsesVerified: number;
  mismatches: number;
  duplicates: number;
  outOfOrder: number;
  bytesSent: number;
  bytesReceived: number;
  bytesDuplicated: number;
}

export interface ClientState {
  cfg: ClientConfig;
  conns: ClientConn[];
  /** Connection index by TCP connection key. */
  byKey: Record<string, number>;
  stopped: boolean;
  counters: ClientCounters;
}

export interface ClientMetrics extends ClientCounters {
  /** Established and not yet closed or failed. */
  connectionsAlive: number;
  /** Request bytes (whole frames) sent and never answered. */
  bytesUnanswered: number;
  /** Connections answered, by server name. */
  servers: Record<string, number>;
}

const FRAME_OVERHEAD = 8;

export function clientInit(cfg: ClientConfig): ClientState {
  const conns: ClientConn[] = table([]);
  for (let index = 0; index < cfg.connections; index++) {
    conns.push({
      index,
      key: '',
      status: 'waiting',
      failure: null,
      nextId: 1,
      outstanding: [],
      outbox: [],
      reader: newFrameReader(),
      server: null,
      done: false,
      requestsSent: 0,
      responsesVerified: 0,
    });
  }
  return {
    cfg: { ...cfg, server: { ...cfg.server } },
    conns,
    byKey: table({}),
    stopped: false,
    counters: {
      connectionsOpened: 0,
      connectionsEstablished: 0,
      connectionsFailed: 0,
      connectionsClosed: 0,
      requestsSent: 0,
      responsesReceived: 0,
      responsesVerified: 0,
      mismatches: 0,
      duplicates: 0,
      outOfOrder: 0,
      bytesSent: 0,
      bytesReceived: 0,
      bytesDuplicated: 0,
    },
  };
}

const timerName = (s: ClientState, what: string) => `${s.cfg.name}|${what}`;

/** Schedules the staggered connection starts and the stop. */
export function clientStart(s: ClientState, _tcp: TcpTable, now: Micros): AppOutput {
  const out = emptyOutput();
  const c = s.cfg;
  for (let i = 0; i < c.connections; i++) {
    setAppTimer(out, timerName(s, `open|${i}`), Math.max(now, c.startUs + i * c.staggerUs));
  }
  if (c.stopUs !== null) setAppTimer(out, timerName(s, 'stop'), Math.max(now, c.stopUs));
  return out;
}

export function clientOwnsTimer(s: ClientState, key: string): boolean {
  return key.startsWith(`${APP_TIMER}${s.cfg.name}|`);
}

export function clientOwns(s: ClientState, ev: TcpEvent): boolean {
  return Object.hasOwn(s.byKey, ev.conn);
}

export function clientTimer(s: ClientState, tcp: TcpTable, key: string, now: Micros): AppOutput {
  const out = emptyOutput();
  const [, what, arg] = key.slice(APP_TIMER.length).split('|');
  if (what === 'open') open(s, tcp, Number(arg), now, out);
  else if (what === 'stop') {
    s.stopped = true;
    for (let i = 0; i < s.conns.length; i++) finishIfDone(s, writableEntry(s.conns, i)!, tcp, now, out);
  } else if (what === 'req') {
    const c = writableEntry(s.conns, Number(arg));
    if (c && c.status === 'established' && !c.done) sendRequest(s, c, tcp, now, out);
  }
  return out;
}

function open(s: ClientState, tcp: TcpTable, index: number, now: Micros, out: AppOutput): void {
  const c = writableEntry(s.conns, index);
  if (c?.status !== 'waiting') return;
  const local = { addr: s.cfg.localAddr, port: s.cfg.firstPort + index };
  const iss = initialSeq(tcp.issSecret, local, s.cfg.server, now);
  const r = merge(out, tcpConnect(tcp, local, s.cfg.server, iss, now));
  s.counters.connectionsOpened++;
  if (r.conn) {
    c.key = r.conn;
    c.status = 'connecting';
    s.byKey[r.conn] = index;
  } else {
    c.status = 'failed';
    c.failure = 'connect-error';
    s.counters.connectionsFailed++;
  }
}

function sendRequest(s: ClientState, c: ClientConn, tcp: TcpTable, now: Micros, out: AppOutput): void {
  const id = c.nextId++;
  c.outbox.push(encodeRequest(id, requestPayload(c.index, id, s.cfg.requestSize)));
  c.outstanding.push(id);
  c.requestsSent++;
  s.counters.requestsSent++;
  if (s.cfg.requests > 0 && c.nextId > s.cfg.requests) c.done = true;
  flush(s, c, tcp, now, out);
  if (!c.done && s.cfg.intervalUs > 0)
    setAppTimer(out, timerName(s, `req|${c.index}`), now + s.cfg.intervalUs);
}

function flush(s: ClientState, c: ClientConn, tcp: TcpTable, now: Micros, out: AppOutput): void {
  s.counters.bytesSent += writeQueued(out, c.outbox, tcp, c.key, now);
}

/** Closes once nothing more will be sent and everything sent is answered. */
function finishIfDone(s: ClientState, c: ClientConn, tcp: TcpTable, now: Micros, out: AppOutput): void {
  if (s.stopped && c.status === 'established') c.done = true;
  if (c.status !== 'established' || !c.done || c.outstanding.length > 0 || c.outbox.length > 0) return;
  c.status = 'closing';
  merge(out, tcpClose(tcp, c.key, now));
}

export function clientOnEvent(s: ClientState, tcp: TcpTable, ev: TcpEvent, now: Micros): AppOutput {
  const out = emptyOutput();
  const i = Object.hasOwn(s.byKey, ev.conn) ? s.byKey[ev.conn]! : -1;
  const c = writableEntry(s.conns, i);
  if (!c) return out;
  switch (ev.type) {
    case 'connected':
      c.status = 'established';
      s.counters.connectionsEstablished++;
      if (s.stopped) c.done = true;
      if (!c.done) sendRequest(s, c, tcp, now, out);
      finishIfDone(s, c, tcp, now, out);
      break;
    case 'data':
      onData(s, c, tcp, ev.bytes, now, out);
      break;
    case 'send-space':
      flush(s, c, tcp, now, out);
      finishIfDone(s, c, tcp, now, out);
      break;
    case 'peer-closed':
      // The server closed first: nothing more can be answered.
      if (c.status === 'established') {
        c.done = true;
        c.status = 'closing';
        merge(out, tcpClose(tcp, c.key, now));
      }
      break;
    case 'closed':
      c.status = 'closed';
      s.counters.connectionsClosed++;
      break;
    case 'reset':
    case 'aborted':
      c.status = 'failed';
      c.failure = ev.type === 'reset' && ev.state === 'SYN_SENT' ? 'refused' : ev.type;
      s.counters.connectionsFailed++;
      break;
  }
  return out;
}

function onData(
  s: ClientState,
  c: ClientConn,
  tcp: TcpTable,
  bytes: Uint8Array,
  now: Micros,
  out: AppOutput,
) {
  s.counters.bytesReceived += bytes.length;
  const k = s.counters;
  for (const f of readFrames(c.reader, bytes)) {
    k.responsesReceived++;
    const r = decodeResponse(f);
    const pos = r ? c.outstanding.indexOf(r.id) : -1;
    if (!r || pos < 0) {
      if (r && r.id >= 1 && r.id < c.nextId) {
        k.duplicates++;
        k.bytesDuplicated += f.length + 4;
      } else k.mismatches++;
      continue;
    }
    if (pos > 0) k.outOfOrder++;
    c.outstanding.splice(pos, 1);
    const expected = transform(requestPayload(c.index, r.id, s.cfg.requestSize), r.id);
    const sameServer = c.server === null || c.server === r.server;
    c.server ??= r.server;
    if (sameServer && equalBytes(r.body, expected)) {
      k.responsesVerified++;
      c.responsesVerified++;
    } else k.mismatches++;
  }
  if (c.reader.error) k.mismatches++;
  if (s.cfg.intervalUs === 0 && c.outstanding.length === 0 && !c.done && c.status === 'established') {
    sendRequest(s, c, tcp, now, out);
  }
  finishIfDone(s, c, tcp, now, out);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The client's numbers, with what is derived from its connections. */
export function clientMetrics(s: ClientState): ClientMetrics {
  const servers: Record<string, number> = {};
  let alive = 0;
  let lost = 0;
  for (const c of s.conns) {
    if (c.status === 'established' || c.status === 'closing') alive++;
    if (c.server !== null) servers[c.server] = (servers[c.server] ?? 0) + 1;
    lost += c.outstanding.length * (s.cfg.requestSize + FRAME_OVERHEAD);
  }
  return { ...s.counters, connectionsAlive: alive, bytesUnanswered: lost, servers };
}
