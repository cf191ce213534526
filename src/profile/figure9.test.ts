import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from './parse';
import { ip } from './test-helpers';

// The Figure 9 preset's profiles (DESIGN.md §3) must parse cleanly and mean what the source says.
// The profile layer may not import the scenario layer (src/architecture.test.ts), so this reads
// src/scenario/presets/figure9.ts as text and fills in its ${…} placeholders from the constants
// declared in the same file. If the preset's layout changes, this fails loudly rather than
// silently testing a stale copy.

const source = readFileSync(resolve(__dirname, '../scenario/presets/figure9.ts'), 'utf8');

function constant(name: string): string {
  const m = new RegExp(`const ${name} = '([^']+)'`).exec(source);
  if (!m) throw new Error(`figure9.ts: constant ${name} not found`);
  return m[1]!;
}
const XCF = [...(/const XCF = \[([^\]]+)\]/.exec(source)?.[1] ?? '').matchAll(/'([^']+)'/g)].map(
  (m) => m[1]!,
);

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\$\{([^}]+)\}/g, (_, expr: string) => {
    const x = /^XCF\[(\d)\]$/.exec(expr);
    const v = x ? XCF[Number(x[1])] : vars[expr];
    if (v === undefined) throw new Error(`figure9.ts: cannot fill \${${expr}}`);
    return v;
  });
}

function literalAfter(marker: string, from = 0): string {
  const at = source.indexOf(marker, from);
  if (at < 0) throw new Error(`figure9.ts: '${marker}' not found`);
  const start = at + marker.length;
  return source.slice(start, source.indexOf('`', start));
}

function profileOf(stack: string): string {
  const vars = { DVA1: constant('DVA1'), DVB1: constant('DVB1') };
  const at = source.indexOf(`name: '${stack}'`);
  const profileAt = source.indexOf('profile:', at);
  const rest = source.slice(profileAt + 'profile:'.length).trimStart();
  if (rest.startsWith('`')) return fill(literalAfter('`', profileAt), vars);
  const call = /^targetProfile\(XCF\[(\d)\], '(\w+)'\)/.exec(rest);
  if (!call) throw new Error(`figure9.ts: cannot read the profile of ${stack}`);
  const template = literalAfter('=> `', source.indexOf('const targetProfile'));
  return fill(template, { xcf: XCF[Number(call[1])]!, name: call[2]! });
}

const DVA1 = ip('203.0.113.11');
const DVB1 = ip('203.0.113.21');
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
  it('reads the constants the source names', () => {
    expect([constant('DVA1'), constant('DVB1')]).toEqual(['203.0.113.11', '203.0.113.21']);
    expect(XCF).toEqual(['10.255.0.1', '10.255.0.2', '10.255.0.3', '10.255.0.4', '10.255.0.5']);
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
