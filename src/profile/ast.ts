import type { At, MaskValue } from './cursor';
import type { Token } from './tokens';
import type { DistMethod, HotStandbyRole, Ipv4, Moveable } from './types';

// What the statement parsers produce: each statement's syntax, with the tokens its values came
// from so the semantic checks (./builder) can point at them. Internal to src/profile.

interface Base {
  /** The statement keyword token. */
  keywordTok: Token;
  /** The statement's text for diagnostics. */
  label: string;
}

export interface IpconfigStmt extends Base {
  kind: 'IPCONFIG';
  dynamicXcf?: { addr: Ipv4; mask: MaskValue; costMetric: number; tok: Token };
  noDynamicXcf?: Token;
  ipSecurity: boolean;
  sysplexRouting?: boolean;
}

export interface IpsecStmt extends Base {
  kind: 'IPSEC';
  dvipsec: boolean;
}

export interface IpsecRuleStmt extends Base {
  kind: 'IPSECRULE';
  text: string;
}

export interface VipaDefineStmt extends Base {
  kind: 'VIPADEFINE';
  moveable: Moveable;
  serviceMgr: boolean;
  mask: MaskValue;
  addrs: At<Ipv4>[];
}

export interface VipaBackupStmt extends Base {
  kind: 'VIPABACKUP';
  rank: number;
  moveable?: Moveable;
  mask?: MaskValue;
  serviceMgr: boolean;
  addrs: At<Ipv4>[];
}

export interface VipaDeleteStmt extends Base {
  kind: 'VIPADELETE';
  addrs: At<Ipv4>[];
}

export interface VipaRangeStmt extends Base {
  kind: 'VIPARANGE';
  action: 'DEFINE' | 'DELETE';
  moveable: 'NONDISRUPTIVE' | 'DISRUPTIVE';
  mask: MaskValue;
  addr: At<Ipv4>;
  safResource?: string;
}

export interface DestIpStmt {
  xcf: Ipv4;
  tok: Token;
  weight?: number;
  hotStandby?: HotStandbyRole;
}

export interface VipaDistributeStmt extends Base {
  kind: 'VIPADISTRIBUTE';
  action: 'DEFINE' | 'DELETE';
  distMethod: DistMethod;
  autoSwitchBack: boolean;
  healthSwitch: boolean;
  sysplexPorts: boolean;
  timedAffinity: number;
  optLocal?: number;
  addr: At<Ipv4>;
  /** ascending, ranges expanded; empty when PORT is omitted */
  ports: number[];
  /** the DESTIP keyword, or ALL when DESTIP ALL */
  destTok: Token;
  destAll: boolean;
  dests: DestIpStmt[];
}

export type Statement =
  | IpconfigStmt
  | IpsecStmt
  | IpsecRuleStmt
  | VipaDefineStmt
  | VipaBackupStmt
  | VipaDeleteStmt
  | VipaRangeStmt
  | VipaDistributeStmt;
