// How long a replay has left, in words, from how fast it has gone so far: opening a shared run
// replays it to its event, and an event far out (the format allows up to 10⁹) can take hours, which
// the user should see before deciding to wait or to stop.

/** Wall time below which no estimate is given (the first chunks include the Workers' start). */
const SETTLE_MS = 500;

/** "about 14 h left", or null while too early to tell or when done. */
export function replayEta(done: number, target: number, elapsedMs: number): string | null {
  if (done <= 0 || done >= target || elapsedMs < SETTLE_MS) return null;
  const leftS = ((target - done) * elapsedMs) / done / 1000;
  return `about ${duration(leftS)} left`;
}

function duration(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s))} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}
