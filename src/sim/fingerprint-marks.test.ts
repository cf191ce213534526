import { describe, expect, it } from 'vitest';
import { FingerprintMarks, MARK_EVERY } from './fingerprint-marks';

const fp = (n: number) => new Uint8Array(32).fill(n & 0xff);

describe('FingerprintMarks', () => {
  it('notes marks at MARK_EVERY boundaries only, the first time', () => {
    const m = new FingerprintMarks();
    m.note(MARK_EVERY - 1, fp(1), 5);
    expect(m.at(MARK_EVERY - 1)).toBeUndefined();
    m.note(MARK_EVERY, fp(2), 7);
    m.note(MARK_EVERY, fp(3), 9);
    expect(m.at(MARK_EVERY)).toEqual({ event: MARK_EVERY, fingerprint: fp(2), count: 7 });
    // A copy: changing it leaves the mark.
    m.at(MARK_EVERY)!.fingerprint.fill(0);
    expect(m.at(MARK_EVERY)!.fingerprint).toEqual(fp(2));
  });

  it('finds the newest mark at or before an event that passes the test, past gaps and growth', () => {
    const m = new FingerprintMarks();
    for (let i = 1; i <= 300; i++) if (i !== 150) m.note(i * MARK_EVERY, fp(i), i * 10);
    expect(m.atOrBefore(150 * MARK_EVERY + 5)?.event).toBe(149 * MARK_EVERY);
    expect(m.atOrBefore(200 * MARK_EVERY + 63)?.count).toBe(2000);
    expect(m.atOrBefore(10_000 * MARK_EVERY)?.event).toBe(300 * MARK_EVERY);
    expect(m.atOrBefore(200 * MARK_EVERY, (e) => e !== 200 * MARK_EVERY)?.event).toBe(199 * MARK_EVERY);
    expect(m.atOrBefore(MARK_EVERY - 1)).toBeUndefined();
    expect(m.at(300 * MARK_EVERY)?.fingerprint).toEqual(fp(300));
  });

  it('drops the marks after a branch and notes the new timeline’s', () => {
    const m = new FingerprintMarks();
    for (let i = 1; i <= 10; i++) m.note(i * MARK_EVERY, fp(i), i);
    m.dropAfter(5 * MARK_EVERY + 3);
    expect(m.at(5 * MARK_EVERY)?.count).toBe(5);
    expect(m.at(6 * MARK_EVERY)).toBeUndefined();
    expect(m.atOrBefore(9 * MARK_EVERY)?.event).toBe(5 * MARK_EVERY);
    m.note(6 * MARK_EVERY, fp(60), 60);
    expect(m.at(6 * MARK_EVERY)).toEqual({ event: 6 * MARK_EVERY, fingerprint: fp(60), count: 60 });
    m.clear();
    expect(m.atOrBefore(9 * MARK_EVERY)).toBeUndefined();
  });
});
