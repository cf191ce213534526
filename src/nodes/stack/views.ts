import { FIRST_PAGES, type Page, pageOf, type ViewOptions } from '../../sim/view-page';
import { formatIpv4 } from '../../wire/bytes';
import { ipsecView } from '../ipsec-host/view';
import { tcpView } from '../tcp/view';
import type { Crt } from './crt';
import { dvKey, type StackState } from './state';

// Operator views of a stack, NETSTAT-like (z/OS NETSTAT VIPADCFG, VIPADYN, VDPT, VCRT), for the UI
// panels and the CLI. Plain rows of strings and numbers.

const ip = formatIpv4;

export interface VipadcfgRow {
  kind: 'VIPA DEFINE' | 'VIPA BACKUP' | 'VIPA DISTRIBUTE';
  ipAddr: string;
  mask: string;
  rank: number | null;
  port: string;
  destXcf: string;
  distMethod: string;
}

export function vipadcfg(s: StackState): VipadcfgRow[] {
  const rows: VipadcfgRow[] = [];
  for (const d of s.cfg.defines)
    rows.push({
      kind: 'VIPA DEFINE',
      ipAddr: ip(d.addr),
      mask: ip(d.mask),
      rank: null,
      port: '',
      destXcf: '',
      distMethod: '',
    });
  for (const b of s.cfg.backups)
    rows.push({
      kind: 'VIPA BACKUP',
      ipAddr: ip(b.addr),
      mask: ip(b.mask),
      rank: b.rank,
      port: '',
      destXcf: '',
      distMethod: '',
    });
  for (const d of s.cfg.distributes)
    for (const port of d.ports.length ? d.ports : [0])
      for (const dest of d.destAll ? [{ xcf: -1 }] : d.dests)
        rows.push({
          kind: 'VIPA DISTRIBUTE',
          ipAddr: ip(d.addr),
          mask: '',
          rank: null,
          port: port ? String(port) : 'ALL',
          destXcf: dest.xcf === -1 ? 'ALL' : ip(dest.xcf),
          distMethod: d.method,
        });
  return rows;
}

export interface VipadynRow {
  ipAddr: string;
  status: 'ACTIVE' | 'BACKUP' | 'MOVING' | 'QUIESCING';
  origination: string;
  distStat: '' | 'DIST' | 'DEST' | 'DIST/DEST';
  owner: string;
  activeSince: number;
}

export function vipadyn(s: StackState): VipadynRow[] {
  return Object.values(s.dvipas)
    .filter((dv) => dv.active || dv.target || dv.backupRank > 0)
    .sort((a, b) => a.dvipa - b.dvipa)
    .map((dv) => {
      const dist = dv.active && (dv.entry?.ports.length ?? 0) >= 0;
      const distStat = dist && dv.target ? 'DIST/DEST' : dist ? 'DIST' : dv.target ? 'DEST' : '';
      return {
        ipAddr: ip(dv.dvipa),
        // A target holds the DVIPA active (non-routable); a backup that is no target only waits.
        // MOVING while a takeback is under way (the DVIPA moves between stacks); a target holds it
        // active (non-routable); a backup that is no target only waits.
        status:
          dv.active && s.recovery[dvKey(dv.dvipa)]?.kind === 'takeback'
            ? 'MOVING'
            : dv.active || dv.target
              ? 'ACTIVE'
              : 'BACKUP',
        origination: dv.origin === 'learned' ? '' : dv.origin,
        distStat,
        owner:
          dv.owner === s.xcf
            ? s.name
            : (s.members[String(dv.owner >>> 0)]?.name ?? (dv.owner ? ip(dv.owner) : '')),
        activeSince: dv.since,
      };
    });
}

export interface VdptRow {
  dest: string;
  destXcf: string;
  totalConn: number;
  activeConn: number;
  rdy: number;
  weight: number;
  flg: string;
  method: string;
}

export function vdpt(s: StackState): VdptRow[] {
  return Object.values(s.dpt)
    .sort((a, b) => a.dvipa - b.dvipa || a.port - b.port)
    .flatMap((row) =>
      row.targets.map((t) => ({
        dest: `${ip(row.dvipa)}..${row.port}`,
        destXcf: ip(t.xcf),
        totalConn: t.totalConns,
        activeConn: t.activeConns,
        rdy: t.ready ? 1 : 0,
        weight: t.weight,
        flg:
          row.method === 'HOTSTANDBY' ? (t.standbyRank === 0 ? 'PREFERRED' : `BACKUP ${t.standbyRank}`) : '',
        method: row.method,
      })),
    );
}

export interface VcrtRow {
  dest: string;
  source: string;
  destXcf: string;
  ipsec: boolean;
  local: boolean;
}

/** One page of the CRT (page name 'vcrt'), in the order its entries were made. */
export function vcrt(crt: Crt, opts: ViewOptions = FIRST_PAGES): Page<VcrtRow> {
  return pageOf(Object.values(crt), 'vcrt', opts, (e) => {
    return {
      dest: `${ip(e.dvipa)}..${e.dstPort}`,
      source: `${ip(e.srcAddr)}..${e.srcPort}`,
      destXcf: ip(e.target),
      ipsec: e.ipsec,
      local: e.local,
    };
  });
}

/** What the UI and the CLI see of a stack; the big tables (VCRT, TCP) a page at a time. */
/** The view, or only its `ipsec` part (ViewOptions.only). */
export function stackViewOrPart(s: StackState, opts: ViewOptions = FIRST_PAGES) {
  return opts.only === 'ipsec' ? { ipsec: ipsecView(s.ike, s.esp, s.espIn, s.espOut) } : stackView(s, opts);
}

export function stackView(s: StackState, opts: ViewOptions = FIRST_PAGES) {
  return {
    name: s.name,
    xcf: ip(s.xcf),
    ext: s.ext ? ip(s.ext) : null,
    members: s.members,
    vipadcfg: vipadcfg(s),
    vipadyn: vipadyn(s),
    vdpt: vdpt(s),
    vcrt: vcrt(s.crt, opts),
    tcp: tcpView(s.tcp, opts),
    apps: s.apps.servers.map((a) => ({
      name: a.cfg.name,
      addr: ip(a.cfg.addr),
      port: a.cfg.port,
      listening: a.listening,
      ...a.metrics,
    })),
    ipsec: ipsecView(s.ike, s.esp, s.espIn, s.espOut),
    drops: { ...s.drops },
    forwarded: s.forwarded,
    diagnostics: s.diagnostics,
    profile: s.profileText,
  };
}
export type StackView = ReturnType<typeof stackView>;
