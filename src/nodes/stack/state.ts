import type { IkeEngineState } from '../../ipsec/ike/engine-types';
import { parseProfile } from '../../profile/parse';
import type { Diagnostic } from '../../profile/types';
import { table } from '../../sim/tables';
import { parseIpv4 } from '../../wire/bytes';
import type { VipaListEntry } from '../../wire/xcf';
import type { AppSet } from '../apps/host';
import { serverInit } from '../apps/server';
import { type EspDb, emptyEspDb } from '../ipsec-host/esp-db';
import type { IpsecPolicyConfig } from '../ipsec-host/policy';
import { createTcpTable } from '../tcp/table';
import type { TcpTable } from '../tcp/types';
import type { StackActorConfig, StackAppConfig, StackPeerConfig } from './config';
import type { Crt } from './crt';
import type { Dpt } from './dpt';
import type { StackDvipaConfig } from './dvipa-config';
import { initIke } from './ipsec';
import { dvipaConfigFromProfile } from './profile-map';

// A stack's whole state: plain data (the kernel clones it for checkpoints; the UI reads views of it).

/** What this stack knows and does about one DVIPA. */
export interface DvipaState {
  dvipa: number;
  mask: number;
  /** How this stack came to know it: its own definitions, or a VIPA list from the owner. */
  origin: 'VIPADEFINE' | 'VIPABACKUP' | 'learned';
  /** This stack owns it: routing stack, advertises it, distributes its connections. */
  active: boolean;
  /** This stack defines it and has asked the CF for it; it owns it once the CF answers. */
  claiming: boolean;
  /** The current owner's XCF address (0: none known). */
  owner: number;
  /** The VIPA list entry in force (the owner's, or our own while we own it). */
  entry: VipaListEntry | null;
  /** This stack is a candidate target: the DVIPA is in its home list as non-routable. */
  target: boolean;
  /** Our VIPABACKUP rank (0: not a backup). */
  backupRank: number;
  /** Every backup of it the sysplex announced (own included). */
  backups: { xcf: number; rank: number }[];
  /** Virtual time of the last ownership change seen here. */
  since: number;
}

export interface StackPeer extends StackPeerConfig {
  xcfAddr: number;
}

export interface StackState {
  name: string;
  xcf: number;
  /** Address on the external network, 0 when the stack has none. */
  ext: number;
  router: number;
  statusIntervalUs: number;
  mssReduction: number;
  profileText: string;
  diagnostics: Diagnostic[];
  cfg: StackDvipaConfig;
  peers: StackPeer[];
  /** The XCF group as this stack sees it, by XCF address (decimal string). */
  members: Record<string, { name: string; alive: boolean }>;
  dvipas: Record<string, DvipaState>;
  dpt: Dpt;
  crt: Crt;
  tcp: TcpTable;
  /** The request/response servers (APP A, APP B) on this stack's TCP. */
  apps: AppSet;
  /** Sysplex-wide IPsec: the policy, IKE (on the stacks that reach the network), the ESP SAs. */
  ipsec: IpsecPolicyConfig | null;
  mode: 'default' | 'no-recovery' | 'not-distributed';
  ike: IkeEngineState | null;
  esp: EspDb;
  /** Plain packets waiting for an SA ("local>remote"), and negotiations under way. */
  espWaiting: Record<string, Uint8Array[]>;
  ikeNegotiating: Record<string, boolean>;
  /** Target side: connections that use IPsec (conn key → the routing stack's XCF address). */
  ipsecConns: Record<string, number>;
  /** DVIPAs whose SAs are being renegotiated after a move. */
  recovery: Record<string, Recovery>;
  espIn: number;
  espOut: number;
  ipId: number;
  cfRequestId: number;
  /** XCF status intervals so far (modulo the route refresh period). */
  statusTicks: number;
  forwarded: number;
  drops: Record<string, number>;
}

export interface Recovery {
  kind: 'takeover' | 'takeback';
  startedAt: number;
  read: boolean;
  /** Peers still to renegotiate with. */
  pending: number[];
  /** The records read from the CF, removed once the new ones are written. */
  oldPhase1: string[];
  oldPhase2: { id: string; inboundSpi: string }[];
  renegotiated: number;
}

export const dvKey = (dvipa: number) => String(dvipa >>> 0);

export function initStackState(c: StackActorConfig, issSecret: number): StackState {
  const xcf = parseIpv4(c.xcfAddr) ?? 0;
  const parsed = parseProfile(c.profile);
  const cfg = dvipaConfigFromProfile(parsed.profile, xcf);
  const tcp = createTcpTable({ ...c.tcp }, issSecret);
  const s: StackState = {
    name: c.name,
    xcf,
    ext: c.externalAddr ? (parseIpv4(c.externalAddr) ?? 0) : 0,
    router: parseIpv4(c.routerAddr) ?? 0,
    statusIntervalUs: c.statusIntervalUs,
    mssReduction: c.mssReduction,
    profileText: c.profile,
    diagnostics: parsed.diagnostics,
    cfg,
    peers: c.peers.map((p) => ({ ...p, xcfAddr: parseIpv4(p.xcf) ?? 0 })),
    members: {},
    dvipas: {},
    dpt: {},
    crt: table({}),
    tcp,
    apps: {
      servers: c.apps.map((a: StackAppConfig) =>
        serverInit({ name: `${a.name}@${c.name}`, addr: parseIpv4(a.bindAddr) ?? 0, port: a.port }),
      ),
      clients: [],
    },
    ipsec: c.ipsec ?? null,
    mode: c.mode ?? 'default',
    ike: null,
    esp: emptyEspDb(),
    espWaiting: {},
    ikeNegotiating: {},
    // One per IPsec connection: a table, so a snapshot copies the few that changed (tables.ts).
    ipsecConns: table({}),
    recovery: {},
    espIn: 0,
    espOut: 0,
    ipId: 0,
    cfRequestId: 0,
    statusTicks: 0,
    forwarded: 0,
    drops: {},
  };
  s.ike = initIke(s);
  return s;
}

export function countDrop(s: StackState, reason: string): void {
  s.drops[reason] = (s.drops[reason] ?? 0) + 1;
}

export function isMemberAlive(s: StackState, xcf: number): boolean {
  return xcf === s.xcf || s.members[String(xcf >>> 0)]?.alive === true;
}
