import type { DistMethodName, XcfDest } from '../../wire/xcf';

// A stack's DVIPA definitions, as the stack uses them: the VIPADYNAMIC block of its profile reduced
// to what distribution and takeover need (the profile parser's output maps onto this).

export interface DvipaDefine {
  addr: number;
  mask: number;
}
export interface DvipaBackup {
  addr: number;
  mask: number;
  /** VIPABACKUP rank 1–254: the highest live rank takes over first. */
  rank: number;
}
export interface DvipaDistribute {
  addr: number;
  ports: number[];
  method: DistMethodName;
  destAll: boolean;
  dests: XcfDest[];
}

export interface StackDvipaConfig {
  xcf: number;
  /** IPSEC DVIPSEC: this stack does Sysplex-wide IPsec for the DVIPAs it owns. */
  dvipsec: boolean;
  defines: DvipaDefine[];
  backups: DvipaBackup[];
  /** VIPADISTRIBUTE statements: for defined DVIPAs, and explicit ones for backed-up DVIPAs. */
  distributes: DvipaDistribute[];
}
