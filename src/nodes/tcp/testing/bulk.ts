import { tcpListen } from '../table';
import type { Micros } from '../types';
import { tcpClose, tcpConnect, tcpSend } from '../user';
import type { Host, Net } from './channel';

// A bulk transfer over a Net for tests: the client connects, writes all of `up` (following
// send-space), closes; the server writes all of `down` once connected and closes once the
// client's FIN has arrived. Both sides record what they received and how it ended.

export interface Side {
  received: Uint8Array[];
  end: string | null;
  connected: boolean;
}

export interface Transfer {
  client: Side;
  server: Side;
  conn: string | null;
}

export interface TransferOptions {
  port?: number;
  clientPort?: number;
  iss?: number;
  startAt?: Micros;
  down?: Uint8Array;
}

/** Writes `data` from `offset` on; returns the new offset. Closes once all of it is queued. */
function pump(net: Net, h: Host, key: string, data: Uint8Array, offset: number): number {
  if (offset < data.length) {
    const r = net.apply(h, tcpSend(h.table, key, data.subarray(offset), net.now));
    offset += r.accepted ?? 0;
  }
  if (offset >= data.length) net.apply(h, tcpClose(h.table, key, net.now));
  return offset;
}

export function bulkTransfer(
  net: Net,
  client: Host,
  server: Host,
  up: Uint8Array,
  opts: TransferOptions = {},
): Transfer {
  const port = opts.port ?? 60;
  const down = opts.down ?? new Uint8Array(0);
  const t: Transfer = {
    client: { received: [], end: null, connected: false },
    server: { received: [], end: null, connected: false },
    conn: null,
  };
  tcpListen(server.table, server.addr, port);
  let upAt = 0;
  let downAt = 0;
  let serverKey = '';
  const terminal = (side: Side, type: string) => {
    if (side.end !== null) throw new Error(`second terminal event ${type} after ${side.end}`);
    side.end = type;
  };
  client.onEvent = (ev) => {
    if (ev.type === 'connected') {
      t.client.connected = true;
      upAt = pump(net, client, ev.conn, up, upAt);
    } else if (ev.type === 'send-space') upAt = pump(net, client, ev.conn, up, upAt);
    else if (ev.type === 'data') t.client.received.push(ev.bytes);
    else if (ev.type === 'closed' || ev.type === 'reset' || ev.type === 'aborted')
      terminal(t.client, ev.type);
  };
  let peerDone = false;
  server.onEvent = (ev) => {
    if (ev.type === 'connected') {
      t.server.connected = true;
      serverKey = ev.conn;
      if (down.length > 0) downAt = writeDown();
    } else if (ev.type === 'send-space') downAt = writeDown();
    else if (ev.type === 'data') t.server.received.push(ev.bytes);
    else if (ev.type === 'peer-closed') {
      peerDone = true;
      if (downAt >= down.length) net.apply(server, tcpClose(server.table, serverKey, net.now));
    } else if (ev.type === 'closed' || ev.type === 'reset' || ev.type === 'aborted')
      terminal(t.server, ev.type);
  };
  const writeDown = (): number => {
    const r = net.apply(server, tcpSend(server.table, serverKey, down.subarray(downAt), net.now));
    const at = downAt + (r.accepted ?? 0);
    if (at >= down.length && peerDone) net.apply(server, tcpClose(server.table, serverKey, net.now));
    return at;
  };
  net.at(opts.startAt ?? 0, () => {
    const r = net.apply(
      client,
      tcpConnect(
        client.table,
        { addr: client.addr, port: opts.clientPort ?? 49152 },
        { addr: server.addr, port },
        opts.iss ?? 1000,
        net.now,
      ),
    );
    t.conn = r.conn ?? null;
  });
  return t;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Deterministic test bytes. */
export function pattern(n: number, salt = 0): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + salt * 7 + (i >>> 8)) & 255;
  return b;
}

/** Index of the first difference between two byte arrays (or of the shorter's end), -1 if equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
