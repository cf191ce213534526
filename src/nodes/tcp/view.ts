import { FIRST_PAGES, type Page, pageOf, type ViewOptions } from '../../sim/view-page';
import { rcvQueued } from './receive';
import { rcvWindow } from './segment';
import { seqSub } from './seq';
import { endpointString, ipv4String } from './table';
import { dataEnd } from './tcb';
import type { TcpState, TcpTable } from './types';

// A NETSTAT-like read-only view of a table for the UI and the CLI: plain rows, stable order, one
// page of them (src/sim/view-page.ts) with the count of connections in each state.

export interface TcpConnRow {
  key: string;
  state: TcpState;
  local: string;
  remote: string;
  open: 'active' | 'passive';
  sndUna: number;
  sndNxt: number;
  sndMax: number;
  rcvNxt: number;
  sndWnd: number;
  rcvWnd: number;
  /** Sent and not yet acknowledged (sequence space, so a SYN or FIN counts 1). */
  inFlight: number;
  /** Queued and not yet sent. */
  unsent: number;
  /** Held out of order. */
  outOfOrder: number;
  sndMss: number;
  rtoUs: number;
  srttUs: number | null;
  retransmits: number;
  timeouts: number;
  segsIn: number;
  segsOut: number;
  bytesIn: number;
  bytesOut: number;
}

export interface TcpView {
  listeners: string[];
  /** One page of the connections, in the order they were made (page name 'tcp'). */
  conns: Page<TcpConnRow>;
  /** Connections in each state, over the whole table. */
  states: Partial<Record<TcpState, number>>;
}

export function tcpView(table: TcpTable, opts: ViewOptions = FIRST_PAGES): TcpView {
  const listeners = Object.values(table.listeners)
    .map((l) => (l.addr === 0 ? `*:${l.port}` : `${ipv4String(l.addr)}:${l.port}`))
    .sort();
  const all = Object.values(table.conns);
  const states: Partial<Record<TcpState, number>> = {};
  for (const c of all) states[c.state] = (states[c.state] ?? 0) + 1;
  const conns = pageOf(all, 'tcp', opts, (c): TcpConnRow => {
    return {
      key: c.key,
      state: c.state,
      local: endpointString(c.local),
      remote: endpointString(c.remote),
      open: c.open,
      sndUna: c.sndUna,
      sndNxt: c.sndNxt,
      sndMax: c.sndMax,
      rcvNxt: c.rcvNxt,
      sndWnd: c.sndWnd,
      rcvWnd: c.state === 'SYN_SENT' ? 0 : rcvWindow(c, table.cfg),
      inFlight: seqSub(c.sndMax, c.sndUna),
      unsent: Math.max(0, seqSub(dataEnd(c), c.sndMax)),
      outOfOrder: rcvQueued(c),
      sndMss: c.sndMss,
      rtoUs: c.rto,
      srttUs: c.srtt,
      retransmits: c.stats.retransmits,
      timeouts: c.stats.timeouts,
      segsIn: c.stats.segsIn,
      segsOut: c.stats.segsOut,
      bytesIn: c.stats.bytesIn,
      bytesOut: c.stats.bytesOut,
    };
  });
  return { listeners, conns, states };
}
