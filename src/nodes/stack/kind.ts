import { defineActorKind } from '../../sim/registry';
import type { Output } from '../../sim/types';
import { decodeXcf } from '../../wire/xcf';
import { appsTimer } from '../apps/host';
import { decodeCfFrame } from '../cf/codec';
import { IKE_TIMER_PREFIX } from '../ipsec-host/ike-glue';
import { TCP_TIMER_PREFIX } from '../net/tcp-timers';
import { summarizePacket } from '../packet-summary';
import { startApps } from './apps-host';
import { CF_PORT, type StackActorConfig } from './config';
import { onCf, onStatusTimer, onXcf, startStack, stopStack } from './control';
import { onIpFrame } from './datapath';
import { dropped, type Ev } from './event';
import { onIkeTimer } from './ipsec';
import { initStackState, type StackState } from './state';
import { applyTcp } from './tcp-glue';
import { stackViewOrPart } from './views';

// A z/OS TCP/IP stack of the sysplex as an actor (DESIGN.md §4): its DVIPA control plane, its
// IP/TCP datapath and its applications, all in plain-data state.

export const stackKind = defineActorKind<StackState, StackActorConfig>({
  kind: 'stack',
  init(config, ctx) {
    return initStackState(config, ctx.random.int(0x100000000));
  },
  handle(s, input, ctx) {
    const ev: Ev = { s, now: ctx.now, random: ctx.random, out: [] as Output[] };
    switch (input.type) {
      case 'control':
        if (input.action === 'start' || input.action === 'restart') {
          startStack(ev);
          startApps(ev);
        } else if (input.action === 'stop') stopStack(ev);
        // 'kill' is a crash: nothing more is said, the state is lost.
        return ev.out;
      case 'timer':
        if (input.key === 'xcf-status') onStatusTimer(ev);
        else if (input.key.startsWith(IKE_TIMER_PREFIX))
          onIkeTimer(ev, input.key.slice(IKE_TIMER_PREFIX.length));
        else if (input.key.startsWith(TCP_TIMER_PREFIX))
          applyTcp(ev, appsTimer(s.apps, s.tcp, input.key.slice(TCP_TIMER_PREFIX.length), ctx.now));
        return ev.out;
      case 'frame': {
        const f = input.frame;
        if (f[0] === 0x58 && f[1] === 0x43) {
          // XCF signalling, relayed by the CF (or, from an older path, straight from a peer).
          const r = decodeXcf(f);
          if (r.ok) onXcf(ev, r.value, input.port);
          else {
            dropped(ev, 'bad-xcf', r.error.message);
          }
        } else if (input.port === CF_PORT) {
          const r = decodeCfFrame(f);
          if (r.ok) onCf(ev, r.value);
          else {
            dropped(ev, 'bad-cf-frame', r.error.message);
          }
        } else onIpFrame(ev, input.port, f);
        return ev.out;
      }
    }
  },
  view: stackViewOrPart,
  describeFrame(frame, port) {
    if (port === CF_PORT && !(frame[0] === 0x58 && frame[1] === 0x43)) {
      const r = decodeCfFrame(frame);
      return r.ok
        ? r.value.t === 'reply'
          ? `CF reply ${r.value.reply.op}`
          : `CF ${r.value.t}`
        : 'CF frame (bad)';
    }
    return summarizePacket(frame);
  },
});
