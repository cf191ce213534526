import { tcpInput } from '../tcp/input';
import { tcpTimer } from '../tcp/timeout';
import type { Micros, TcpEvent, TcpResult, TcpSegment, TcpTable } from '../tcp/types';
import {
  type ClientState,
  clientOnEvent,
  clientOwns,
  clientOwnsTimer,
  clientStart,
  clientTimer,
} from './client';
import { type AppOutput, emptyOutput, isAppTimer, merge } from './output';
import { type ServerState, serverOnEvent, serverOwns, serverStart } from './server';

// Hosting the applications on one TCP table: what a stack actor (or a test) calls. Each entry
// point runs the TCP engine, hands every event to the application that owns the connection, runs
// the TCP calls the application makes, and repeats until no event is left. The result holds all
// segments to send, all timers (TCP and application), and every event in the order it happened.

export interface AppSet {
  servers: ServerState[];
  clients: ClientState[];
}

/** The application step for one event; an empty output when no application owns it. */
export function appsOnEvent(apps: AppSet, tcp: TcpTable, ev: TcpEvent, now: Micros): AppOutput {
  for (const s of apps.servers) if (serverOwns(s, ev)) return serverOnEvent(s, tcp, ev, now);
  for (const c of apps.clients) if (clientOwns(c, ev)) return clientOnEvent(c, tcp, ev, now);
  return emptyOutput();
}

/** Feeds the events of `first` (and of everything they cause) to the applications. */
export function appsRun(apps: AppSet, tcp: TcpTable, first: TcpResult, now: Micros): AppOutput {
  const out = emptyOutput();
  out.segments.push(...first.segments);
  out.timers.push(...first.timers);
  const queue = [...first.events];
  for (let i = 0; i < queue.length; i++) {
    const ev = queue[i]!;
    out.events.push(ev);
    const r = appsOnEvent(apps, tcp, ev, now);
    out.segments.push(...r.segments);
    out.timers.push(...r.timers);
    queue.push(...r.events);
  }
  return out;
}

/** Starts every server (bind + listen) and schedules every client. */
export function appsStart(apps: AppSet, tcp: TcpTable, now: Micros): AppOutput {
  const first = emptyOutput();
  for (const s of apps.servers) merge(first, serverStart(s, tcp, now));
  for (const c of apps.clients) merge(first, clientStart(c, tcp, now));
  return appsRun(apps, tcp, first, now);
}

export function appsInput(apps: AppSet, tcp: TcpTable, seg: TcpSegment, now: Micros): AppOutput {
  return appsRun(apps, tcp, tcpInput(tcp, seg, now), now);
}

/** A timer fired: an application's (key starting "app/") or the TCP engine's. */
export function appsTimer(apps: AppSet, tcp: TcpTable, key: string, now: Micros): AppOutput {
  if (!isAppTimer(key)) return appsRun(apps, tcp, tcpTimer(tcp, key, now), now);
  const c = apps.clients.find((x) => clientOwnsTimer(x, key));
  return appsRun(apps, tcp, c ? clientTimer(c, tcp, key, now) : emptyOutput(), now);
}
