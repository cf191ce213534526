import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, parseProfile } from '../profile';
import { generatedDvipa, generateSysplex } from './generate';
import type { Scenario } from './types';

// The generator's scenarios are valid: every profile parses without errors, each DVIPA is defined
// once on a network stack and backed up by other network stacks with distinct ranks (DESIGN.md §3),
// and the clients and the IPsec policy cover every DVIPA:60.

const params = fc.record({
  stacks: fc.integer({ min: 2, max: 8 }),
  dvipas: fc.integer({ min: 1, max: 4 }),
  backupsPerDvipa: fc.integer({ min: 0, max: 4 }),
  clients: fc.integer({ min: 1, max: 3 }),
  connections: fc.integer({ min: 0, max: 6 }),
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  ipsec: fc.boolean(),
  distMethod: fc.constantFrom('ROUNDROBIN', 'WEIGHTEDACTIVE', 'BASEWLM', 'HOTSTANDBY', 'mixed' as const),
});

function checkValid(sc: Scenario, dvipas: number, ipsec: boolean): void {
  const parsed = sc.stacks.map((s) => parseProfile(s.profile));
  for (const [i, p] of parsed.entries()) {
    const errors = p.diagnostics.filter((d) => d.severity === 'error');
    expect(errors, sc.stacks[i]!.profile).toEqual([]);
    expect(p.ok).toBe(true);
    expect(p.profile.dynamicXcf?.addr).toBeDefined();
    expect(formatIpv4(p.profile.dynamicXcf!.addr)).toBe(sc.stacks[i]!.xcfAddr);
  }
  sc.stacks.forEach((s, i) => {
    expect(s.name).toBe(`MVS${i + 1}`);
    expect(s.xcfAddr).toBe(`10.255.0.${i + 1}`);
  });
  for (let k = 0; k < dvipas; k++) {
    const addr = generatedDvipa(k);
    const definers = parsed.flatMap((p, i) =>
      p.profile.vipaDefines.some((d) => formatIpv4(d.addr) === addr) ? [i] : [],
    );
    expect(definers).toHaveLength(1);
    const owner = definers[0]!;
    expect(sc.stacks[owner]!.externalAddr).toBeDefined();
    expect(
      parsed[owner]!.profile.vipaDistributes.some((d) => formatIpv4(d.addr) === addr && d.ports.includes(60)),
    ).toBe(true);
    const backups = parsed.flatMap((p, i) =>
      p.profile.vipaBackups.filter((b) => formatIpv4(b.addr) === addr).map((b) => ({ i, rank: b.rank })),
    );
    for (const b of backups) {
      expect(b.i).not.toBe(owner);
      expect(sc.stacks[b.i]!.externalAddr).toBeDefined();
    }
    expect(new Set(backups.map((b) => b.rank)).size).toBe(backups.length);
    expect(sc.stacks.some((s) => s.apps.some((a) => a.bindAddr === addr && a.port === 60))).toBe(true);
    for (const c of sc.clients) expect(c.targets).toContainEqual({ addr, port: 60 });
    if (ipsec) expect(sc.ipsec?.protect).toContainEqual({ dvipa: addr, port: 60 });
  }
  expect(sc.ipsec !== undefined).toBe(ipsec);
  const addrs = [
    ...sc.stacks.flatMap((s) => (s.externalAddr ? [s.externalAddr] : [])),
    ...sc.clients.map((c) => c.addr),
    ...Array.from({ length: dvipas }, (_, k) => generatedDvipa(k)),
  ];
  expect(new Set(addrs).size).toBe(addrs.length);
}

describe('generateSysplex', () => {
  it('every generated profile parses without errors, over the parameters (2–8 stacks)', () => {
    fc.assert(
      fc.property(params, (p) => {
        checkValid(generateSysplex(p), p.dvipas, p.ipsec);
      }),
      { seed: 9, numRuns: 150 },
    );
  });

  it('makes the 16-stack sysplex the UI shows', () => {
    for (const seed of [1, 2, 3]) {
      const sc = generateSysplex({
        stacks: 16,
        dvipas: 3,
        backupsPerDvipa: 3,
        clients: 2,
        connections: 2,
        seed,
        ipsec: true,
        distMethod: 'mixed',
      });
      expect(sc.stacks).toHaveLength(16);
      checkValid(sc, 3, true);
    }
  });

  it('is deterministic in its seed', () => {
    const o = { stacks: 6, dvipas: 2, backupsPerDvipa: 2, clients: 1, connections: 3, ipsec: true };
    expect(generateSysplex({ ...o, seed: 5 })).toEqual(generateSysplex({ ...o, seed: 5 }));
    expect(generateSysplex({ ...o, seed: 5 })).not.toEqual(generateSysplex({ ...o, seed: 6 }));
  });

  it('gives each DVIPA the backups asked for when there are network stacks for them', () => {
    const sc = generateSysplex({
      stacks: 8,
      dvipas: 3,
      backupsPerDvipa: 3,
      clients: 1,
      connections: 1,
      seed: 4,
      ipsec: false,
    });
    for (let k = 0; k < 3; k++) {
      const n = sc.stacks.filter((s) =>
        parseProfile(s.profile).profile.vipaBackups.some((b) => formatIpv4(b.addr) === generatedDvipa(k)),
      ).length;
      expect(n).toBe(3);
    }
  });
});

describe("generateSysplex with backupTargets 'same-servers'", () => {
  it('every VIPADISTRIBUTE of a DVIPA names the same serving stacks', () => {
    fc.assert(
      fc.property(params, (p) => {
        const sc = generateSysplex({ ...p, backupTargets: 'same-servers' });
        checkValid(sc, p.dvipas, p.ipsec);
        for (let k = 0; k < p.dvipas; k++) {
          const addr = generatedDvipa(k);
          const serving = new Set(
            sc.stacks.filter((s) => s.apps.some((a) => a.bindAddr === addr)).map((s) => s.xcfAddr),
          );
          const lists = sc.stacks.flatMap((s) =>
            parseProfile(s.profile).profile.vipaDistributes.filter((d) => formatIpv4(d.addr) === addr),
          );
          const named = (d: (typeof lists)[number]) =>
            (d.destAll ? [...serving] : d.dests.map((x) => formatIpv4(x.xcf)).filter((x) => serving.has(x)))
              .sort()
              .join(' ');
          expect(new Set(lists.map(named)).size).toBe(1);
        }
      }),
      { seed: 10, numRuns: 150 },
    );
  });
});
