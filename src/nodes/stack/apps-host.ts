import { formatIpv4 } from '../../wire/bytes';
import { appsStart } from '../apps/host';
import { srvstat } from './control';
import { type Ev, trace } from './event';
import { dvKey } from './state';
import { applyTcp } from './tcp-glue';

// The stack's applications (Fig. 9: APP A, APP B): request/response servers bound to a DVIPA. When
// one is listening on a DVIPA this stack is a target of, the routing stack hears of it (SRVSTAT).

export function startApps(ev: Ev): void {
  const s = ev.s;
  applyTcp(ev, appsStart(s.apps, s.tcp, ev.now));
  for (const srv of s.apps.servers) {
    if (!srv.listening) continue;
    trace(ev, `${srv.cfg.name} bound and listening on ${formatIpv4(srv.cfg.addr)}:${srv.cfg.port}`);
    const dv = s.dvipas[dvKey(srv.cfg.addr)];
    if (dv) srvstat(ev, dv, srv.cfg.port, true, srv.cfg.name);
  }
}

/** The servers listening on DVIPA:port (for SRVSTAT when a VIPA list names this stack). */
export function listeningServers(ev: Ev, dvipa: number): { port: number; name: string }[] {
  return ev.s.apps.servers
    .filter((x) => x.listening && x.cfg.addr === dvipa)
    .map((x) => ({ port: x.cfg.port, name: x.cfg.name }));
}
