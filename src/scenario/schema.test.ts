import { describe, expect, it } from 'vitest';
import { figure9 } from './presets/figure9';
import {
  formatIssue,
  type Issue,
  LIMITS,
  parseScenario,
  parseScenarioDocument,
  type Result,
  scenarioDocument,
} from './schema';
import type { Scenario, StackSpec } from './types';

const doc = (sc: Scenario = figure9, view?: Parameters<typeof scenarioDocument>[1]) =>
  JSON.parse(JSON.stringify(scenarioDocument(sc, view))) as Record<string, unknown> & {
    scenario: Record<string, unknown>;
  };
const withScenario = (patch: Record<string, unknown>) => {
  const d = doc();
  return { ...d, scenario: { ...d.scenario, ...patch } };
};
const withStack = (i: number, patch: Partial<StackSpec> & Record<string, unknown>) =>
  withScenario({ stacks: figure9.stacks.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
const issues = (r: Result<unknown, Issue[]>) => (r.ok ? [] : r.error.map((i) => `${i.path}: ${i.message}`));

describe('parseScenarioDocument: shape', () => {
  it('accepts the Figure 9 document and returns an equal fresh copy', () => {
    const input = doc(figure9, { eventIndex: 10, selectedNode: 'MVS1', selectedRecord: 9 });
    const r = parseScenarioDocument(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(input);
    expect(r.value.scenario).not.toBe(input.scenario);
  });

  it('reports an unknown field, a missing one and a wrong type by path', () => {
    const d = doc();
    const stacks = figure9.stacks.map((s) => ({ ...s })) as unknown as Record<string, unknown>[];
    stacks[2]!.color = 'red';
    delete stacks[1]!.runsIke;
    stacks[0]!.apps = [{ name: 'APP A', bindAddr: '203.0.113.11', port: '60' }];
    expect(issues(parseScenarioDocument({ ...d, scenario: { ...d.scenario, stacks }, extra: 1 }))).toEqual([
      'scenario.stacks[0].apps[0].port: expected number, got "60"',
      'scenario.stacks[1].runsIke: missing',
      'scenario.stacks[2].color: unknown field (format version 1 has no such field)',
      'extra: unknown field (format version 1 has no such field)',
    ]);
  });

  it('names the supported version for a newer document, a newer scenario, or another format', () => {
    expect(issues(parseScenarioDocument({ ...doc(), version: 2, newThing: {} }))).toEqual([
      'version: version 2 (made by a newer emulator) is not supported: this emulator reads version 1',
    ]);
    expect(issues(parseScenarioDocument(withScenario({ version: '1' })))).toEqual([
      'scenario.version: version "1" is not supported: this emulator reads version 1',
    ]);
    expect(issues(parseScenarioDocument({ ...doc(), format: 'other' }))).toEqual([
      'format: not a scenario document: format must be "sysplex-ipsec-emulator"',
    ]);
    for (const x of [null, [], 'figure9', 42])
      expect(issues(parseScenarioDocument(x))).toEqual([
        '(document): not a scenario document (a JSON object is expected)',
      ]);
  });

  it('checks dotted IPv4 addresses and ports everywhere', () => {
    const d = withScenario({
      clients: [
        {
          ...figure9.clients[0]!,
          targets: [
            { addr: '203.0.113.11', port: 0 },
            { addr: '203.0.113.256', port: 65_536 },
          ],
        },
      ],
      ipsec: { ...figure9.ipsec!, protect: [{ dvipa: 'DVA1', port: 60 }] },
      router: { name: 'Router', addr: ' 198.51.100.1' },
    });
    expect(issues(parseScenarioDocument(d))).toEqual([
      'scenario.router.addr: must be a dotted IPv4 address such as 203.0.113.11',
      'scenario.clients[0].targets[0].port: must be a whole number from 1 to 65535 (got 0)',
      'scenario.clients[0].targets[1].addr: must be a dotted IPv4 address such as 203.0.113.11',
      'scenario.clients[0].targets[1].port: must be a whole number from 1 to 65535 (got 65536)',
      'scenario.ipsec.protect[0].dvipa: must be a dotted IPv4 address such as 203.0.113.11',
    ]);
    expect(issues(parseScenarioDocument(withStack(2, { xcfAddr: '10.255.0' })))).toContain(
      'scenario.stacks[2].xcfAddr: must be a dotted IPv4 address such as 203.0.113.11',
    );
  });

  it('refuses negative times, fractions, NaN-like and huge numbers', () => {
    const d = withScenario({
      xcfLatencyUs: -1,
      seed: 1.5,
      failureDetectionUs: 1e308,
      workload: { ...figure9.workload, stopUs: -5 },
    });
    expect(issues(parseScenarioDocument(d))).toEqual([
      'scenario.seed: must be a whole number from 0 to 4294967295 (got 1.5)',
      'scenario.xcfLatencyUs: must be a whole number from 0 to 10000000 (got -1)',
      'scenario.failureDetectionUs: must be a whole number from 1 to 60000000 (got 1e+308)',
      'scenario.workload.stopUs: must be a whole number from 0 to 3600000000 (got -5)',
    ]);
  });

  it('knows the comparison modes', () => {
    for (const mode of ['default', 'no-recovery', 'not-distributed'])
      expect(parseScenarioDocument(withScenario({ mode })).ok, mode).toBe(true);
    expect(issues(parseScenarioDocument(withScenario({ mode: 'turbo' })))).toEqual([
      'scenario.mode: expected ("default" | "no-recovery" | "not-distributed"), got "turbo"',
    ]);
  });

  it('bounds the sysplex: at most 64 stacks, at least one', () => {
    const many = Array.from({ length: 65 }, (_, i) => ({
      ...figure9.stacks[1]!,
      name: `S${i}`,
      xcfAddr: `10.255.1.${i}`,
    }));
    expect(issues(parseScenarioDocument(withScenario({ stacks: many })))).toEqual([
      'scenario.stacks: must have 1 to 64 entries (has 65)',
    ]);
    expect(issues(parseScenarioDocument(withScenario({ stacks: [] })))).toEqual([
      'scenario.stacks: must have 1 to 64 entries (has 0)',
    ]);
  });

  it('caps the number of issues it reports', () => {
    const faults = Array.from({ length: 200 }, () => ({ atUs: -1, node: 'MVS1', action: 'kill' }));
    const r = parseScenarioDocument(withScenario({ faults }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toHaveLength(LIMITS.issues);
    expect(r.error.at(-1)!.message).toBe('and 151 more problems');
  });
});

describe('parseScenarioDocument: prototype keys and nesting', () => {
  it('refuses __proto__, constructor and prototype anywhere, before the schema sees them', () => {
    const d = JSON.parse(
      '{"format":"sysplex-ipsec-emulator","version":1,"__proto__":{"polluted":1},' +
        '"scenario":{"stacks":[{"constructor":{"prototype":1}}],"workload":{"prototype":{}}}}',
    );
    expect(issues(parseScenarioDocument(d))).toEqual([
      '__proto__: forbidden key "__proto__" (refused, never used)',
      'scenario.stacks[0].constructor: forbidden key "constructor" (refused, never used)',
      'scenario.workload.prototype: forbidden key "prototype" (refused, never used)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(issues(parseScenarioDocument(withScenario({ description: deep })))).toEqual([
      'scenario.description[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested deeper than 32 levels',
    ]);
  });
});

describe('parseScenarioDocument: the rules beyond the shape', () => {
  it('wants unique node names (stacks, clients, not the CF or router ids) and unique addresses', () => {
    const d = withScenario({
      stacks: figure9.stacks.map((s, i) => (i === 3 ? { ...s, name: 'MVS2', xcfAddr: '10.255.0.1' } : s)),
      clients: [{ ...figure9.clients[0]!, name: 'CF', addr: '203.0.113.5' }],
    });
    expect(issues(parseScenarioDocument(d))).toEqual([
      'scenario.stacks[3].name: "MVS2" is already the name of scenario.stacks[1]',
      'scenario.clients[0].name: "CF" is reserved for the emulator\'s own node',
      'scenario.stacks[3].xcfAddr: XCF address 10.255.0.1 is already used by MVS1',
      'scenario.clients[0].addr: address 203.0.113.5 is already used by scenario.stacks[4].externalAddr',
      "scenario.stacks[3].profile: IPCONFIG DYNAMICXCF differs from the stack's xcfAddr 10.255.0.1",
    ]);
  });

  it('refuses names that would make link ids ambiguous', () => {
    expect(issues(parseScenarioDocument(withStack(0, { name: 'MVS-1' })))[0]).toBe(
      'scenario.stacks[0].name: must be 1–16 letters, digits or _ $ # @ (no spaces, "-" or ":")',
    );
  });

  it('caps the connections of all clients together (each client’s per target, times its targets)', () => {
    const c = figure9.clients[0]!;
    expect(c.targets.length).toBe(2);
    const d = withScenario({
      clients: [
        { ...c, connections: 30_000 },
        { ...c, name: 'Client2', addr: '198.51.100.8', connections: 30_000 },
      ],
    });
    expect(issues(parseScenarioDocument(d))).toEqual([
      'scenario.clients: 120000 connections in all; at most 100000',
    ]);
  });

  it('wants faults to name nodes and links of the world as buildWorld names them', () => {
    const good = withScenario({
      faults: [
        { atUs: 1, node: 'MVS1', action: 'kill' },
        { atUs: 2, node: 'CF', action: 'stop' },
        { atUs: 3, afterEvent: 7, link: 'xcf:MVS1-MVS2', up: false },
        { atUs: 4, link: 'net:Client', up: true },
        { atUs: 5, link: 'cf:MVS3', up: false },
      ],
    });
    expect(issues(parseScenarioDocument(good))).toEqual([]);
    const bad = withScenario({
      faults: [
        { atUs: 1, node: 'MVS9', action: 'kill' },
        { atUs: 2, link: 'xcf:MVS2-MVS1', up: false },
        { atUs: 3, link: 'net:MVS2', up: false },
        { atUs: 4, node: 'MVS1', action: 'explode' },
        { atUs: 5, link: 'cf:MVS1' },
      ],
    });
    expect(issues(parseScenarioDocument(bad))).toEqual([
      'scenario.faults[3].action: expected ("kill" | "stop" | "restart"), got "explode"',
      'scenario.faults[4].up: missing',
    ]);
    const bad2 = withScenario({ faults: (bad.scenario.faults as unknown[]).slice(0, 3) });
    expect(issues(parseScenarioDocument(bad2))).toEqual([
      'scenario.faults[0].node: no node "MVS9" (nodes: MVS1, MVS2, MVS3, MVS4, MVS5, CF, Router, Client)',
      'scenario.faults[1].link: no link "xcf:MVS2-MVS1" (links: xcf:MVS1-MVS2, xcf:MVS1-MVS3, xcf:MVS1-MVS4, xcf:MVS1-MVS5, xcf:MVS2-MVS3, xcf:MVS2-MVS4, xcf:MVS2-MVS5, xcf:MVS3-MVS4, … (18 in all))',
      'scenario.faults[2].link: no link "net:MVS2" (links: xcf:MVS1-MVS2, xcf:MVS1-MVS3, xcf:MVS1-MVS4, xcf:MVS1-MVS5, xcf:MVS2-MVS3, xcf:MVS2-MVS4, xcf:MVS2-MVS5, xcf:MVS3-MVS4, … (18 in all))',
    ]);
  });

  it('reports profile errors with the stack path and line:column, and an XCF address mismatch', () => {
    const profile = `${figure9.stacks[0]!.profile}VIPADYNAMIC\n  VIPADEFINE 255.255.255.0 203.0.113.300\nENDVIPADYNAMIC\n`;
    const r = parseScenarioDocument(withStack(0, { profile, xcfAddr: '10.255.0.9' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map(formatIssue)).toEqual([
      expect.stringMatching(/^scenario\.stacks\[0\]\.profile 11:\d+: .*203\.0\.113\.300/),
      "scenario.stacks[0].profile 2:10: IPCONFIG DYNAMICXCF differs from the stack's xcfAddr 10.255.0.9",
    ]);
    expect(r.error[0]).toMatchObject({ line: 11 });
  });

  it('wants the selected node of the view to exist', () => {
    expect(issues(parseScenarioDocument(doc(figure9, { eventIndex: 3, selectedNode: 'MVS7' })))).toEqual([
      'view.selectedNode: no node "MVS7" (nodes: MVS1, MVS2, MVS3, MVS4, MVS5, CF, Router, Client)',
    ]);
  });
});

describe('parseScenario (a bare scenario)', () => {
  it('accepts Figure 9 and reports paths from its root', () => {
    expect(parseScenario(JSON.parse(JSON.stringify(figure9)))).toEqual({ ok: true, value: figure9 });
    expect(issues(parseScenario({ ...figure9, seed: -1 }))).toEqual([
      'seed: must be a whole number from 0 to 4294967295 (got -1)',
    ]);
  });
});

describe('formatIssue', () => {
  it('gives one line with the place', () => {
    expect(formatIssue({ path: 'url.data', message: 'bad', offset: 7 })).toBe('url.data (character 7): bad');
    expect(formatIssue({ path: 'json', message: 'bad', line: 2, column: 3 })).toBe('json 2:3: bad');
    expect(formatIssue({ path: 'scenario.seed', message: 'bad' })).toBe('scenario.seed: bad');
  });
});
