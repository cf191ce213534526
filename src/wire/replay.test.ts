import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReplayWindow, inferEsnHigh, replayCheck, replayUpdate } from './replay';

describe('anti-replay window (RFC 4303 §3.4.3)', () => {
  it('accepts new numbers, rejects duplicates and numbers left of the window', () => {
    const w = createReplayWindow(64);
    expect(replayCheck(w, 0)).toBe('too-old');
    expect(replayUpdate(w, 1)).toBe('ok');
    expect(replayUpdate(w, 1)).toBe('duplicate');
    expect(replayUpdate(w, 100)).toBe('ok'); // far right of the window: new, slides it
    expect(replayCheck(w, 36)).toBe('too-old'); // 100 - 64 = 36 is just outside
    expect(replayCheck(w, 37)).toBe('ok'); // inside, never seen
    expect(replayUpdate(w, 37)).toBe('ok');
    expect(replayCheck(w, 37)).toBe('duplicate');
    expect(replayCheck(w, 100)).toBe('duplicate');
    expect(replayCheck(w, 99)).toBe('ok');
  });

  it('honours a configured size', () => {
    const w = createReplayWindow(32);
    replayUpdate(w, 40);
    expect(replayCheck(w, 8)).toBe('too-old');
    expect(replayCheck(w, 9)).toBe('ok');
  });

  it('behaves like a set of accepted numbers with a sliding lower bound (model test)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 300 }),
        (size, seqs) => {
          const w = createReplayWindow(size);
          const seen = new Set<number>();
          let top = 0;
          for (const s of seqs) {
            const expected = s > top ? 'ok' : s + size <= top ? 'too-old' : seen.has(s) ? 'duplicate' : 'ok';
            expect(replayUpdate(w, s)).toBe(expected);
            if (expected === 'ok') {
              seen.add(s);
              top = Math.max(top, s);
            }
          }
        },
      ),
    );
  });

  it('infers the ESN high half (RFC 4303 Appendix A2.2)', () => {
    const w = createReplayWindow(64);
    replayUpdate(w, 0x1_0000_0000 + 10); // top: high 1, low 10 — the window spans the boundary
    expect(inferEsnHigh(w, 11)).toBe(1);
    expect(inferEsnHigh(w, 0xfffffff0)).toBe(0); // still in the window, previous cycle
    const w2 = createReplayWindow(64);
    replayUpdate(w2, 0xffffff00);
    expect(inferEsnHigh(w2, 0xffffff80)).toBe(0);
    expect(inferEsnHigh(w2, 5)).toBe(1); // wrapped: the next cycle
  });
});
