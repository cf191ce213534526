import { describe, expect, it } from 'vitest';
import { kw, minimumForm } from './keywords';
import { parseProfile } from './parse';
import { inBlock, XCF } from './test-helpers';

// Every keyword the emulator reads, at its abbreviation boundary: the IBM minimum and the full
// name are accepted, one character less is an error pointing at that word. `@` marks where the
// keyword goes in a profile that is otherwise valid.

const DEF = 'VIPADEFINE 255.255.255.0 203.0.113.11\n';
const CASES: [spelling: string, template: string][] = [
  ['IPCONFig', '@ DYNAMICXCF 10.255.0.1 255.255.255.0 1'],
  ['IPSECURITY', 'IPCONFIG @ DYNAMICXCF 10.255.0.1 255.255.255.0 1'],
  ['DYNAMICXCF', 'IPCONFIG @ 10.255.0.1 255.255.255.0 1'],
  ['SYSPLEXRouting', `${XCF}IPCONFIG @`],
  ['IPSEC', `${XCF}@ DVIPSEC\nENDIPSEC`],
  ['DVIPsec', `${XCF}IPSEC @\nENDIPSEC`],
  ['ENDIPSEC', `${XCF}IPSEC DVIPSEC\n@`],
  ['IPSECRule', `${XCF}IPSEC\n@ * *\nENDIPSEC`],
  ['IPSEC6Rule', `${XCF}IPSEC\n@ * *\nENDIPSEC`],
  ['VIPADynamic', `${XCF}@\n${DEF}ENDVIPADYNAMIC`],
  ['ENDVIPADynamic', `${XCF}VIPADYNAMIC\n${DEF}@`],
  ['VIPADEFine', inBlock('@ 255.255.255.0 203.0.113.11')],
  ['MOVEable', inBlock('VIPADEFINE @ IMMEDIATE 255.255.255.0 203.0.113.11')],
  ['IMMEDiate', inBlock('VIPADEFINE MOVEABLE @ 255.255.255.0 203.0.113.11')],
  ['WHENIDLE', inBlock('VIPADEFINE MOVEABLE @ 255.255.255.0 203.0.113.11')],
  ['SERVICEMGR', inBlock('VIPADEFINE @ 255.255.255.0 203.0.113.11')],
  ['VIPABackup', inBlock('@ 10 203.0.113.11')],
  ['VIPADELete', inBlock(`${DEF}@ 203.0.113.11`)],
  ['VIPARange', inBlock('@ 255.255.255.0 203.0.113.64')],
  ['DELEte', inBlock('VIPARANGE 255.255.255.0 203.0.113.64\nVIPARANGE @ 255.255.255.0 203.0.113.64')],
  ['DEFINE', inBlock('VIPARANGE @ 255.255.255.0 203.0.113.64')],
  ['NONDISRUPTive', inBlock('VIPARANGE MOVEABLE @ 255.255.255.0 203.0.113.64')],
  ['DISRUPTive', inBlock('VIPARANGE MOVEABLE @ 255.255.255.0 203.0.113.64')],
  ['SAF', inBlock('VIPARANGE 255.255.255.0 203.0.113.64 @ RES1')],
  ['VIPADISTribute', inBlock(`${DEF}@ 203.0.113.11 PORT 60 DESTIP ALL`)],
  ['DISTMethod', inBlock(`${DEF}VIPADISTRIBUTE @ ROUNDROBIN 203.0.113.11 PORT 60 DESTIP ALL`)],
  ['BASEWLM', inBlock(`${DEF}VIPADISTRIBUTE DISTMETHOD @ 203.0.113.11 PORT 60 DESTIP ALL`)],
  ['ROUNDROBIN', inBlock(`${DEF}VIPADISTRIBUTE DISTMETHOD @ 203.0.113.11 PORT 60 DESTIP ALL`)],
  [
    'WEIGHTEDActive',
    inBlock(`${DEF}VIPADISTRIBUTE DISTMETHOD @ 203.0.113.11 PORT 60 DESTIP 10.255.0.2 WEIGHT 5`),
  ],
  [
    'WEIGHT',
    inBlock(`${DEF}VIPADISTRIBUTE DISTMETHOD WEIGHTEDACTIVE 203.0.113.11 PORT 60 DESTIP 10.255.0.2 @ 5`),
  ],
  [
    'HOTSTANDBY',
    inBlock(
      `${DEF}VIPADISTRIBUTE DISTMETHOD @ 203.0.113.11 PORT 60 DESTIP 10.255.0.2 PREFERRED 10.255.0.3 BACKUP 9`,
    ),
  ],
  [
    'PREFERRED',
    inBlock(
      `${DEF}VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 203.0.113.11 PORT 60 DESTIP 10.255.0.2 @ 10.255.0.3 BACKUP 9`,
    ),
  ],
  [
    'BACKUP',
    inBlock(
      `${DEF}VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 203.0.113.11 PORT 60 DESTIP 10.255.0.2 PREFERRED 10.255.0.3 @ 9`,
    ),
  ],
  [
    'AUTOSWITCHBACK',
    inBlock(
      `${DEF}VIPADISTRIBUTE DISTMETHOD HOTSTANDBY @ 203.0.113.11 DESTIP 10.255.0.2 PREFERRED 10.255.0.3 BACKUP 9`,
    ),
  ],
  ['SYSPLEXPorts', inBlock(`${DEF}VIPADISTRIBUTE @ 203.0.113.11 PORT 60 DESTIP ALL`)],
  ['TIMEDAFFinity', inBlock(`${DEF}VIPADISTRIBUTE @ 30 203.0.113.11 PORT 60 DESTIP ALL`)],
  ['PORT', inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 @ 60 DESTIP ALL`)],
  ['DESTIP', inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 @ ALL`)],
  ['ALL', inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP @`)],
];

function place(template: string): { line: number; column: number } {
  const before = template.slice(0, template.indexOf('@')).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('keyword abbreviation boundaries', () => {
  it.each(CASES)('%s', (spelling, template) => {
    const k = kw(spelling);
    const use = (word: string) => parseProfile(template.replace('@', word));
    for (const ok of [minimumForm(k), k.name, minimumForm(k).toLowerCase(), spelling]) {
      const r = use(ok);
      expect(
        r.diagnostics.filter((d) => d.severity !== 'info'),
        `${ok} should be accepted`,
      ).toEqual([]);
    }
    const shorter = minimumForm(k).slice(0, -1);
    if (shorter === 'IPSEC') {
      // IPSE… one short of IPSECRULE is the IPSEC statement itself: a nested, unclosed block.
      expect(use(shorter).ok).toBe(false);
    } else if (k.min > 1) {
      const r = use(shorter);
      const at = place(template);
      const hit = r.diagnostics.find(
        (d) => d.severity === 'error' && d.line === at.line && d.column === at.column,
      );
      expect(hit, `${shorter} should be rejected at ${at.line}:${at.column}`).toBeDefined();
    }
    // A longer word that is no longer a prefix of the keyword is not it either.
    const r = use(`${k.name}X`);
    expect(r.ok, `${k.name}X should be rejected`).toBe(false);
  });
});
