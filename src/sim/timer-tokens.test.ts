import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerTokens } from './timer-tokens';

describe('TimerTokens', () => {
  it('reads as a Map copied from its base would, and never changes the base', () => {
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.constantFrom('a', 'b', 'c', 'd'), fc.nat(50)),
      fc.tuple(fc.constant('delete' as const), fc.constantFrom('a', 'b', 'c', 'd'), fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.nat(50)), fc.array(op), (init, ops) => {
        const base = new Map(Object.entries(init));
        const before = [...base];
        const model = new Map(base);
        const t = new TimerTokens(base);
        for (const [kind, key, token] of ops) {
          if (kind === 'set') {
            model.set(key, token);
            t.set(key, token);
          } else {
            model.delete(key);
            t.delete(key);
          }
          for (const k of ['a', 'b', 'c', 'd']) expect(t.get(k)).toBe(model.get(k));
        }
        expect([...base]).toEqual(before);
      }),
    );
  });
});
