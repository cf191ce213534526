import type { IkeResult } from '../../ipsec/ike/engine-types';
import type { Output } from '../../sim/types';
import { parseIpv4 } from '../../wire/bytes';
import { type IpIdCounter, udpFrame } from '../net/ip-frame';

// An IKE engine call's result as a node's outputs: datagrams become IPv4/UDP 500 frames, engine
// timers become kernel timers ('ike:' + id). Events are the caller's to interpret.

export const IKE_TIMER_PREFIX = 'ike:';

export function ikeOutputs(
  res: IkeResult,
  now: number,
  ids: IpIdCounter,
  send: (frame: Uint8Array, src: number, dst: number) => void,
  out: Output[],
): void {
  for (const d of res.out) {
    const src = parseIpv4(d.from.addr) ?? 0;
    const dst = parseIpv4(d.to.addr) ?? 0;
    send(udpFrame(ids, src, dst, d.from.port, d.to.port, d.bytes), src, dst);
  }
  for (const t of res.timers) {
    if (t.op === 'set')
      out.push({ type: 'set-timer', key: IKE_TIMER_PREFIX + t.id, delayUs: Math.max(0, t.at - now) });
    else out.push({ type: 'cancel-timer', key: IKE_TIMER_PREFIX + t.id });
  }
}
