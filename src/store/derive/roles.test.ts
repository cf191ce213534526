import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../sim/host';
import { roleText, routingOwners, stackSummary } from './roles';

const view = (id: string, up: boolean, state: unknown): NodeView => ({
  id,
  kind: 'stack',
  up,
  failed: null,
  state,
});

const mvs1 = {
  vipadyn: [
    { ipAddr: '203.0.113.11', status: 'ACTIVE', distStat: 'DIST/DEST' },
    { ipAddr: '203.0.113.21', status: 'ACTIVE', distStat: 'DEST' },
  ],
  vipadcfg: [
    { kind: 'VIPA DEFINE', ipAddr: '203.0.113.11', rank: null },
    { kind: 'VIPA BACKUP', ipAddr: '203.0.113.21', rank: 30 },
  ],
  tcp: { states: { ESTABLISHED: 1, SYN_RECEIVED: 1 } },
};
const mvs5 = {
  vipadyn: [
    { ipAddr: '203.0.113.11', status: 'BACKUP', distStat: '' },
    { ipAddr: '203.0.113.21', status: 'ACTIVE', distStat: 'DIST/DEST' },
  ],
  vipadcfg: [{ kind: 'VIPA BACKUP', ipAddr: '203.0.113.11', rank: 10 }],
};

describe('stack roles (Figure 9)', () => {
  it('MVS1 routes DVA1 and is a target and rank-30 backup of DVB1', () => {
    const s = stackSummary(view('MVS1', true, mvs1));
    expect(s.roles.map((r) => `${r.dvipa} ${roleText(r, s.up)}`)).toEqual([
      '203.0.113.11 routing · target',
      '203.0.113.21 target · backup 30',
    ]);
    expect(s.connections).toBe(1);
    expect(s.sas).toBeNull();
  });

  it('MVS5 backs DVA1 up with rank 10', () => {
    const s = stackSummary(view('MVS5', true, mvs5));
    expect(roleText(s.roles[0]!, true)).toBe('backup 10');
  });

  it('a stack that is down shows down, and does not count as an owner', () => {
    const down = stackSummary(view('MVS1', false, mvs1));
    expect(roleText(down.roles[0]!, down.up)).toBe('down');
    const owners = routingOwners([down, stackSummary(view('MVS5', true, mvs5))]);
    expect(owners.get('203.0.113.11')).toEqual([]);
    expect(owners.get('203.0.113.21')).toEqual(['MVS5']);
  });

  it('counts phase 2 SAs when the view has them', () => {
    expect(stackSummary(view('MVS1', true, { ...mvs1, phase2: [{}, {}] })).sas).toBe(2);
    expect(stackSummary(view('MVS1', true, { ...mvs1, phase2: [] })).sas).toBe(0);
  });
});
