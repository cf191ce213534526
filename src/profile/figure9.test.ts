import { describe, expect, it } from 'vitest';
import { DVA1 as DVA1_TEXT, DVB1 as DVB1_TEXT, figure9 } from '../scenario/presets/figure9';
import { parseProfile } from './parse';
import { ip } from './test-helpers';

// The Figure 9 preset's profiles (DESIGN.md §3, the source's Fig. 9) must parse cleanly and mean
// what the source says they mean.

function profileOf(stack: string): string {
  const s = figure9.stacks.find((x) => x.name === stack);
  if (!s) throw new Error(`no stack ${stack} in the Figure 9 preset`);
  return s.profile;
}

const DVA1 = ip(DVA1_TEXT);
const DVB1 = ip(DVB1_TEXT);
const xcf = (n: number) => ip(`10.255.0.${n}`);
const summary = (stack: string) => {
  const r = parseProfile(profileOf(stack));
  const p = r.profile;
  return {
    diagnostics: r.diagnostics,
    xcf: p.dynamicXcf?.addr,
    ipSecurity: p.ipSecurity,
    dvipsec: p.ipsec.dvipsec,
    defines: p.vipaDefines.map((d) => d.addr),
    backups: p.vipaBackups.map((b) => [b.addr, b.rank]),
    distributes: p.vipaDistributes.map((d) => ({
      addr: d.addr,
      ports: d.ports,
      method: d.distMethod,
      destAll: d.destAll,
      dests: d.dests.map((x) => x.xcf),
    })),
    ranges: p.vipaRanges,
    deletes: p.vipaDeletes,
  };
};

describe('Figure 9 preset profiles', () => {
  it('uses the addresses DESIGN.md gives', () => {
    expect([DVA1_TEXT, DVB1_TEXT]).toEqual(['203.0.113.11', '203.0.113.21']);
    expect(figure9.stacks.map((x) => x.xcfAddr)).toEqual([
      '10.255.0.1',
      '10.255.0.2',
      '10.255.0.3',
      '10.255.0.4',
      '10.255.0.5',
    ]);
  });

  it('gives each stack a DYNAMICXCF equal to its xcfAddr', () => {
    for (const st of figure9.stacks)
      expect(parseProfile(st.profile).profile.dynamicXcf?.addr).toBe(ip(st.xcfAddr));
  });

  it('MVS1 routes DVA1 port 60 to XCF1, XCF2, XCF4 and backs up DVB1 with rank 30', () => {
    expect(summary('MVS1')).toEqual({
      diagnostics: [],
      xcf: xcf(1),
      ipSecurity: true,
      dvipsec: true,
      defines: [DVA1],
      backups: [[DVB1, 30]],
      distributes: [
        { addr: DVA1, ports: [60], method: 'ROUNDROBIN', destAll: false, dests: [xcf(1), xcf(2), xcf(4)] },
      ],
      ranges: [],
      deletes: [],
    });
  });

  it('MVS5 routes DVB1 to ALL, backs up DVA1 with rank 10 and has its own distribution for DVA1', () => {
    expect(summary('MVS5')).toEqual({
      diagnostics: [],
      xcf: xcf(5),
      ipSecurity: true,
      dvipsec: true,
      defines: [DVB1],
      backups: [[DVA1, 10]],
      distributes: [
        { addr: DVB1, ports: [60], method: 'ROUNDROBIN', destAll: true, dests: [] },
        { addr: DVA1, ports: [60], method: 'ROUNDROBIN', destAll: false, dests: [xcf(2), xcf(3), xcf(4)] },
      ],
      ranges: [],
      deletes: [],
    });
  });

  it.each([
    ['MVS2', 2],
    ['MVS3', 3],
    ['MVS4', 4],
  ])('%s has only DYNAMICXCF and IPSEC DVIPSEC', (stack, n) => {
    expect(summary(stack)).toEqual({
      diagnostics: [],
      xcf: xcf(n),
      ipSecurity: true,
      dvipsec: true,
      defines: [],
      backups: [],
      distributes: [],
      ranges: [],
      deletes: [],
    });
  });
});
