import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueuedEvent } from './events';
import { latestTokens, TimerTokens, type TokenMap } from './timer-tokens';

const NODES = ['MVS1', 'MVS2'];
const KEYS = ['a', 'b', 'c', 'd'];

describe('TimerTokens', () => {
  it('reads as a Map copied from its base would, and never changes the base', () => {
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.constantFrom(...NODES), fc.constantFrom(...KEYS), fc.nat(50)),
      fc.tuple(
        fc.constant('delete' as const),
        fc.constantFrom(...NODES),
        fc.constantFrom(...KEYS),
        fc.constant(0),
      ),
    );
    const baseArb = fc.dictionary(
      fc.constantFrom(...NODES),
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.nat(50)),
    );
    fc.assert(
      fc.property(baseArb, fc.array(op), (init, ops) => {
        const base: TokenMap = new Map(
          Object.entries(init).map(([n, keys]) => [n, new Map(Object.entries(keys))]),
        );
        const before = JSON.stringify([...base].map(([n, m]) => [n, [...m]]));
        const model = new Map<string, number>();
        for (const [n, m] of base) for (const [k, v] of m) model.set(`${n}/${k}`, v);
        const t = new TimerTokens(base);
        for (const [kind, node, key, token] of ops) {
          if (kind === 'set') {
            model.set(`${node}/${key}`, token);
            t.set(node, key, token);
          } else {
            model.delete(`${node}/${key}`);
            t.delete(node, key);
          }
          for (const n of NODES) for (const k of KEYS) expect(t.get(n, k)).toBe(model.get(`${n}/${k}`));
        }
        expect(JSON.stringify([...base].map(([n, m]) => [n, [...m]]))).toBe(before);
      }),
    );
  });

  it('takes the largest token queued under each node and key, and no frames', () => {
    const timer = (node: string, key: string, token: number, seq: number): QueuedEvent => ({
      time: seq,
      seq,
      node,
      input: { type: 'timer', key, token },
    });
    const queue: QueuedEvent[] = [
      timer('MVS1', 'rto', 3, 0),
      timer('MVS1', 'rto', 7, 1),
      timer('MVS2', 'rto', 5, 2),
      timer('MVS1', 'rto', 6, 3),
      timer('MVS1', 'keepalive', 1, 4),
      {
        time: 5,
        seq: 5,
        node: 'MVS2',
        input: { type: 'frame', port: 'eth0', link: 'L1', frame: new Uint8Array(1) },
      },
    ];
    const t = latestTokens(queue);
    expect([...t].map(([n, m]) => [n, [...m]])).toEqual([
      [
        'MVS1',
        [
          ['rto', 7],
          ['keepalive', 1],
        ],
      ],
      ['MVS2', [['rto', 5]]],
    ]);
  });
});
