import { describe, expect, it } from 'vitest';
import { parseProfile } from './parse';
import { brief, clean, errors, inBlock, ip, notInfo, XCF } from './test-helpers';

const M24 = ip('255.255.255.0');

describe('IPCONFIG', () => {
  it('reads DYNAMICXCF and IPSECURITY', () => {
    const p = clean('IPCONFIG DYNAMICXCF 10.255.0.3 255.255.255.0 1 IPSECURITY').profile;
    expect(p.dynamicXcf).toEqual({
      addr: ip('10.255.0.3'),
      mask: M24,
      prefixLength: 24,
      costMetric: 1,
      at: { line: 1, column: 10 },
    });
    expect(p.ipSecurity).toBe(true);
  });

  it('accepts the address/bits form and parameters in any order', () => {
    const p = clean('ipconf ipsecurity sysplexr dynamicxcf 10.255.0.3/28 2').profile;
    expect(p.dynamicXcf).toMatchObject({ mask: ip('255.255.255.240'), prefixLength: 28, costMetric: 2 });
    expect(p.sysplexRouting).toBe(true);
  });

  it('accepts other real options with an info, consuming their values', () => {
    const r = clean(
      'IPCONFIG ARPTO 1200 TTL 64 FORMAT LONG DATAGRAMFWD DYNAMICXCF 10.255.0.1 255.255.255.0 1',
    );
    expect(r.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      '1:10 info not-emulated IPCONFIG ARPTO is accepted but not emulated',
      '1:21 info not-emulated IPCONFIG TTL is accepted but not emulated',
      '1:28 info not-emulated IPCONFIG FORMAT is accepted but not emulated',
      '1:40 info not-emulated IPCONFIG DATAGRAMFWD is accepted but not emulated',
    ]);
    expect(r.profile.dynamicXcf?.addr).toBe(ip('10.255.0.1'));
  });

  it('lets a later IPCONFIG replace or remove DYNAMICXCF', () => {
    const r = parseProfile(`${XCF}IPCONFIG DYNAMICXCF 10.255.0.9 255.255.255.0 1`);
    expect(r.profile.dynamicXcf?.addr).toBe(ip('10.255.0.9'));
    expect(notInfo(r)).toEqual(['2:10 warning replaced']);
    expect(clean(`${XCF}IPCONFIG NODYNAMICXCF`).profile.dynamicXcf).toBeUndefined();
  });
});

describe('IPSEC … ENDIPSEC', () => {
  it('records DVIPSEC', () => {
    const p = clean(`${XCF}IPSEC DVIPSEC\nENDIPSEC`).profile;
    expect(p.ipsec).toEqual({
      present: true,
      dvipsec: true,
      dvipsecCoded: true,
      rules: [],
      at: { line: 2, column: 1 },
    });
  });

  it('accepts DVIP as the shortest DVIPSEC and rejects DVI', () => {
    expect(clean(`${XCF}ipsec dvip\nendipsec`).profile.ipsec.dvipsec).toBe(true);
    expect(errors(parseProfile(`${XCF}IPSEC DVI\nENDIPSEC`))).toEqual(['2:7 error short-abbreviation']);
  });

  it('keeps filter rules as text with one info', () => {
    const r = clean(`${XCF}IPSEC DVIPSEC LOGENABLE
  IPSECRULE * * NOLOG PROTOCOL OSPF
  IPSECR 203.0.113.0/24 198.51.100.7 LOG PROTOCOL TCP SRCPORT 60
ENDIPSEC`);
    expect(r.profile.ipsec.rules).toEqual([
      { text: 'IPSECRULE * * NOLOG PROTOCOL OSPF', at: { line: 3, column: 3 } },
      { text: 'IPSECR 203.0.113.0/24 198.51.100.7 LOG PROTOCOL TCP SRCPORT 60', at: { line: 4, column: 3 } },
    ]);
    expect(r.diagnostics.map(brief)).toEqual(['2:15 info not-emulated', '3:3 info not-emulated']);
  });

  it('uses only the first IPSEC block, as z/OS does', () => {
    const r = parseProfile(`${XCF}IPSEC DVIPSEC\nENDIPSEC\nIPSEC\nIPSECRULE * *\nENDIPSEC`);
    expect(r.profile.ipsec.dvipsec).toBe(true);
    expect(r.profile.ipsec.rules).toEqual([]);
    expect(r.diagnostics.map(brief)).toEqual(['4:1 info ipsec-ignored']);
  });

  it('turns DVIPSEC off without IPCONFIG IPSECURITY (z/OS ignores the block then)', () => {
    const r = parseProfile('IPCONFIG DYNAMICXCF 10.255.0.1 255.255.255.0 1\nIPSEC DVIPSEC\nENDIPSEC');
    expect(r.profile.ipsec).toMatchObject({ dvipsec: false, dvipsecCoded: true });
    expect(notInfo(r)).toEqual(['2:1 warning ipsec-without-ipsecurity']);
  });
});

describe('VIPADEFINE', () => {
  it('defaults to MOVEABLE IMMEDIATE and takes several addresses', () => {
    const p = clean(inBlock('VIPADEFINE 255.255.255.0 203.0.113.11 203.0.113.12')).profile;
    expect(p.vipaDefines).toEqual([
      {
        addr: ip('203.0.113.11'),
        mask: M24,
        prefixLength: 24,
        moveable: 'IMMEDIATE',
        serviceMgr: false,
        at: { line: 3, column: 26 },
      },
      {
        addr: ip('203.0.113.12'),
        mask: M24,
        prefixLength: 24,
        moveable: 'IMMEDIATE',
        serviceMgr: false,
        at: { line: 3, column: 39 },
      },
    ]);
  });

  it('reads MOVEABLE WHENIDLE and SERVICEMGR', () => {
    const [d] = clean(inBlock('VIPADEF MOVE WHENIDLE SERVICEMGR 255.255.255.255 203.0.113.11')).profile
      .vipaDefines;
    expect(d).toMatchObject({ moveable: 'WHENIDLE', serviceMgr: true, prefixLength: 32 });
  });

  it('warns when the addresses of one statement are not in one subnet (the source: "should")', () => {
    const r = parseProfile(inBlock('VIPADEFINE 255.255.255.0 203.0.113.11 203.0.114.11'));
    expect(notInfo(r)).toEqual(['3:39 warning subnet-mismatch']);
    expect(r.profile.vipaDefines).toHaveLength(2);
  });
});

describe('VIPABACKUP', () => {
  it('defaults the rank to 1 in the plain form', () => {
    const [b] = clean(inBlock('VIPABACKUP 203.0.113.21')).profile.vipaBackups;
    expect(b).toEqual({ addr: ip('203.0.113.21'), rank: 1, serviceMgr: false, at: { line: 3, column: 12 } });
  });

  it('reads the MOVEABLE form with its mask', () => {
    const [b] = clean(inBlock('VIPAB 254 MOVEABLE IMMED 255.255.255.0 203.0.113.21')).profile.vipaBackups;
    expect(b).toEqual({
      addr: ip('203.0.113.21'),
      rank: 254,
      moveable: 'IMMEDIATE',
      mask: M24,
      prefixLength: 24,
      serviceMgr: false,
      at: { line: 3, column: 40 },
    });
  });

  it('takes several addresses', () => {
    const p = clean(inBlock('VIPABACKUP 80 203.0.113.21 203.0.113.22')).profile;
    expect(p.vipaBackups.map((b) => [b.addr, b.rank])).toEqual([
      [ip('203.0.113.21'), 80],
      [ip('203.0.113.22'), 80],
    ]);
  });
});

describe('VIPADISTRIBUTE', () => {
  const def = 'VIPADEFINE 255.255.255.0 203.0.113.11\n';

  it('defaults to DEFINE and BASEWLM', () => {
    const [d] = clean(inBlock(`${def}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP 10.255.0.2`)).profile
      .vipaDistributes;
    expect(d).toEqual({
      addr: ip('203.0.113.11'),
      ports: [60],
      distMethod: 'BASEWLM',
      destAll: false,
      dests: [{ xcf: ip('10.255.0.2'), at: { line: 4, column: 44 } }],
      autoSwitchBack: false,
      healthSwitch: false,
      sysplexPorts: false,
      timedAffinity: 0,
      at: { line: 4, column: 1 },
    });
  });

  it('expands port ranges, sorts ports, and treats a missing PORT as all ports', () => {
    const p = clean(
      inBlock(
        `${def}VIPADIST 203.0.113.11 PORT 8000-8002 60 DESTIP ALL\nVIPADEFINE 255.255.255.0 203.0.113.12\nVIPADIST 203.0.113.12 DESTIP ALL`,
      ),
    ).profile;
    expect(p.vipaDistributes.map((d) => d.ports)).toEqual([[60, 8000, 8001, 8002], []]);
    expect(p.vipaDistributes.every((d) => d.destAll && d.dests.length === 0)).toBe(true);
  });

  it('takes the options before the address in any order, with their abbreviations', () => {
    const r = clean(
      inBlock(
        `${def}VIPADIST TIMEDAFF 30 SYSPLEXP DISTM ROUNDROBIN OPTLOCAL 2 DEFINE 203.0.113.11 PORT 23 DESTIP ALL`,
      ),
    );
    expect(r.profile.vipaDistributes[0]).toMatchObject({
      distMethod: 'ROUNDROBIN',
      timedAffinity: 30,
      sysplexPorts: true,
      optLocal: 2,
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['not-emulated', 'not-emulated', 'not-emulated']);
  });

  it('reads WEIGHTEDACTIVE weights, 10 when omitted', () => {
    const [d] = clean(
      inBlock(`${def}VIPADISTRIBUTE DISTMETHOD WEIGHTEDA 203.0.113.11 PORT 5000
  DESTIP 10.255.0.2 WEIGHT 20
         10.255.0.3`),
    ).profile.vipaDistributes;
    expect(d?.distMethod).toBe('WEIGHTEDACTIVE');
    expect(d?.dests.map((x) => [x.xcf, x.weight])).toEqual([
      [ip('10.255.0.2'), 20],
      [ip('10.255.0.3'), 10],
    ]);
  });

  it('reads HOTSTANDBY with PREFERRED, BACKUP ranks and its options', () => {
    const [d] = clean(
      inBlock(`${def}VIPADISTRIBUTE DISTMETHOD HOTSTANDBY NOAUTOSWITCHBACK HEALTHSWITCH
    203.0.113.11 PORT 10000
    DESTIP
      10.255.0.2 PREFERRED
      10.255.0.3 BACKUP 50
      10.255.0.4 BACKUP 100`),
    ).profile.vipaDistributes;
    expect(d).toMatchObject({ distMethod: 'HOTSTANDBY', autoSwitchBack: false, healthSwitch: true });
    expect(d?.dests.map((x) => x.hotStandby)).toEqual([
      { kind: 'preferred' },
      { kind: 'backup', rank: 50 },
      { kind: 'backup', rank: 100 },
    ]);
  });

  it('distributes a DVIPA this stack only backs up (Fig. 9, MVS5)', () => {
    const p = clean(
      inBlock('VIPABACKUP 10 203.0.113.11\nVIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP 10.255.0.2'),
    ).profile;
    expect(p.vipaDistributes).toHaveLength(1);
  });

  it('DELETE removes the named ports of an earlier DEFINE', () => {
    const p = clean(
      inBlock(
        `${def}VIPADISTRIBUTE 203.0.113.11 PORT 20 21 DESTIP ALL\nVIPADISTRIBUTE DELETE 203.0.113.11 PORT 20 DESTIP ALL`,
      ),
    ).profile;
    expect(p.vipaDistributes.map((d) => d.ports)).toEqual([[21]]);
    const all = clean(
      inBlock(
        `${def}VIPADISTRIBUTE 203.0.113.11 PORT 20 DESTIP ALL\nVIPADISTRIBUTE DELE 203.0.113.11 DESTIP ALL`,
      ),
    ).profile;
    expect(all.vipaDistributes).toEqual([]);
  });

  it('warns that WEIGHT without WEIGHTEDACTIVE is ignored (z/OS EZZ0799I)', () => {
    const r = parseProfile(
      inBlock(`${def}VIPADISTRIBUTE DISTMETHOD ROUNDROBIN 203.0.113.11 PORT 60 DESTIP 10.255.0.2 WEIGHT 5`),
    );
    expect(notInfo(r)).toEqual(['4:77 warning weight-ignored']);
    expect(r.profile.vipaDistributes[0]?.dests[0]?.weight).toBeUndefined();
  });
});

describe('VIPARANGE and VIPADELETE', () => {
  it('reads VIPARANGE with its defaults and options', () => {
    const p = clean(
      inBlock(
        'VIPARANGE 255.255.255.192 203.0.113.64\nVIPAR DEFINE MOVE DISRUPT 255.255.255.0 198.51.100.0 SAF vrange1',
      ),
    ).profile;
    expect(p.vipaRanges).toEqual([
      {
        addr: ip('203.0.113.64'),
        mask: ip('255.255.255.192'),
        prefixLength: 26,
        moveable: 'NONDISRUPTIVE',
        at: { line: 3, column: 27 },
      },
      {
        addr: ip('198.51.100.0'),
        mask: M24,
        prefixLength: 24,
        moveable: 'DISRUPTIVE',
        safResource: 'VRANGE1',
        at: { line: 4, column: 41 },
      },
    ]);
  });

  it('VIPARANGE DELETE removes the matching range', () => {
    const p = clean(
      inBlock('VIPARANGE 255.255.255.192 203.0.113.64\nVIPARANGE DELETE 255.255.255.192 203.0.113.64'),
    ).profile;
    expect(p.vipaRanges).toEqual([]);
  });

  it('VIPADELETE removes a DVIPA and its distribution, and allows defining it again', () => {
    const p = clean(
      inBlock(`VIPADEFINE 255.255.255.0 203.0.113.11
VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP ALL
VIPADELETE 203.0.113.11
VIPABACKUP 50 203.0.113.11`),
    ).profile;
    expect(p.vipaDefines).toEqual([]);
    expect(p.vipaDistributes).toEqual([]);
    expect(p.vipaDeletes).toEqual([{ addr: ip('203.0.113.11'), at: { line: 5, column: 12 } }]);
    expect(p.vipaBackups.map((b) => b.rank)).toEqual([50]);
  });
});

describe('layout', () => {
  it('is case-insensitive throughout', () => {
    const lower = clean(`ipconfig dynamicxcf 10.255.0.1 255.255.255.0 1 ipsecurity
ipsec dvipsec
endipsec
vipadynamic
  vipadefine moveable immediate 255.255.255.0 203.0.113.11
  vipadistribute define distmethod roundrobin 203.0.113.11 port 60 destip 10.255.0.1 10.255.0.2
  vipabackup 30 moveable immediate 255.255.255.0 203.0.113.21
endvipadynamic`).profile;
    const upper = clean(`IPCONFIG DYNAMICXCF 10.255.0.1 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.11
  VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN 203.0.113.11 PORT 60 DESTIP 10.255.0.1 10.255.0.2
  VIPABACKUP 30 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.21
ENDVIPADYNAMIC`).profile;
    expect(lower).toEqual(upper);
    expect(upper.vipaDistributes[0]?.dests).toHaveLength(2);
  });

  it('lets a statement run over many lines, with comments between', () => {
    const p = clean(`${XCF}VIPADYNAMIC ; DVIPAs
  VIPADEFINE ; the owner
    MOVEABLE IMMEDIATE
    255.255.255.0
    203.0.113.11
  VIPADISTRIBUTE DEFINE
    DISTMETHOD ROUNDROBIN ; round robin
    203.0.113.11
    PORT 60 61 ; two ports
    DESTIP 10.255.0.1
           10.255.0.2 ; MVS2
           ;10.255.0.3 commented out
           10.255.0.4
ENDVIPADYNAMIC ; done`).profile;
    expect(p.vipaDefines.map((d) => d.at)).toEqual([{ line: 6, column: 5 }]);
    expect(p.vipaDistributes[0]?.ports).toEqual([60, 61]);
    expect(p.vipaDistributes[0]?.dests.map((d) => d.at.line)).toEqual([11, 12, 14]);
  });

  it('skips other real top-level statements with a warning', () => {
    const r = parseProfile(`TCPCONFIG RESTRICTLOWPORTS
PORT 23 TCP INTCLIEN
${XCF}HOME 10.1.1.1 LINK1`);
    expect(notInfo(r)).toEqual([
      '1:1 warning not-emulated',
      '2:1 warning not-emulated',
      '4:1 warning not-emulated',
    ]);
    expect(r.profile.dynamicXcf?.addr).toBe(ip('10.255.0.1'));
  });

  it('accepts VIPAROUTE and VIPASMPARMS with a warning', () => {
    const r = parseProfile(inBlock('VIPAROUTE DEFINE 10.255.0.2 10.1.1.2'));
    expect(notInfo(r)).toEqual(['3:1 warning not-emulated']);
    expect(r.ok).toBe(true);
  });

  it('parses an empty profile to an empty configuration', () => {
    const r = parseProfile('');
    expect(r).toEqual({
      ok: true,
      diagnostics: [],
      profile: {
        ipSecurity: false,
        sysplexRouting: false,
        ipsec: { present: false, dvipsec: false, dvipsecCoded: false, rules: [] },
        vipaDefines: [],
        vipaBackups: [],
        vipaDistributes: [],
        vipaRanges: [],
        vipaDeletes: [],
      },
    });
  });
});
