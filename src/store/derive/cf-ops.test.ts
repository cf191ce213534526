import { describe, expect, it } from 'vitest';
import { parseCfOp } from './cf-ops';

const note = (summary: string) => ({ index: 1, kind: 'note' as const, node: 'CF', summary });

describe('parseCfOp', () => {
  it('reads claims and reads', () => {
    expect(parseCfOp(note('EZBDVIPA claim 203.0.113.11 by MVS5'))).toMatchObject({
      kind: 'claim',
      dvipa: '203.0.113.11',
      by: 'MVS5',
      rejected: false,
    });
  });

  it('reads record writes and deletes with their phase and id', () => {
    expect(
      parseCfOp(note('EZBDVIPA write phase 2 p2-1 (SPI in c0ffee01 out 0badf00d) for 203.0.113.11 by MVS1')),
    ).toMatchObject({ kind: 'write', phase: 2, id: 'p2-1', dvipa: '203.0.113.11', by: 'MVS1' });
    expect(
      parseCfOp(note('EZBDVIPA delete phase 1 p1-4 for 203.0.113.11 by MVS5 — rejected: owned elsewhere')),
    ).toMatchObject({ kind: 'delete', phase: 1, id: 'p1-4', rejected: true });
  });

  it('ignores other notes', () => {
    expect(parseCfOp(note('XCF group: MVS1 failed'))).toBeNull();
    expect(parseCfOp({ ...note('EZBDVIPA claim 1.2.3.4 by X'), node: 'MVS1' })).toBeNull();
  });
});
