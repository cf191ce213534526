import type { Micros, TcpConn, TcpResult, TcpTimerKind } from './types';

// Timer bookkeeping. The owner runs the clock: the engine asks for a timer by key and absolute
// time, and remembers the deadline in the TCB so a timer it no longer wants is ignored if it fires.

const KINDS: readonly TcpTimerKind[] = ['rto', 'persist', 'timewait'];

/** "rto@203.0.113.11:60>198.51.100.7:49152" */
export function timerKey(kind: TcpTimerKind, conn: string): string {
  return `${kind}@${conn}`;
}

export function parseTimerKey(key: string): { kind: TcpTimerKind; conn: string } | null {
  const at = key.indexOf('@');
  if (at < 0) return null;
  const kind = key.slice(0, at);
  if (!(KINDS as readonly string[]).includes(kind)) return null;
  return { kind: kind as TcpTimerKind, conn: key.slice(at + 1) };
}

export function setTimer(conn: TcpConn, kind: TcpTimerKind, at: Micros, res: TcpResult): void {
  conn.timers[kind] = at;
  res.timers.push({ op: 'set', key: timerKey(kind, conn.key), at });
}

export function cancelTimer(conn: TcpConn, kind: TcpTimerKind, res: TcpResult): void {
  if (conn.timers[kind] === null) return;
  conn.timers[kind] = null;
  res.timers.push({ op: 'cancel', key: timerKey(kind, conn.key) });
}

export function cancelAllTimers(conn: TcpConn, res: TcpResult): void {
  for (const k of KINDS) cancelTimer(conn, k, res);
}

/** RFC 6298 §5.1: arm the retransmission timer if it is not running. */
export function armRto(conn: TcpConn, now: Micros, res: TcpResult): void {
  if (conn.timers.rto === null) setTimer(conn, 'rto', now + conn.rto, res);
}

/** RFC 6298 §5.3: restart it (new data was acknowledged). */
export function restartRto(conn: TcpConn, now: Micros, res: TcpResult): void {
  setTimer(conn, 'rto', now + conn.rto, res);
}
