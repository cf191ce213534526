import { describe, expect, it } from 'vitest';
import { parsePhase, phaseNote } from './phase';

describe('phase notes', () => {
  it('round-trip and ignore other summaries', () => {
    const p = {
      kind: 'takeover-complete' as const,
      subject: '203.0.113.11',
      at: 'MVS5',
      text: '2 SAs renegotiated',
    };
    expect(parsePhase(phaseNote(p))).toEqual(p);
    expect(parsePhase('takeover: MVS5 takes DVIPA over')).toBeNull();
  });
});
