import { describe, expect, it } from 'vitest';
import type { NodeView } from '../sim/host';
import type { TraceRecord } from '../sim/types';
import { checkInvariants, convergence, type InvariantInput } from './invariants';

// The checker on hand-made views and traces: a healthy sysplex passes, and each invariant of
// DESIGN.md §5 can fail — a checker that cannot fail proves nothing.

const DVA1 = '203.0.113.11';
const DVA1_NUM = (203 << 24) | (0 << 16) | (113 << 8) | 11;
const xcfNum = (i: number) => (10 << 24) | (255 << 16) | i;

interface StackOpts {
  up?: boolean;
  vipadyn?: { ipAddr: string; status: string; distStat: string }[];
  in?: string[];
  out?: string[];
  ike?: { spiI: string; spiR: string }[];
}

function stack(i: number, o: StackOpts = {}): NodeView {
  const phase2 = [
    ...(o.in ?? []).map((spi) => ({ spi, dir: 'in', local: DVA1, remote: '198.51.100.7' })),
    ...(o.out ?? []).map((spi) => ({ spi, dir: 'out', local: DVA1, remote: '198.51.100.7' })),
  ];
  return {
    id: `MVS${i}`,
    kind: 'stack',
    up: o.up ?? true,
    failed: null,
    state: {
      name: `MVS${i}`,
      xcf: `10.255.0.${i}`,
      vipadyn: o.vipadyn ?? [{ ipAddr: DVA1, status: 'ACTIVE', distStat: 'DEST' }],
      ipsec: { phase1: (o.ike ?? []).map((k) => ({ ...k, local: DVA1 })), phase2 },
    },
  };
}

const owner = { ipAddr: DVA1, status: 'ACTIVE', distStat: 'DIST/DEST' };
const backup = { ipAddr: DVA1, status: 'BACKUP', distStat: '' };

function cf(ownerXcf: number, p2: string[], p1 = [{ id: 'p1', spiI: 'aa', spiR: 'bb' }]): NodeView {
  return {
    id: 'CF',
    kind: 'cf',
    up: true,
    failed: null,
    state: {
      structure: {
        entries: {
          [String(DVA1_NUM >>> 0)]: {
            dvipa: DVA1_NUM >>> 0,
            owner: ownerXcf,
            phase1: Object.fromEntries(p1.map((p) => [p.id, p])),
            phase2: Object.fromEntries(p2.map((spi, j) => [`c${j}`, { phase1Id: 'p1', inboundSpi: spi }])),
          },
        },
      },
    },
  };
}

interface ClientOpts {
  failed?: number;
  servers?: Record<string, number>;
  opened?: number;
  mismatches?: number;
  duplicates?: number;
  outOfOrder?: number;
  bytesDuplicated?: number;
  bytesUnanswered?: number;
}

function client(o: ClientOpts = {}): NodeView {
  const servers = o.servers ?? { 'APP A@MVS1': 2, 'APP A@MVS2': 2 };
  return {
    id: 'Client',
    kind: 'peer',
    up: true,
    failed: null,
    state: {
      clients: [
        {
          name: `Client→${DVA1}:60`,
          connectionsOpened: o.opened ?? Object.values(servers).reduce((a, b) => a + b, 0),
          connectionsFailed: o.failed ?? 0,
          mismatches: o.mismatches ?? 0,
          duplicates: o.duplicates ?? 0,
          outOfOrder: o.outOfOrder ?? 0,
          bytesDuplicated: o.bytesDuplicated ?? 0,
          bytesUnanswered: o.bytesUnanswered ?? 0,
          servers,
        },
      ],
    },
  };
}

let index = 0;
const rec = (time: number, node: string, kind: TraceRecord['kind'], summary: string): TraceRecord => ({
  index: index++,
  event: index,
  time,
  node,
  kind,
  summary,
});

/** MVS1 killed at 1 s; the group notices at 1.5 s; MVS5 takes DVA1 over and completes. */
const takeoverTrace = (): TraceRecord[] => [
  rec(1_000_000, 'MVS1', 'control', 'control kill'),
  rec(1_500_050, 'CF', 'note', 'phase failure-detected MVS1 CF01: the XCF group tells the members'),
  rec(1_500_100, 'MVS5', 'note', `phase takeover-start ${DVA1} MVS5: reads the records`),
  rec(1_516_200, 'MVS5', 'note', `phase takeover-complete ${DVA1} MVS5: 1 SA set(s) renegotiated`),
];

/** MVS5 owns DVA1 after the takeover, with SA in 0000beef / out 0000cafe, recorded in the CF. */
function afterTakeover(): InvariantInput {
  return {
    status: { eventIndex: 1400, time: 2_000_000 },
    records: takeoverTrace(),
    views: [
      stack(1, { up: false, vipadyn: [owner], in: ['00000001'], out: ['00000002'] }),
      stack(2),
      stack(5, { vipadyn: [owner], in: ['0000beef'], out: ['0000cafe'], ike: [{ spiI: 'aa', spiR: 'bb' }] }),
      cf(xcfNum(5), ['0000beef']),
      client({ failed: 2 }),
    ],
  };
}

const withView = (input: InvariantInput, v: NodeView): InvariantInput => ({
  ...input,
  views: [...input.views.filter((x) => x.id !== v.id), v],
});

describe('checkInvariants', () => {
  it('passes a converged takeover (the dead primary and its frozen view do not count)', () => {
    expect(checkInvariants(afterTakeover())).toEqual([]);
  });

  it('one-owner: two live routing owners once converged, with the event and time', () => {
    const v = checkInvariants(withView(afterTakeover(), stack(2, { vipadyn: [owner] })));
    expect(v).toEqual([
      {
        invariant: 'one-owner',
        event: 1400,
        timeUs: 2_000_000,
        subject: DVA1,
        detail: '2 routing owners: MVS2, MVS5',
      },
    ]);
  });

  it('one-owner is not judged while a takeover is under way', () => {
    const input = withView(afterTakeover(), stack(2, { vipadyn: [owner] }));
    const open = { ...input, records: takeoverTrace().slice(0, 3) };
    expect(checkInvariants(open, { only: ['one-owner'] })).toEqual([]);
  });

  it('app-bytes: mismatches, duplicates, reordering and duplicated bytes are reported', () => {
    const input = withView(
      afterTakeover(),
      client({ failed: 2, duplicates: 1, outOfOrder: 2, bytesDuplicated: 208 }),
    );
    const v = checkInvariants(input);
    expect(v.map((x) => [x.invariant, x.detail])).toEqual([
      ['app-bytes', 'duplicates 1, outOfOrder 2, bytesDuplicated 208'],
    ]);
    expect(checkInvariants(withView(afterTakeover(), client({ failed: 2, mismatches: 1 })))[0]?.detail).toBe(
      'mismatches 1',
    );
  });

  it('app-bytes when drained: unanswered bytes on a client whose servers all survived', () => {
    const input = withView(afterTakeover(), client({ servers: { 'APP A@MVS2': 4 }, bytesUnanswered: 208 }));
    expect(checkInvariants(input)).toEqual([]);
    expect(checkInvariants(input, { drained: true }).map((x) => x.detail)).toEqual([
      '208 request bytes never answered, every server alive',
    ]);
    // A connection whose server died may stall instead of being reset: its bytes are not judged.
    const died = withView(afterTakeover(), client({ bytesUnanswered: 208 }));
    expect(checkInvariants(died, { drained: true })).toEqual([]);
  });

  it('connections: a failed connection whose server ran on a live stack', () => {
    // 3 failed: only the 2 answered by MVS1 (killed) are explained.
    const v = checkInvariants(withView(afterTakeover(), client({ failed: 3 })));
    expect(v.map((x) => x.invariant)).toEqual(['connections']);
    expect(v[0]!.detail).toMatch(
      /^3 failed, but only 2 ran on a downed stack \(MVS1\) and 0 were never answered/,
    );
    // Never answered connections may have failed (their server is not known).
    expect(checkInvariants(withView(afterTakeover(), client({ failed: 3, opened: 5 })))).toEqual([]);
  });

  it('cf-records: the CF entry is owned by another stack than the routing owner', () => {
    const v = checkInvariants(withView(afterTakeover(), cf(xcfNum(1), ['0000beef'])));
    expect(v.map((x) => x.detail)).toEqual(['CF entry owned by MVS1, routing owner is MVS5']);
  });

  it("cf-records: phase 2 records other than the owner's inbound SAs", () => {
    const v = checkInvariants(withView(afterTakeover(), cf(xcfNum(5), ['00000001'])));
    expect(v.map((x) => [x.invariant, x.detail])).toEqual([
      [
        'cf-records',
        "phase 2 records differ from MVS5's inbound SAs: not in the CF [0000beef], in the CF only [00000001]",
      ],
    ]);
  });

  it('cf-records: records for a DVIPA whose owner holds no SAs', () => {
    const input = withView(afterTakeover(), stack(5, { vipadyn: [owner] }));
    const v = checkInvariants(input);
    expect(v.map((x) => x.detail)).toEqual([
      "phase 2 records differ from MVS5's inbound SAs: not in the CF [], in the CF only [0000beef]",
      'phase 1 records of no IKE SA of MVS5: p1',
    ]);
  });

  it('converged, when required: a takeover that never completes', () => {
    const open = { ...afterTakeover(), records: takeoverTrace().slice(0, 3) };
    expect(checkInvariants(open)).toEqual([]);
    expect(checkInvariants(open, { requireConverged: true }).map((x) => [x.invariant, x.detail])).toEqual([
      ['converged', `not converged: takeover-start ${DVA1} MVS5 without its completion`],
    ]);
  });

  it('cf-records is not judged before the group noticed the failure', () => {
    const input = withView(afterTakeover(), cf(xcfNum(1), ['00000001']));
    const early = {
      ...input,
      records: takeoverTrace().slice(0, 1),
      status: { eventIndex: 900, time: 1_200_000 },
    };
    expect(checkInvariants(early, { only: ['cf-records'] })).toEqual([]);
  });

  it('one-sa-owner: the same inbound SPI, or SAs for one DVIPA, on two live stacks', () => {
    const input = withView(afterTakeover(), stack(2, { vipadyn: [backup], in: ['0000beef'] }));
    const v = checkInvariants(input, { only: ['one-sa-owner'] });
    expect(v.map((x) => x.detail)).toEqual([
      'inbound SPI 0000beef installed on MVS2 and MVS5',
      'SAs installed on MVS2 and MVS5',
    ]);
    const other = withView(afterTakeover(), stack(2, { vipadyn: [backup], out: ['00001234'] }));
    expect(checkInvariants(other, { only: ['one-sa-owner'] }).map((x) => x.detail)).toEqual([
      'SAs installed on MVS2 and MVS5',
    ]);
  });
});

describe('convergence', () => {
  const stacks = new Set(['MVS1', 'MVS2', 'MVS5']);

  it('is pending while a failure is unnoticed, a move open, or the last fault fresh', () => {
    const t = takeoverTrace();
    expect(convergence(t.slice(0, 1), 1_200_000, stacks).pending).toEqual([
      'MVS1 went down at 1000000 µs, not yet noticed by the XCF group',
    ]);
    expect(convergence(t.slice(0, 3), 1_510_000, stacks).pending).toEqual([
      `takeover-start ${DVA1} MVS5 without its completion`,
    ]);
    const c = convergence(t, 2_000_000, stacks);
    expect([c.converged, [...c.downed]]).toEqual([true, ['MVS1']]);
    expect(
      convergence(
        [...t, rec(1_990_000, 'xcf:MVS2-MVS5', 'link', 'link xcf:MVS2-MVS5 down')],
        2_000_000,
        stacks,
      ).converged,
    ).toBe(false);
  });

  it('a planned stop is noticed by the leave; a restart before detection needs none', () => {
    const stop = [
      rec(1_000_000, 'MVS1', 'control', 'control stop'),
      rec(1_000_050, 'CF', 'note', 'XCF group: MVS1 left (planned)'),
    ];
    expect(convergence(stop, 1_100_000, stacks).converged).toBe(true);
    const bounce = [
      rec(1_000_000, 'MVS1', 'control', 'control kill'),
      rec(1_100_000, 'MVS1', 'control', 'control restart'),
    ];
    expect(convergence(bounce, 1_200_000, stacks).converged).toBe(true);
  });

  it('a move abandoned because its stack went down is no longer open', () => {
    const t = [
      ...takeoverTrace().slice(0, 3),
      rec(1_505_000, 'MVS5', 'control', 'control kill'),
      rec(2_005_050, 'CF', 'note', 'phase failure-detected MVS5 CF01: the XCF group tells the members'),
    ];
    expect(convergence(t, 2_100_000, stacks).converged).toBe(true);
  });
});
