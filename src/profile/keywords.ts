// Keywords and their minimum abbreviations, written the way IBM's syntax diagrams write them: the
// leading capitals are the shortest accepted form, the lower-case tail may be added in part or in
// full (VIPADEFine accepts VIPADEF, VIPADEFI, … VIPADEFINE). Matching is case-insensitive. A token
// matches a keyword when it is a prefix of the full keyword at least as long as the capitals, so
// VIPAD is VIPADYNAMIC (its minimum), while VIPADE is too short for both VIPADEFINE (VIPADEF) and
// VIPADELETE (VIPADEL): that is how z/OS resolves the shared VIPAD… prefix. keywords.test.ts checks
// that no table has two keywords a single token could both match.

export interface Keyword {
  /** Full name, upper case. */
  readonly name: string;
  /** Length of the shortest accepted abbreviation. */
  readonly min: number;
  /** IBM spelling, e.g. VIPADEFine. */
  readonly spelling: string;
}

/** kw('VIPADEFine') → { name: 'VIPADEFINE', min: 7 } — the minimum is the run of leading
 * non-lower-case characters (digits count, as in IPSEC6Rule). */
export function kw(spelling: string): Keyword {
  const firstLower = spelling.search(/[a-z]/);
  return {
    name: spelling.toUpperCase(),
    min: firstLower < 0 ? spelling.length : firstLower,
    spelling,
  };
}

export const minimumForm = (k: Keyword) => k.name.slice(0, k.min);

export type KeywordMatch =
  | { kind: 'match'; keyword: Keyword }
  /** a prefix of these keywords, but shorter than their minimum abbreviation */
  | { kind: 'short'; candidates: Keyword[] }
  | { kind: 'none' };

export function matchKeyword(upper: string, table: readonly Keyword[]): KeywordMatch {
  if (upper.length === 0) return { kind: 'none' };
  let found: Keyword | undefined;
  const short: Keyword[] = [];
  for (const k of table) {
    if (!k.name.startsWith(upper)) continue;
    if (upper.length >= k.min) {
      // Tables are unambiguous (tested); an exact full name wins should that ever change.
      if (!found || k.name === upper) found = k;
    } else short.push(k);
  }
  if (found) return { kind: 'match', keyword: found };
  if (short.length > 0) return { kind: 'short', candidates: short };
  return { kind: 'none' };
}

export function describeTooShort(text: string, candidates: readonly Keyword[]): string {
  const list = candidates.map((k) => `${k.name} (shortest form ${minimumForm(k)})`).join(' or ');
  return `'${text}' is too short an abbreviation: it could only be ${list}`;
}

/** Levenshtein distance, capped: only used to suggest a keyword for a misspelt one. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The keyword a misspelling most likely meant, if one is close (compared against full names and
 * minimum forms). */
export function suggestKeyword(upper: string, table: readonly Keyword[]): Keyword | undefined {
  if (upper.length < 3 || upper.length > 40) return undefined;
  let best: Keyword | undefined;
  let bestD = 3;
  for (const k of table) {
    const d = Math.min(distance(upper, k.name, 2), distance(upper, minimumForm(k), 2));
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

const table = (...spellings: string[]) => spellings.map(kw);

// ---- statements -------------------------------------------------------------------------------

/** Top-level statements the emulator implements. */
export const TOP_STATEMENTS = table('IPCONFig', 'IPSEC', 'VIPADynamic');

/** Real top-level profile statements the emulator does not implement: accepted with a warning and
 * skipped up to the next statement. Full names only, since their abbreviations are not needed. */
export const OTHER_TOP_STATEMENTS = table(
  'ARPAGE',
  'AUTOLOG',
  'ENDAUTOLOG',
  'BEGINROUTES',
  'ENDROUTES',
  'BSDROUTINGPARMS',
  'ENDBSDROUTINGPARMS',
  'DATASETPREFIX',
  'DEFADDRTABLE',
  'DELETE',
  'DEVICE',
  'GATEWAY',
  'GLOBALCONFIG',
  'HOME',
  'INCLUDE',
  'INTERFACE',
  'IPCONFIG6',
  'ITRACE',
  'KEEPALIVEOPTIONS',
  'LINK',
  'NETACCESS',
  'ENDNETACCESS',
  'NETMONITOR',
  'PKTTRACE',
  'PORT',
  'PORTRANGE',
  'PRIMARYINTERFACE',
  'SACONFIG',
  'SMFCONFIG',
  'SOMAXCONN',
  'SRCIP',
  'ENDSRCIP',
  'START',
  'STOP',
  'TCPCONFIG',
  'TRACE',
  'UDPCONFIG',
);

/** The statements of a VIPADYNAMIC block (IBM: VIPADEFine, VIPABackup, VIPADELete,
 * VIPADISTribute, VIPARange, VIPAROUTE, VIPASMparms) and its end. */
export const VIPADYNAMIC_STATEMENTS = table(
  'VIPADEFine',
  'VIPABackup',
  'VIPADELete',
  'VIPADISTribute',
  'VIPARange',
  'VIPAROUTE',
  'VIPASMparms',
  'ENDVIPADynamic',
);

/** The statements of an IPSEC block and its end. */
export const IPSEC_STATEMENTS = table('IPSECRule', 'IPSEC6Rule', 'ENDIPSEC');

// ---- parameters -------------------------------------------------------------------------------

export const IPCONFIG_PARAMS = table(
  'ARPTO',
  'CHECKSUMOFFLoad',
  'NOCHECKSUMOFFLoad',
  'DATAGRamfwd',
  'NODATAGRamfwd',
  'NOFWDMULTipath',
  'FWDMULTipath',
  'PERPacket',
  'PERConnection',
  'DEVRETRYDURation',
  'DYNAMICXCF',
  'NODYNAMICXCF',
  'SECCLASS',
  'SMCD',
  'NOSMCD',
  'SOURCEVIPAINTerface',
  'FORMat',
  'IGNORERedirect',
  'IPSECURITY',
  'IQDIORouting',
  'NOIQDIORouting',
  'QDIOPriority',
  'MULTIPATH',
  'NOMULTIPATH',
  'PATHMTUDISCovery',
  'NOPATHMTUDISCovery',
  'QDIOACCELerator',
  'NOQDIOACCELerator',
  'REASSEMBLytimeout',
  'SEGMENTATIONOFFLoad',
  'NOSEGMENTATIONOFFLoad',
  'SOURCEVIPA',
  'NOSOURCEVIPA',
  'SYSPLEXRouting',
  'NOSYSPLEXRouting',
  'TCPSTACKSOURCEVipa',
  'NOTCPSTACKSOURCEVipa',
  'TTL',
);
export const FORMAT_VALUES = table('LONG', 'SHORT');

export const IPSEC_PARAMS = table(
  'DVIPsec',
  'DVLOCALFLTR',
  'LOGDISable',
  'LOGENable',
  'NOLOGImplicit',
  'LOGImplicit',
);

export const MOVEABLE = table('MOVEable');
/** What may follow MOVEABLE anywhere; each statement accepts only some (DISRUPTIVE on a
 * VIPADEFINE gets a specific message rather than "unknown keyword"). */
export const MOVEABLE_VALUES = table('IMMEDiate', 'WHENIDLE', 'NONDISRUPTive', 'DISRUPTive');
export const SERVICEMGR = table('SERVICEMGR');
/** Multi-tier distribution keywords: real, but not emulated. */
export const TIER_KEYWORDS = table('TIER1', 'TIER2', 'CPCSCOPE');

export const DEFINE_DELETE = table('DEFINE', 'DELEte');
export const SAF = table('SAF');

export const VIPADISTRIBUTE_OPTIONS = table(
  'DEFINE',
  'DELEte',
  'DISTMethod',
  'NOOPTLOCAL',
  'OPTLOCAL',
  'SYSPLEXPorts',
  'TIMEDAFFinity',
  'PROCTYPE',
  'TIER1',
  'TIER2',
  'CPCSCOPE',
  'GRE',
  'ENCAP',
  'CONTROLPORT',
);
export const DIST_METHODS = table(
  'BASEWLM',
  'ROUNDROBIN',
  'SERVERWLM',
  'WEIGHTEDActive',
  'HOTSTANDBY',
  'TARGCONTROLLED',
);
export const HOTSTANDBY_OPTIONS = table(
  'AUTOSWITCHBACK',
  'NOAUTOSWITCHBACK',
  'HEALTHSWITCH',
  'NOHEALTHSWITCH',
);
export const PROCTYPE_KINDS = table('CP', 'ZAAP', 'ZIIP');
export const PORT = table('PORT');
export const DESTIP = table('DESTIP');
export const ALL = table('ALL');
export const DEST_OPTIONS = table('WEIGHT', 'PREFERRED', 'BACKUP');
