import { describe, expect, it } from 'vitest';
import { replayEta } from './replay-eta';

describe('a replay’s time left', () => {
  it('is in the unit a person reads, from the rate so far', () => {
    expect(replayEta(1_000, 2_000, 1_000)).toBe('about 1 s left');
    expect(replayEta(10_000, 1_000_000, 1_000)).toBe('about 2 min left');
    // 20,000 events a second towards 10⁹: about 14 hours.
    expect(replayEta(20_000, 1_000_000_000, 1_000)).toBe('about 14 h left');
    expect(replayEta(1_000, 1_000_000_000, 1_000)).toBe('about 12 days left');
  });

  it('says nothing before it can tell, or when done', () => {
    expect(replayEta(0, 100, 5_000)).toBeNull();
    expect(replayEta(50, 100, 100)).toBeNull();
    expect(replayEta(100, 100, 5_000)).toBeNull();
  });
});
