import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from './ipv4';
import { parseProfile } from './parse';
import type { ParseResult } from './types';

// The parser never throws and every diagnostic points inside the input, whatever the input: random
// text, token soup from the profile vocabulary, and mutations of valid profiles. Then the other
// direction: randomly laid out valid profiles parse without errors to the configuration they state.

function checkWithin(text: string, r: ParseResult): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of r.diagnostics) {
    const line = lines[d.line - 1];
    expect(line, `line ${d.line} of ${lines.length}`).toBeDefined();
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeLessThanOrEqual(line!.length + 1);
    if (d.endColumn !== undefined) {
      expect(d.endColumn).toBeGreaterThanOrEqual(d.column);
      expect(d.endColumn).toBeLessThanOrEqual(line!.length + 1);
    }
    expect(['error', 'warning', 'info']).toContain(d.severity);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.code).not.toBe('internal-error');
  }
  expect(r.ok).toBe(!r.diagnostics.some((d) => d.severity === 'error'));
}

const parseChecked = (text: string) => {
  const r = parseProfile(text);
  checkWithin(text, r);
  return r;
};

const VALID = `; a full profile
IPCONFIG SYSPLEXROUTING DYNAMICXCF 10.255.0.1 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC LOGENABLE
  IPSECRULE * * NOLOG PROTOCOL OSPF
ENDIPSEC
VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.11 203.0.113.12
  VIPABACKUP 30 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.21
  VIPABACKUP 5 203.0.113.22
  VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN 203.0.113.11
    PORT 60 8000-8003 DESTIP 10.255.0.1 10.255.0.2 10.255.0.4
  VIPADISTRIBUTE DISTMETHOD WEIGHTEDACTIVE 203.0.113.12 PORT 70
    DESTIP 10.255.0.2 WEIGHT 20 10.255.0.3
  VIPADISTRIBUTE DISTMETHOD HOTSTANDBY AUTOSWITCHBACK 203.0.113.21 PORT 80
    DESTIP 10.255.0.2 PREFERRED 10.255.0.3 BACKUP 50
  VIPADISTRIBUTE DELETE 203.0.113.11 PORT 8003 DESTIP ALL
  VIPARANGE DEFINE MOVEABLE NONDISRUPTIVE 255.255.255.192 203.0.113.64
  VIPADELETE 203.0.113.22
ENDVIPADYNAMIC
`;

const VOCAB = [
  'IPCONFIG',
  'DYNAMICXCF',
  'IPSECURITY',
  'IPSEC',
  'DVIPSEC',
  'ENDIPSEC',
  'IPSECRULE',
  'VIPADYNAMIC',
  'VIPAD',
  'VIPADE',
  'ENDVIPADYNAMIC',
  'VIPADEFINE',
  'VIPABACKUP',
  'VIPADISTRIBUTE',
  'VIPARANGE',
  'VIPADELETE',
  'VIPAROUTE',
  'MOVEABLE',
  'IMMEDIATE',
  'WHENIDLE',
  'DISRUPTIVE',
  'DEFINE',
  'DELETE',
  'DISTMETHOD',
  'ROUNDROBIN',
  'WEIGHTEDACTIVE',
  'HOTSTANDBY',
  'BASEWLM',
  'SERVERWLM',
  'PORT',
  'DESTIP',
  'ALL',
  'WEIGHT',
  'PREFERRED',
  'BACKUP',
  'TIMEDAFFINITY',
  'SAF',
  'HOME',
  '255.255.255.0',
  '255.0.255.0',
  '203.0.113.11',
  '203.0.113.21',
  '10.255.0.1',
  '10.255.0.2',
  '999.1.1.1',
  '10.255.0.1/24',
  '2001:db8::1',
  '0',
  '1',
  '30',
  '60',
  '254',
  '255',
  '65536',
  '8000-8003',
  '90-80',
  ',',
  ';',
  '\n',
  '\r\n',
  '\t',
  'ß',
  '😀',
];

const tokensOf = (text: string) => text.split(/(\s+)/).filter((t) => t.length > 0);

/** Mutations of a valid profile: swap, delete, duplicate or replace a piece, insert garbage,
 * change case, join or split lines. */
const mutated: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('swap', 'delete', 'dup', 'replace', 'insert', 'case', 'join', 'split'),
      fc.nat(),
      fc.nat(),
      fc.oneof(fc.constantFrom(...VOCAB), fc.string({ maxLength: 6 })),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((ops) => {
    let parts = tokensOf(VALID);
    for (const [op, a, b, word] of ops) {
      const i = a % parts.length;
      const j = b % parts.length;
      switch (op) {
        case 'swap':
          [parts[i], parts[j]] = [parts[j]!, parts[i]!];
          break;
        case 'delete':
          parts.splice(i, 1);
          break;
        case 'dup':
          parts.splice(i, 0, parts[j]!);
          break;
        case 'replace':
          parts[i] = word;
          break;
        case 'insert':
          parts.splice(i, 0, ' ', word, ' ');
          break;
        case 'case':
          parts[i] = parts[i]!.toLowerCase();
          break;
        case 'join':
          parts = parts.map((p) => (p.includes('\n') && p !== '\n' ? ' ' : p));
          break;
        case 'split':
          parts.splice(i, 0, '\n');
          break;
      }
      if (parts.length === 0) parts = ['x'];
    }
    return parts.join('');
  });

describe('the parser never throws and stays inside the input', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => void parseChecked(text)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void parseChecked(text)),
      { numRuns: 300 },
    );
  });

  it('on token soup from the profile vocabulary', () => {
    const soup = fc
      .array(fc.tuple(fc.constantFrom(...VOCAB), fc.constantFrom(' ', '  ', '\n', '\t', ' ; c\n')), {
        maxLength: 60,
      })
      .map((ws) => ws.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(soup, (text) => void parseChecked(text)),
      { numRuns: 1000 },
    );
  });

  it('on mutations of a valid profile', () => {
    expect(parseChecked(VALID).ok).toBe(true);
    fc.assert(
      fc.property(mutated, (text) => void parseChecked(text)),
      { numRuns: 1500 },
    );
  });

  it('on very long and pathological input', () => {
    parseChecked('VIPADYNAMIC\n'.repeat(2000));
    parseChecked(
      `${'VIPADEFINE 255.255.255.0 '}${Array.from({ length: 3000 }, (_, i) => formatIpv4(0xcb007100 + (i % 250) + 1)).join(' ')}`,
    );
    parseChecked(`VIPADYNAMIC\nVIPADISTRIBUTE 203.0.113.11 PORT ${'1 '.repeat(5000)}DESTIP ALL`);
    parseChecked(';'.repeat(10000));
    parseChecked(`IPCONFIG TTL ${'9'.repeat(400)}`);
  });
});

// ---- valid profiles, randomly laid out -------------------------------------------------------

interface Model {
  defines: number[];
  backups: [number, number][];
  dists: { addr: number; ports: number[]; dests: number[] }[];
}

const model: fc.Arbitrary<Model> = fc
  .uniqueArray(fc.integer({ min: 1, max: 250 }), { minLength: 1, maxLength: 8 })
  .chain((hosts) => {
    const addrs = hosts.map((h) => 0xcb007100 + h); // 203.0.113.h
    return fc
      .record({
        split: fc.integer({ min: 0, max: addrs.length }),
        ranks: fc.array(fc.integer({ min: 1, max: 254 }), {
          minLength: addrs.length,
          maxLength: addrs.length,
        }),
        dists: fc.array(
          fc.record({
            ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 5 }),
            dests: fc.uniqueArray(fc.integer({ min: 1, max: 32 }), { minLength: 1, maxLength: 6 }),
            use: fc.boolean(),
          }),
          { minLength: addrs.length, maxLength: addrs.length },
        ),
      })
      .map(({ split, ranks, dists }) => ({
        defines: addrs.slice(0, split),
        backups: addrs.slice(split).map((a, i) => [a, ranks[i]!] as [number, number]),
        dists: addrs.flatMap((addr, i) =>
          dists[i]!.use
            ? [
                {
                  addr,
                  ports: [...dists[i]!.ports].sort((a, b) => a - b),
                  dests: dists[i]!.dests.map((d) => 0x0aff0000 + d),
                },
              ]
            : [],
        ),
      }));
  });

/** Writes a keyword in a random accepted form: any length from the minimum, any case. */
const spell = (full: string, min: number) =>
  fc
    .tuple(fc.integer({ min, max: full.length }), fc.constantFrom('upper', 'lower', 'mixed'))
    .map(([n, c]) => {
      const w = full.slice(0, n);
      if (c === 'upper') return w;
      if (c === 'lower') return w.toLowerCase();
      return [...w].map((ch, i) => (i % 2 ? ch.toLowerCase() : ch)).join('');
    });

const sep = fc.constantFrom(' ', '   ', '\n', '\n    ', ' ; note\n  ', '\t');

interface Spelling {
  dyn: string;
  def: string;
  bak: string;
  dist: string;
}

function render(m: Model, k: Spelling, seps: string[]): string {
  let s = 0;
  const stmt = (...parts: string[]) => `${parts.map((p) => p + seps[s++ % seps.length]!).join('')}\n`;
  let text = `IPCONFIG DYNAMICXCF 10.255.0.100 255.255.255.0 1 IPSECURITY\n${k.dyn}\n`;
  for (const a of m.defines) text += stmt(k.def, '255.255.255.0', formatIpv4(a));
  for (const [a, r] of m.backups) text += stmt(k.bak, String(r), formatIpv4(a));
  for (const d of m.dists) {
    text += stmt(
      k.dist,
      formatIpv4(d.addr),
      'PORT',
      ...d.ports.map(String),
      'DESTIP',
      ...d.dests.map(formatIpv4),
    );
  }
  return `${text}ENDVIPADYNAMIC\n`;
}

describe('valid profiles in any layout parse to what they state', () => {
  it('round-trips a model through random spelling and line breaks', () => {
    fc.assert(
      fc.property(
        model,
        fc.tuple(
          spell('VIPADYNAMIC', 5),
          spell('VIPADEFINE', 7),
          spell('VIPABACKUP', 5),
          spell('VIPADISTRIBUTE', 8),
        ),
        fc.array(sep, { minLength: 1, maxLength: 10 }),
        (m, [dyn, def, bak, dist], seps) => {
          const text = render(m, { dyn, def, bak, dist }, seps);
          const r = parseChecked(text);
          expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
          expect(r.profile.vipaDefines.map((d) => d.addr)).toEqual(m.defines);
          expect(r.profile.vipaBackups.map((b) => [b.addr, b.rank])).toEqual(m.backups);
          expect(
            r.profile.vipaDistributes.map((d) => ({
              addr: d.addr,
              ports: d.ports,
              dests: d.dests.map((x) => x.xcf),
            })),
          ).toEqual(m.dists);
        },
      ),
      { numRuns: 300 },
    );
  });
});
