import type { Micros, TcpResult, TcpTable } from '../tcp/types';
import { tcpSend, tcpSendSpace } from '../tcp/user';

// What an application step returns: the merged results of the TCP calls it made (segments to
// send, TCP timers, and the events those calls raised, which the host hands back to the
// applications) plus its own timers, whose keys start with APP_TIMER.

export const APP_TIMER = 'app/';

export type AppOutput = TcpResult;

export function emptyOutput(): AppOutput {
  return { segments: [], timers: [], events: [] };
}

/** Appends a TCP call's result to out; returns the call's result for its accepted/conn/error. */
export function merge(out: AppOutput, r: TcpResult): TcpResult {
  out.segments.push(...r.segments);
  out.timers.push(...r.timers);
  out.events.push(...r.events);
  return r;
}

export function setAppTimer(out: AppOutput, key: string, at: Micros): void {
  out.timers.push({ op: 'set', key: `${APP_TIMER}${key}`, at });
}

export function isAppTimer(key: string): boolean {
  return key.startsWith(APP_TIMER);
}

/**
 * Writes queued chunks to the connection as far as its send buffer has room; returns the bytes
 * taken. The queue is a list, not one growing array, so a long queue costs no copying; what fits
 * goes in one write, so queued frames leave as full segments rather than one each.
 */
export function writeQueued(
  out: AppOutput,
  queue: Uint8Array[],
  tcp: TcpTable,
  key: string,
  now: Micros,
): number {
  const space = tcpSendSpace(tcp, key);
  let k = 0;
  let size = 0;
  while (k < queue.length && size < space) size += queue[k++]!.length;
  if (k === 0) return 0;
  const batch = k === 1 ? queue[0]! : new Uint8Array(size);
  if (k > 1) {
    let at = 0;
    for (let i = 0; i < k; i++) {
      batch.set(queue[i]!, at);
      at += queue[i]!.length;
    }
  }
  const n = merge(out, tcpSend(tcp, key, batch, now)).accepted ?? 0;
  if (n < size) queue.splice(0, k, batch.slice(n));
  else queue.splice(0, k);
  return n;
}
