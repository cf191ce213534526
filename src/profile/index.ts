// The z/OS TCP/IP profile parser (DESIGN.md §3): parseProfile(text) → typed StackProfile plus
// diagnostics with line:column; formatDiagnostic for one-line output; IPv4 helpers for the uint32
// addresses the profile uses.

export { formatDiagnostic } from './format';
export { formatIpv4, maskPrefixLength, parseIpv4, prefixMask } from './ipv4';
export { parseProfile } from './parse';
export type {
  DestIp,
  Diagnostic,
  DistMethod,
  DynamicXcf,
  HotStandbyRole,
  IpsecConfig,
  Ipv4,
  Moveable,
  ParseResult,
  Severity,
  SourceRef,
  StackProfile,
  VipaBackup,
  VipaDefine,
  VipaDelete,
  VipaDistribute,
  VipaRange,
} from './types';
