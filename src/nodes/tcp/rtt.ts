import type { TcpConfig, TcpConn } from './types';

// Retransmission timeout (RFC 6298). Integer microseconds throughout so the state stays exact.

function clampRto(v: number, cfg: TcpConfig): number {
  return Math.min(cfg.maxRtoUs, Math.max(cfg.minRtoUs, Math.round(v)));
}

/** RFC 6298 §2.2–2.3: fold one round-trip measurement r into SRTT/RTTVAR and recompute the RTO. */
export function rttSample(conn: TcpConn, r: number, cfg: TcpConfig): void {
  if (conn.srtt === null) {
    conn.srtt = r;
    conn.rttvar = Math.round(r / 2);
  } else {
    conn.rttvar = Math.round((3 * conn.rttvar + Math.abs(conn.srtt - r)) / 4);
    conn.srtt = Math.round((7 * conn.srtt + r) / 8);
  }
  conn.rto = clampRto(conn.srtt + Math.max(cfg.clockGranularityUs, 4 * conn.rttvar), cfg);
}

/** RFC 6298 §5.5: back the timer off after a timeout. */
export function rtoBackoff(conn: TcpConn, cfg: TcpConfig): void {
  conn.rto = clampRto(conn.rto * 2, cfg);
}
