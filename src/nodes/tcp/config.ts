import type { TcpConfig } from './types';

// Engine settings. Times are virtual microseconds; the RTO bounds are RFC 6298's shape with
// emulator-sized numbers (the RFC's 1 s minimum would make every failover demo crawl).

export const DEFAULT_TCP_CONFIG: TcpConfig = {
  mss: 1460,
  mssReduction: 0,
  rcvBuffer: 65535,
  sndBuffer: 65536,
  initialRtoUs: 200_000,
  minRtoUs: 50_000,
  maxRtoUs: 5_000_000,
  clockGranularityUs: 1_000,
  maxRetransmits: 8,
  timeWaitUs: 500_000,
  dupAckThreshold: 3,
  autoRead: true,
};

/** RFC 9293 §3.7.1: without an MSS option the peer is assumed to take 536 bytes. */
export const DEFAULT_PEER_MSS = 536;

/** The largest receive window without window scaling (RFC 7323). */
export const MAX_WINDOW = 65535;

/** A full config from a partial one, with the numbers brought into range. */
export function tcpConfig(partial: Partial<TcpConfig> = {}): TcpConfig {
  const c = { ...DEFAULT_TCP_CONFIG, ...partial };
  const int = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.floor(v)));
  c.mss = int(c.mss, 1, MAX_WINDOW);
  c.mssReduction = int(c.mssReduction, 0, c.mss - 1);
  c.rcvBuffer = int(c.rcvBuffer, 1, MAX_WINDOW);
  c.sndBuffer = int(c.sndBuffer, 1, 0x4000_0000);
  c.minRtoUs = int(c.minRtoUs, 1, Number.MAX_SAFE_INTEGER);
  c.maxRtoUs = int(c.maxRtoUs, c.minRtoUs, Number.MAX_SAFE_INTEGER);
  c.initialRtoUs = int(c.initialRtoUs, c.minRtoUs, c.maxRtoUs);
  c.clockGranularityUs = int(c.clockGranularityUs, 1, Number.MAX_SAFE_INTEGER);
  c.maxRetransmits = int(c.maxRetransmits, 0, 1000);
  c.timeWaitUs = int(c.timeWaitUs, 0, Number.MAX_SAFE_INTEGER);
  c.dupAckThreshold = int(c.dupAckThreshold, 0, 1000);
  return c;
}

/** The MSS this stack advertises: its own, less the encapsulation it expects to add. */
export function advertisedMss(cfg: TcpConfig): number {
  return Math.max(1, cfg.mss - cfg.mssReduction);
}
