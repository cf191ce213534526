import { describe, expect, it } from 'vitest';
import type { StackDvipaConfig } from './dvipa-config';
import { backupRank, ownVipaList, takeoverVipaList, takeoverWinner, targetRole } from './dvipa-roles';

const X = (n: number) => 0x0aff0000 + n;
const DVA1 = 0xcb00710b;
const DVB1 = 0xcb007115;
const MASK = 0xffffff00;
const dest = (n: number) => ({ xcf: X(n), weight: 1, standbyRank: 0 });

// Figure 9 (DESIGN.md §3) in this module's terms.
const mvs1: StackDvipaConfig = {
  xcf: X(1),
  dvipsec: true,
  defines: [{ addr: DVA1, mask: MASK }],
  backups: [{ addr: DVB1, mask: MASK, rank: 30 }],
  distributes: [
    { addr: DVA1, ports: [60], method: 'ROUNDROBIN', destAll: false, dests: [dest(1), dest(2), dest(4)] },
  ],
};
const mvs5: StackDvipaConfig = {
  xcf: X(5),
  dvipsec: true,
  defines: [{ addr: DVB1, mask: MASK }],
  backups: [{ addr: DVA1, mask: MASK, rank: 10 }],
  distributes: [
    { addr: DVB1, ports: [60], method: 'ROUNDROBIN', destAll: true, dests: [] },
    { addr: DVA1, ports: [60], method: 'ROUNDROBIN', destAll: false, dests: [dest(2), dest(3), dest(4)] },
  ],
};

describe('DVIPA roles (Figure 9)', () => {
  const list1 = ownVipaList(mvs1, new Map([[DVA1, [{ xcf: X(5), rank: 10 }]]]));
  const list2 = ownVipaList(mvs5, new Map([[DVB1, [{ xcf: X(1), rank: 30 }]]]));

  it('MVS1 broadcasts DVIPA_list_1: DVA1 port 60 to XCF1, XCF2, XCF4, backed up by MVS5', () => {
    expect(list1).toHaveLength(1);
    expect(list1[0]).toMatchObject({ dvipa: DVA1, owner: X(1), ports: [60], destAll: false, ipsec: true });
    expect(list1[0]!.dests.map((d) => d.xcf)).toEqual([X(1), X(2), X(4)]);
    expect(list1[0]!.backups).toEqual([{ xcf: X(5), rank: 10 }]);
  });

  it('MVS5 broadcasts DVIPA_list_2 for DVB1 only (its DVA1 distribution is for takeover)', () => {
    expect(list2.map((e) => e.dvipa)).toEqual([DVB1]);
    expect(list2[0]).toMatchObject({ destAll: true, owner: X(5) });
  });

  it('MVS2 and MVS4 are candidate targets of DVA1, MVS3 disregards DVIPA_list_1, everyone is a target of DVB1', () => {
    expect([1, 2, 3, 4, 5].map((n) => targetRole(list1[0]!, X(n)))).toEqual([
      'candidate',
      'candidate',
      'not-named',
      'candidate',
      'not-named',
    ]);
    expect([1, 2, 3, 4, 5].every((n) => targetRole(list2[0]!, X(n)) === 'candidate')).toBe(true);
  });

  it('MVS5 is the rank-10 backup of DVA1 and MVS1 the rank-30 backup of DVB1', () => {
    expect(backupRank(mvs5, DVA1)).toBe(10);
    expect(backupRank(mvs1, DVB1)).toBe(30);
    expect(backupRank(mvs1, DVA1)).toBe(0);
  });

  it('on takeover MVS5 uses its own explicit distribution for DVA1 (XCF2, XCF3, XCF4)', () => {
    const e = takeoverVipaList(mvs5, list1[0]!);
    expect(e.owner).toBe(X(5));
    expect(e.dests.map((d) => d.xcf)).toEqual([X(2), X(3), X(4)]);
    expect(e.backups).toEqual([]);
  });

  it('without an explicit distribution a backup inherits the failed owner list', () => {
    const e = takeoverVipaList({ ...mvs5, distributes: [] }, list1[0]!);
    expect(e.dests.map((d) => d.xcf)).toEqual([X(1), X(2), X(4)]);
    expect(e.owner).toBe(X(5));
  });

  it('the highest-ranked live backup wins, ties to the lower XCF address, none when all are down', () => {
    const backups = [
      { xcf: X(3), rank: 10 },
      { xcf: X(2), rank: 50 },
      { xcf: X(4), rank: 50 },
    ];
    expect(takeoverWinner(backups, () => true)).toBe(X(2));
    expect(takeoverWinner(backups, (x) => x !== X(2))).toBe(X(4));
    expect(takeoverWinner(backups, (x) => x === X(3))).toBe(X(3));
    expect(takeoverWinner(backups, () => false)).toBeNull();
  });
});
