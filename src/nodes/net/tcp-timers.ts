import type { Output } from '../../sim/types';
import type { TcpResult } from '../tcp/types';

/** Kernel timer keys of the TCP engine and the apps on it. */
export const TCP_TIMER_PREFIX = 'tcp:';

/** The engine's timer operations (absolute times) as kernel timers (delays from now). */
export function pushTcpTimers(out: Output[], res: TcpResult, now: number): void {
  for (const t of res.timers) {
    if (t.op === 'set')
      out.push({ type: 'set-timer', key: TCP_TIMER_PREFIX + t.key, delayUs: Math.max(0, t.at - now) });
    else out.push({ type: 'cancel-timer', key: TCP_TIMER_PREFIX + t.key });
  }
}
