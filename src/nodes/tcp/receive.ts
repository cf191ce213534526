import { seqAdd, seqSub } from './seq';
import type { TcpConn } from './types';

// The receive queue (RFC 9293 §3.10.7.4, "seventh, process the segment text"): data arriving
// ahead of rcv.nxt waits in non-overlapping pieces; whatever fills the gap at rcv.nxt is delivered
// in order, and bytes already held or delivered are never delivered twice.

/**
 * Stores the bytes of `data` (starting at `seq`, at or after rcv.nxt, within the window) that are
 * not already held. Returns how many bytes were new.
 */
export function rcvInsert(conn: TcpConn, seq: number, data: Uint8Array): number {
  const start = seqSub(seq, conn.rcvNxt);
  const end = start + data.length;
  const fresh: { from: number; to: number }[] = [];
  let cur = start;
  for (const p of conn.ooo) {
    const a = seqSub(p.seq, conn.rcvNxt);
    const b = a + p.data.length;
    if (b <= cur) continue;
    if (a >= end) break;
    if (a > cur) fresh.push({ from: cur, to: a });
    cur = Math.max(cur, b);
  }
  if (cur < end) fresh.push({ from: cur, to: end });
  let added = 0;
  for (const f of fresh) {
    conn.ooo.push({ seq: seqAdd(conn.rcvNxt, f.from), data: data.slice(f.from - start, f.to - start) });
    added += f.to - f.from;
  }
  if (fresh.length > 0) conn.ooo.sort((x, y) => seqSub(x.seq, y.seq));
  return added;
}

/** Takes the in-order bytes at rcv.nxt out of the queue and advances rcv.nxt past them. */
export function rcvDeliver(conn: TcpConn): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (conn.ooo.length > 0 && conn.ooo[0]!.seq === conn.rcvNxt) {
    const p = conn.ooo.shift()!;
    parts.push(p.data);
    total += p.data.length;
    conn.rcvNxt = seqAdd(conn.rcvNxt, p.data.length);
  }
  if (total === 0) return null;
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes held out of order. */
export function rcvQueued(conn: TcpConn): number {
  return conn.ooo.reduce((n, p) => n + p.data.length, 0);
}
