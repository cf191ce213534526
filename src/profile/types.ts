// The typed result of parsing one stack's z/OS TCP/IP profile (DESIGN.md §3). Plain data, so a
// stack can keep it in its state and a test can compare it with toEqual.
//
// Addresses and masks are IPv4 as unsigned 32-bit integers (10.255.0.1 → 0x0aff0001), the same
// representation the wire and nodes layers use; `formatIpv4` in ./ipv4 turns them back into text.
//
// The lists hold the *effective* configuration after the profile was processed top to bottom, the
// way z/OS processes an initial profile: a VIPADELETE removes the earlier VIPADEFINE/VIPABACKUP
// (and the VIPADISTRIBUTEs of that address), a VIPADISTRIBUTE DELETE or VIPARANGE DELETE removes
// what it names, and statements rejected with an error are not in the lists at all.

/** IPv4 address or mask as an unsigned 32-bit integer, network byte order. */
export type Ipv4 = number;

/** Where a statement (or one of its values) was written: 1-based line and column. */
export interface SourceRef {
  line: number;
  column: number;
}

/** IPCONFIG DYNAMICXCF: this stack's XCF address, the one other stacks name in DESTIP. */
export interface DynamicXcf {
  addr: Ipv4;
  mask: Ipv4;
  prefixLength: number;
  costMetric: number;
  at: SourceRef;
}

/** The IPSEC … ENDIPSEC block. Its filter rules are kept as text only (the scenario supplies the
 * emulated policy). */
export interface IpsecConfig {
  /** An IPSEC block was present. */
  present: boolean;
  /** DVIPSEC: IPsec for DVIPAs is distributed and survives takeover/takeback (Sysplex-wide
   * IPsec). Effective value: false when IPCONFIG IPSECURITY is missing, because z/OS then ignores
   * the whole IPSEC block. */
  dvipsec: boolean;
  /** DVIPSEC as written, before the IPCONFIG IPSECURITY rule above. */
  dvipsecCoded: boolean;
  /** The IPSECRULE / IPSEC6RULE statements, as written (tokens joined by one blank). */
  rules: { text: string; at: SourceRef }[];
  at?: SourceRef;
}

export type Moveable = 'IMMEDIATE' | 'WHENIDLE';

/** One DVIPA of a VIPADEFINE (a statement naming several addresses gives several entries). */
export interface VipaDefine {
  addr: Ipv4;
  mask: Ipv4;
  prefixLength: number;
  /** MOVEABLE IMMEDIATE (the default) or MOVEABLE WHENIDLE. */
  moveable: Moveable;
  serviceMgr: boolean;
  at: SourceRef;
}

/** One DVIPA of a VIPABACKUP. */
export interface VipaBackup {
  addr: Ipv4;
  /** 1–254, higher takes over first; 1 when omitted (the z/OS default). */
  rank: number;
  /** Only in the `MOVEABLE … mask addr` form, which lets this stack create the DVIPA when no
   * owner is up; the plain `VIPABACKUP rank addr` form only takes over an active DVIPA. */
  moveable?: Moveable;
  mask?: Ipv4;
  prefixLength?: number;
  serviceMgr: boolean;
  at: SourceRef;
}

/** The distribution methods the emulator implements (the same names as the wire's DistMethod). */
export type DistMethod = 'BASEWLM' | 'ROUNDROBIN' | 'WEIGHTEDACTIVE' | 'HOTSTANDBY';

export type HotStandbyRole = { kind: 'preferred' } | { kind: 'backup'; rank: number };

/** One DESTIP entry: a candidate target stack by its dynamic XCF address. */
export interface DestIp {
  xcf: Ipv4;
  /** WEIGHTEDACTIVE only: the WEIGHT (10 when omitted). */
  weight?: number;
  /** HOTSTANDBY only: PREFERRED or BACKUP rank. */
  hotStandby?: HotStandbyRole;
  at: SourceRef;
}

/** A VIPADISTRIBUTE DEFINE still in effect at the end of the profile. */
export interface VipaDistribute {
  addr: Ipv4;
  /** The distributed ports, ascending, ranges expanded. Empty: PORT omitted, so every port a
   * server listens on is distributed (z/OS dynamic port assignment; the source's "all ports"). */
  ports: number[];
  /** BASEWLM when DISTMETHOD is omitted (the z/OS default). */
  distMethod: DistMethod;
  /** DESTIP ALL: every stack of the sysplex, present or future, is a candidate target. */
  destAll: boolean;
  /** The DESTIP list in the order written; empty when destAll. */
  dests: DestIp[];
  /** HOTSTANDBY options (defaults true); false for the other methods. */
  autoSwitchBack: boolean;
  healthSwitch: boolean;
  /** Recorded, not emulated. */
  sysplexPorts: boolean;
  timedAffinity: number;
  /** OPTLOCAL value, undefined for NOOPTLOCAL (the default). Recorded, not emulated. */
  optLocal?: number;
  at: SourceRef;
}

/** A VIPARANGE DEFINE still in effect. */
export interface VipaRange {
  addr: Ipv4;
  mask: Ipv4;
  prefixLength: number;
  moveable: 'NONDISRUPTIVE' | 'DISRUPTIVE';
  safResource?: string;
  at: SourceRef;
}

/** A VIPADELETE of one address (applied to the lists above; kept so the UI can show it). */
export interface VipaDelete {
  addr: Ipv4;
  at: SourceRef;
}

export interface StackProfile {
  dynamicXcf?: DynamicXcf;
  /** IPCONFIG IPSECURITY: the stack's IPv4 IP security (filters and IPsec) is on. */
  ipSecurity: boolean;
  /** IPCONFIG SYSPLEXROUTING. Recorded, not emulated. */
  sysplexRouting: boolean;
  ipsec: IpsecConfig;
  vipaDefines: VipaDefine[];
  vipaBackups: VipaBackup[];
  vipaDistributes: VipaDistribute[];
  vipaRanges: VipaRange[];
  vipaDeletes: VipaDelete[];
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding, pointing at the offending token: 1-based line and column (UTF-16 code units; a
 * tab counts as one column), endColumn is one past the token's last character. `statement` is the
 * statement's text (shortened) so a message makes sense on its own. `code` is a stable identifier
 * for tests and the UI; messages may be reworded, codes are not.
 */
export interface Diagnostic {
  severity: Severity;
  line: number;
  column: number;
  endColumn?: number;
  statement: string;
  message: string;
  code: string;
}

export interface ParseResult {
  profile: StackProfile;
  diagnostics: Diagnostic[];
  /** No diagnostic of severity error. */
  ok: boolean;
}
