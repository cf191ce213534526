import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './format';
import { parseProfile } from './parse';
import { brief, errors, inBlock, ip, XCF } from './test-helpers';

// Malformed profiles: the exact line:column and code of each error, and the message where its
// wording matters. inBlock() puts the body on line 3 (line 1 IPCONFIG, line 2 VIPADYNAMIC).

const DEF = 'VIPADEFINE 255.255.255.0 203.0.113.11\n'; // line 3
const msg = (text: string) =>
  parseProfile(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);

describe('block structure', () => {
  it('VIPADYNAMIC not closed: at the VIPADYNAMIC', () => {
    const r = parseProfile(`${XCF}  VIPADYNAMIC\n${DEF}`);
    expect(errors(r)).toEqual(['2:3 error unclosed-block']);
    expect(r.diagnostics[0]?.message).toBe(
      'the VIPADYNAMIC block is not closed: ENDVIPADYNAMIC is missing at the end of the profile',
    );
    // The statements before the end still count.
    expect(r.profile.vipaDefines).toHaveLength(1);
  });

  it('VIPADYNAMIC closed by a top-level statement instead of ENDVIPADYNAMIC', () => {
    const r = parseProfile(`${XCF}VIPADYNAMIC\n${DEF}IPSEC DVIPSEC\nENDIPSEC`);
    expect(errors(r)).toEqual(['2:1 error unclosed-block']);
    expect(r.diagnostics[0]?.message).toBe(
      'the VIPADYNAMIC block is not closed: ENDVIPADYNAMIC is missing before IPSEC on line 4',
    );
    expect(r.profile.ipsec.dvipsec).toBe(true);
  });

  it('a VIPA statement outside the block', () => {
    const r = parseProfile(`${XCF}\n   VIPADEFINE 255.255.255.0 203.0.113.11`);
    expect(errors(r)).toEqual(['3:4 error outside-block']);
    expect(r.diagnostics[0]?.message).toBe(
      'VIPADEFINE is only valid inside a VIPADYNAMIC … ENDVIPADYNAMIC block',
    );
    expect(r.profile.vipaDefines).toEqual([]);
  });

  it('END statements without their block, and IPSECRULE outside IPSEC', () => {
    expect(errors(parseProfile(`${XCF}ENDVIPADYNAMIC\nENDIPSEC\nIPSECRULE * *`))).toEqual([
      '2:1 error unmatched-end',
      '3:1 error unmatched-end',
      '4:1 error outside-block',
    ]);
  });

  it('an unknown word at the start of the profile, with a suggestion', () => {
    const r = parseProfile('IPCONFGI DYNAMICXCF 10.255.0.1 255.255.255.0 1');
    expect(errors(r)).toEqual(['1:1 error unknown-statement']);
    expect(r.diagnostics[0]?.message).toBe(
      "'IPCONFGI' is not a known profile statement (did you mean IPCONFIG?)",
    );
  });

  it('a misspelt statement inside the block is a statement of its own', () => {
    const r = parseProfile(
      inBlock(`${DEF}VIPADISTRUBUTE 203.0.113.11 PORT 60 DESTIP ALL\nVIPADE 255.255.255.0 203.0.113.12`),
    );
    expect(errors(r)).toEqual(['4:1 error unknown-statement', '5:1 error short-abbreviation']);
    expect(r.diagnostics[0]).toMatchObject({
      message: "'VIPADISTRUBUTE' is not a known profile statement (did you mean VIPADISTRIBUTE?)",
      statement: 'VIPADISTRUBUTE 203.0.113.11 PORT 60 DESTIP ALL',
    });
    // The VIPADEFINE before it is not spoiled.
    expect(r.profile.vipaDefines).toHaveLength(1);
  });

  it('statements after a syntax error in a VIPADYNAMIC block are checked but not applied (z/OS)', () => {
    const r = parseProfile(
      inBlock(
        'VIPADEFINE 255.255.255.0 203.0.113.300\nVIPADEFINE 255.255.255.0 203.0.113.12\nVIPABACKUP 0 203.0.113.13',
      ),
    );
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      '3:26 error invalid-address',
      '3:26 info block-ignored',
      '5:12 error out-of-range',
    ]);
    expect(r.profile.vipaDefines).toEqual([]);
  });

  it('an error at or after ENDVIPADYNAMIC gets no note about the rest of the block', () => {
    const all = (text: string) => parseProfile(text).diagnostics.map(brief);
    const block = `${XCF}VIPADYNAMIC\n${DEF}`; // ENDVIPADYNAMIC on line 4
    expect(all(`${block}ENDVIPADYNAMIC 203.0.113.12\n`)).toEqual(['4:16 error unexpected-token']);
    expect(all(`${block}ENDVIPADYNAMIC\nFOO 1\n`)).toEqual(['5:1 error unknown-statement']);
    // Inside the block the note stays.
    expect(all(inBlock(`FOO 1\n${DEF}`))).toEqual(['3:1 error unknown-statement', '3:1 info block-ignored']);
  });

  it('a semantic error only rejects its own statement', () => {
    const r = parseProfile(inBlock(`VIPADISTRIBUTE 203.0.113.99 PORT 60 DESTIP ALL\n${DEF}`));
    expect(errors(r)).toEqual(['3:16 error undefined-dvipa']);
    expect(r.profile.vipaDefines).toHaveLength(1);
  });
});

describe('addresses, masks, numbers', () => {
  it('invalid IPv4 address', () => {
    expect(errors(parseProfile(inBlock('VIPADEFINE 255.255.255.0 203.0.113.256')))).toEqual([
      '3:26 error invalid-address',
    ]);
    expect(msg('IPCONFIG DYNAMICXCF 10.255.0 255.255.255.0 1')).toEqual([
      "IPCONFIG: '10.255.0' is not a valid IPv4 address (the dynamic XCF address): four numbers 0–255 separated by dots",
    ]);
  });

  it('non-host addresses', () => {
    expect(msg(inBlock('VIPADEFINE 255.255.255.0 224.0.0.9'))).toEqual([
      'VIPADEFINE: the DVIPA address 224.0.0.9 is a multicast address',
    ]);
    expect(errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 DESTIP 127.0.0.1`)))).toEqual([
      '4:36 error invalid-address',
    ]);
  });

  it('invalid masks', () => {
    expect(errors(parseProfile(inBlock('VIPADEFINE 255.0.255.0 203.0.113.11')))).toEqual([
      '3:12 error invalid-mask',
    ]);
    expect(errors(parseProfile(inBlock('VIPARANGE 0.0.0.0 203.0.113.11')))).toEqual([
      '3:11 error invalid-mask',
    ]);
    expect(errors(parseProfile('IPCONFIG DYNAMICXCF 10.255.0.1/33 1'))).toEqual(['1:21 error invalid-mask']);
  });

  it('the mask left out, as in the source’s own examples', () => {
    const r = parseProfile(inBlock('VIPADEFINE MOVEABLE IMMEDIATE 203.0.113.11'));
    expect(errors(r)).toEqual(['3:31 error missing-mask']);
    expect(r.diagnostics[0]?.message).toBe(
      'VIPADEFINE: the address mask is missing: write it before the address, e.g. 255.255.255.0 203.0.113.11',
    );
  });

  it('VIPABACKUP mask without MOVEABLE', () => {
    expect(errors(parseProfile(inBlock('VIPABACKUP 30 255.255.255.0 203.0.113.21')))).toEqual([
      '3:15 error mask-needs-moveable',
    ]);
  });

  it('VIPABACKUP rank 1–254', () => {
    expect(errors(parseProfile(inBlock('VIPABACKUP 255 203.0.113.21')))).toEqual(['3:12 error out-of-range']);
    expect(msg(inBlock('VIPABACKUP 0 203.0.113.21'))).toEqual([
      'VIPABACKUP: the VIPABACKUP rank 0 is out of range 1–254',
    ]);
  });

  it('ports 1–65535, no duplicates, at most 64', () => {
    const dist = (ports: string) =>
      errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT ${ports} DESTIP ALL`)));
    expect(dist('0')).toEqual(['4:34 error out-of-range']);
    expect(dist('60 65536')).toEqual(['4:37 error out-of-range']);
    expect(dist('60 60')).toEqual(['4:37 error duplicate-value']);
    expect(dist('90-80')).toEqual(['4:34 error invalid-value']);
    expect(dist('1-64')).toEqual([]);
    expect(dist('1-64 100')).toEqual(['4:39 error too-many-ports']);
    expect(dist('')).toEqual(['4:35 error missing-value']); // points at DESTIP
  });

  it('missing values at the end of a statement point at its last word', () => {
    expect(msg('IPCONFIG DYNAMICXCF 10.255.0.1 255.255.255.0')).toEqual([
      "IPCONFIG: the DYNAMICXCF cost metric is missing after '255.255.255.0'",
    ]);
    expect(errors(parseProfile('IPCONFIG DYNAMICXCF 10.255.0.1 255.255.255.0'))).toEqual([
      '1:32 error missing-value',
    ]);
    expect(errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60`)))).toEqual([
      '4:34 error missing-value',
    ]);
  });
});

describe('definitions', () => {
  it('the same DVIPA defined twice (z/OS: VIPADELETE first)', () => {
    const r = parseProfile(inBlock(`${DEF}VIPABACKUP 10 203.0.113.11`));
    expect(errors(r)).toEqual(['4:15 error duplicate-dvipa']);
    expect(r.diagnostics[0]?.message).toBe(
      '203.0.113.11 is already defined by the VIPADEFINE on line 3; code VIPADELETE 203.0.113.11 before defining it again',
    );
    expect(errors(parseProfile(inBlock('VIPADEFINE 255.255.255.0 203.0.113.11 203.0.113.11')))).toEqual([
      '3:39 error duplicate-dvipa',
    ]);
  });

  it('VIPADISTRIBUTE without a VIPADEFINE or VIPABACKUP, or before it', () => {
    expect(msg(inBlock('VIPADISTRIBUTE 203.0.113.99 PORT 60 DESTIP ALL'))).toEqual([
      '203.0.113.99 has no VIPADEFINE or VIPABACKUP in this profile; VIPADISTRIBUTE needs one on the same stack',
    ]);
    expect(msg(inBlock(`VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP ALL\n${DEF}`))).toEqual([
      'VIPADISTRIBUTE for 203.0.113.11 must come after its VIPADEFINE or VIPABACKUP (line 4)',
    ]);
  });

  it('a DVIPA that is the stack’s own XCF address', () => {
    expect(errors(parseProfile(inBlock('VIPADEFINE 255.255.255.0 10.255.0.1')))).toEqual([
      '3:26 error dvipa-is-xcf',
    ]);
    // DYNAMICXCF coded after the VIPADEFINE is caught too.
    expect(
      errors(
        parseProfile(
          'VIPADYNAMIC\nVIPADEFINE 255.255.255.0 10.255.0.1\nENDVIPADYNAMIC\nIPCONFIG DYNAMICXCF 10.255.0.1 255.255.255.0 1',
        ),
      ),
    ).toEqual(['2:26 error dvipa-is-xcf']);
  });

  it('the same DVIPA port distributed twice', () => {
    const r = parseProfile(
      inBlock(
        `${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP ALL\nVIPADISTRIBUTE 203.0.113.11 PORT 61 60 DESTIP ALL`,
      ),
    );
    expect(errors(r)).toEqual(['5:16 error duplicate-distribution']);
    expect(r.diagnostics[0]?.message).toBe(
      'port 60 of 203.0.113.11 already distributed by the VIPADISTRIBUTE on line 4',
    );
  });

  it('VIPADISTRIBUTE without DYNAMICXCF is a warning', () => {
    const r = parseProfile(
      `VIPADYNAMIC\n${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP ALL\nENDVIPADYNAMIC`,
    );
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:1 no-dynamicxcf']);
  });

  it('DELETE forms that match nothing are warnings', () => {
    const r = parseProfile(inBlock('VIPADELETE 203.0.113.11\nVIPARANGE DELETE 255.255.255.0 203.0.113.0'));
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      '3:12 warning nothing-to-delete',
      '4:32 warning nothing-to-delete',
    ]);
  });
});

describe('VIPADISTRIBUTE rules', () => {
  const hs = (dests: string) =>
    parseProfile(
      inBlock(`${DEF}VIPADISTRIBUTE DISTMETHOD HOTSTANDBY 203.0.113.11 PORT 60\n DESTIP ${dests}`),
    );

  it('HOTSTANDBY needs exactly one PREFERRED and a BACKUP (EZZ0827I)', () => {
    expect(errors(hs('10.255.0.2 PREFERRED 10.255.0.3 PREFERRED 10.255.0.4 BACKUP 5'))).toEqual([
      '5:30 error hotstandby-preferred',
    ]);
    const r = hs('10.255.0.2 PREFERRED');
    expect(errors(r)).toEqual(['5:2 error hotstandby-preferred']);
    expect(r.diagnostics[0]?.message).toBe(
      'DISTMETHOD HOTSTANDBY needs exactly one PREFERRED and at least one BACKUP (found 1 PREFERRED, 0 BACKUP)',
    );
    expect(r.profile.vipaDistributes).toEqual([]);
  });

  it('HOTSTANDBY: every DESTIP needs a role (EZZ0826I), DESTIP ALL is not allowed (EZZ0165I)', () => {
    expect(errors(hs('10.255.0.2 PREFERRED 10.255.0.3'))).toEqual(['5:30 error hotstandby-role-missing']);
    expect(errors(hs('ALL'))).toEqual(['5:9 error hotstandby-destip-all']);
  });

  it('HOTSTANDBY: at most 31 BACKUPs (EZZ0829I); 32 DESTIPs at most', () => {
    const backups = (n: number) =>
      Array.from({ length: n }, (_, i) => `10.255.1.${i + 1} BACKUP 1`).join('\n ');
    expect(errors(hs(`10.255.0.2 PREFERRED\n ${backups(31)}`))).toEqual([]);
    expect(errors(hs(`10.255.0.2 PREFERRED\n ${backups(32)}`))).toEqual(['37:2 error hotstandby-backups']);
    const many = Array.from({ length: 33 }, (_, i) => `10.255.1.${i + 1}`).join(' ');
    expect(
      errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60\nDESTIP ${many}`))),
    ).toEqual(['5:383 error too-many-destips']);
  });

  it('PREFERRED and BACKUP only with HOTSTANDBY (EZZ0831I, a syntax error)', () => {
    const r = parseProfile(
      inBlock(`${DEF}VIPADISTRIBUTE DISTM ROUNDROBIN 203.0.113.11 PORT 60 DESTIP 10.255.0.2 PREFERRED`),
    );
    expect(errors(r)).toEqual(['4:72 error needs-hotstandby']);
    expect(r.diagnostics[0]?.message).toBe(
      'VIPADISTRIBUTE: PREFERRED is only valid with DISTMETHOD HOTSTANDBY (this one is ROUNDROBIN)',
    );
  });

  it('DESTIP ALL mixed with addresses, in either order', () => {
    const d = (dests: string) =>
      errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP ${dests}`)));
    expect(d('ALL 10.255.0.2')).toEqual(['4:48 error destip-all-mixed']);
    expect(d('10.255.0.2 ALL')).toEqual(['4:55 error destip-all-mixed']);
  });

  it('a DESTIP listed twice', () => {
    expect(
      errors(
        parseProfile(
          inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP 10.255.0.2 10.255.0.3 10.255.0.2`),
        ),
      ),
    ).toEqual(['4:66 error duplicate-destip']);
  });

  it('commas are not separators', () => {
    const r = parseProfile(
      inBlock(`${DEF}VIPADISTRIBUTE 203.0.113.11 PORT 60 DESTIP 10.255.0.2, 10.255.0.3`),
    );
    expect(errors(r)).toEqual(['4:54 error comma']);
    expect(r.diagnostics[0]?.message).toBe(
      "VIPADISTRIBUTE: ',' is not a separator in a z/OS profile; separate values with blanks",
    );
  });

  it('real methods and options the emulator lacks are errors, not silently changed', () => {
    expect(
      errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE DISTMETHOD SERVERWLM 203.0.113.11 DESTIP ALL`))),
    ).toEqual(['4:27 error not-emulated']);
    expect(errors(parseProfile(inBlock('VIPADEFINE TIER1 255.255.255.0 203.0.113.11')))).toEqual([
      '3:12 error not-emulated',
    ]);
    expect(errors(parseProfile(inBlock('VIPADEFINE MOVEABLE IMMEDIATE DVIPA1 2001:db8::1')))).toEqual([
      '3:31 error not-emulated',
    ]);
  });

  it('MOVEABLE values belong to their statements', () => {
    expect(msg(inBlock('VIPADEFINE MOVEABLE DISRUPTIVE 255.255.255.0 203.0.113.11'))).toEqual([
      'VIPADEFINE: MOVEABLE DISRUPTIVE belongs to VIPARANGE; VIPADEFINE takes MOVEABLE IMMEDIATE or MOVEABLE WHENIDLE',
    ]);
    expect(errors(parseProfile(inBlock('VIPARANGE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.0')))).toEqual([
      '3:20 error wrong-moveable',
    ]);
  });

  it('a DESTIP is either PREFERRED or BACKUP', () => {
    expect(
      msg(inBlock(`${DEF}VIPADISTRIBUTE DISTM HOTSTANDBY 203.0.113.11 DESTIP 10.255.0.2 PREFERRED BACKUP 3`)),
    ).toEqual(['VIPADISTRIBUTE: DESTIP 10.255.0.2 is either PREFERRED or BACKUP, not both']);
  });

  it('an option given twice', () => {
    expect(
      errors(parseProfile(inBlock(`${DEF}VIPADISTRIBUTE DEFINE DELETE 203.0.113.11 DESTIP ALL`))),
    ).toEqual(['4:23 error duplicate-parameter']);
  });
});

describe('formatDiagnostic', () => {
  it('prints line:column, severity, message and statement', () => {
    const [d] = parseProfile(
      inBlock(`${DEF}VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN 203.0.113.11 PORT 60 DESTIP ALL 10.255.0.2`),
    ).diagnostics;
    expect(formatDiagnostic(d!)).toBe(
      'line 4:77 error: VIPADISTRIBUTE: DESTIP ALL cannot be combined with dynamic XCF addresses (in "VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN 203.0.113.11 …")',
    );
  });

  it('an address in a message uses the dotted form', () => {
    expect(ip('10.255.0.1')).toBe(0x0aff0001);
  });
});
