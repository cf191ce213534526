import { table, writableEntry } from '../../sim/tables';
import { tcpConfig } from './config';
import type { TcpConfig, TcpConn, TcpEndpoint, TcpListener, TcpResult, TcpTable } from './types';

// The table of connections (by 4-tuple) and listeners (by local address and port) of one stack.

/** Dotted-quad form of a uint32 IPv4 address. */
export function ipv4String(addr: number): string {
  const a = addr >>> 0;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function endpointString(e: TcpEndpoint): string {
  return `${ipv4String(e.addr)}:${e.port}`;
}

/** The key of a connection: "local>remote", e.g. "203.0.113.11:60>198.51.100.7:49152". */
export function connKey(local: TcpEndpoint, remote: TcpEndpoint): string {
  return `${endpointString(local)}>${endpointString(remote)}`;
}

export function listenerKey(addr: number, port: number): string {
  return `${ipv4String(addr)}:${port}`;
}

export function createTcpTable(cfg: Partial<TcpConfig> = {}, issSecret = 0): TcpTable {
  return { cfg: tcpConfig(cfg), conns: table({}), listeners: {}, issSecret: issSecret >>> 0 };
}

export function emptyResult(): TcpResult {
  return { segments: [], timers: [], events: [] };
}

/** The connection with this key, if any, to write in this event (src/sim/tables.ts). */
export function tcpConn(t: TcpTable, key: string): TcpConn | undefined {
  return writableEntry(t.conns, key);
}

/** LISTEN on addr:port (0 = every local address). RFC 9293 §3.10.1 passive OPEN. */
export function tcpListen(table: TcpTable, addr: number, port: number): TcpResult {
  const res = emptyResult();
  const key = listenerKey(addr, port);
  if (Object.hasOwn(table.listeners, key)) res.error = 'address-in-use';
  else table.listeners[key] = { addr: addr >>> 0, port };
  return res;
}

/** Stops listening; connections already made from the listener carry on. */
export function tcpUnlisten(table: TcpTable, addr: number, port: number): TcpResult {
  const res = emptyResult();
  const key = listenerKey(addr, port);
  if (Object.hasOwn(table.listeners, key)) delete table.listeners[key];
  else res.error = 'not-listening';
  return res;
}

/** The listener for a segment to addr:port: an exact one first, then one on any address. */
export function findListener(table: TcpTable, addr: number, port: number): TcpListener | undefined {
  const l = table.listeners;
  const exact = listenerKey(addr, port);
  if (Object.hasOwn(l, exact)) return l[exact];
  const any = listenerKey(0, port);
  return Object.hasOwn(l, any) ? l[any] : undefined;
}

/** The lowest port from `from` on that makes no existing connection to remote (an ephemeral port). */
export function tcpFreePort(
  table: TcpTable,
  local: number,
  remote: TcpEndpoint,
  from = 49152,
): number | null {
  for (let port = from; port <= 65535; port++) {
    if (!Object.hasOwn(table.conns, connKey({ addr: local, port }, remote))) return port;
  }
  return null;
}
