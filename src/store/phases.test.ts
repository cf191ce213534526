import { describe, expect, it } from 'vitest';
import { recognizePhase } from './phases';

const note = (summary: string) => ({ kind: 'note' as const, summary });

describe('recognizePhase', () => {
  it('reads the phase notes', () => {
    expect(recognizePhase(note('phase takeover-complete 203.0.113.11 MVS5: done'))).toMatchObject({
      kind: 'takeover-complete',
      subject: '203.0.113.11',
      at: 'MVS5',
    });
  });

  it('reads the plain takeover, takeback and failure notes', () => {
    expect(
      recognizePhase(note('takeover: MVS5 takes DVIPA 203.0.113.11 over from MVS1 (backup rank 10)')),
    ).toMatchObject({ kind: 'takeover-complete', subject: '203.0.113.11', at: 'MVS5' });
    expect(recognizePhase(note('takeback: MVS5 gives DVIPA 203.0.113.11 back to MVS1'))).toMatchObject({
      kind: 'takeback-complete',
      at: 'MVS1',
    });
    expect(recognizePhase(note('XCF group: MVS1 failed (no status for 500 ms)'))).toMatchObject({
      kind: 'failure-detected',
      subject: 'MVS1',
    });
  });

  it('ignores other records', () => {
    expect(recognizePhase(note('MVS2 learns MVS1 failed'))).toBeNull();
    expect(recognizePhase({ kind: 'frame', summary: 'phase takeover-complete a b: c' })).toBeNull();
  });
});
