import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../../runtime/in-process';
import { ActorRegistry, defineActorKind } from '../../sim/registry';
import type { World } from '../../sim/types';
import { encodeIpv4 } from '../../wire/ipv4';
import { encodeRip } from '../../wire/rip';
import { testIpHeader } from '../../wire/testing/ip-header';
import { encodeUdp } from '../../wire/udp';
import { type RouterState, routerActor } from './actor';

const DVA1 = 0xcb00710b;
const ip = (src: string, dst: string, protocol: number, payload: Uint8Array) =>
  encodeIpv4({ ...testIpHeader(1, src, dst), protocol, payload });
const rip = (src: string, metric: number) =>
  ip(
    src,
    '198.51.100.1',
    17,
    encodeUdp(
      {
        srcPort: 520,
        dstPort: 520,
        payload: encodeRip({
          command: 'response',
          routes: [{ addr: DVA1, mask: 0xffffffff, nextHop: 0, metric, tag: 0 }],
        }),
      },
      src,
      '198.51.100.1',
    ),
  );

// A scripted host: sends the frames of its config at the given times and keeps what it receives.
const scripted = defineActorKind<
  { script: { at: number; frame: number[] }[]; got: number[][] },
  { script: { at: number; frame: number[] }[] }
>({
  kind: 'scripted',
  init: (c) => ({ script: c.script, got: [] }),
  handle(s, input) {
    if (input.type === 'control' && input.action === 'start')
      return s.script.map((x, i) => ({ type: 'set-timer' as const, key: String(i), delayUs: x.at }));
    if (input.type === 'timer')
      return [{ type: 'send', port: 'net', frame: new Uint8Array(s.script[Number(input.key)]!.frame) }];
    if (input.type === 'frame') s.got.push(Array.from(input.frame));
    return [];
  },
});

const data = ip(
  '198.51.100.7',
  '203.0.113.11',
  17,
  encodeUdp(
    { srcPort: 4000, dstPort: 60, payload: new Uint8Array([1, 2, 3]) },
    '198.51.100.7',
    '203.0.113.11',
  ),
);

function world(): World {
  return {
    seed: 1,
    actors: [
      {
        id: 'R',
        kind: 'router',
        config: { name: 'R', addr: '198.51.100.1', staticRoutes: [{ addr: '198.51.100.7', port: 'client' }] },
      },
      {
        id: 'MVS1',
        kind: 'scripted',
        config: { script: [{ at: 10, frame: Array.from(rip('203.0.113.1', 1)) }] },
      },
      {
        id: 'MVS5',
        kind: 'scripted',
        config: {
          script: [
            { at: 5_000, frame: Array.from(rip('203.0.113.5', 1)) },
            { at: 9_000, frame: Array.from(rip('203.0.113.5', 16)) },
          ],
        },
      },
      {
        id: 'C',
        kind: 'scripted',
        config: {
          script: [
            { at: 1, frame: Array.from(data) },
            { at: 1_000, frame: Array.from(data) },
            { at: 6_000, frame: Array.from(data) },
            { at: 10_000, frame: Array.from(data) },
          ],
        },
      },
    ],
    links: [
      { id: 'l1', a: { node: 'MVS1', port: 'net' }, b: { node: 'R', port: 'stack:MVS1' }, latencyUs: 10 },
      { id: 'l5', a: { node: 'MVS5', port: 'net' }, b: { node: 'R', port: 'stack:MVS5' }, latencyUs: 10 },
      { id: 'lc', a: { node: 'C', port: 'net' }, b: { node: 'R', port: 'client' }, latencyUs: 10 },
    ],
  };
}

describe('network router', () => {
  it('routes a DVIPA to the stack that advertised it last, and forgets it when that stack withdraws', async () => {
    const rt = new InProcessRuntime(new ActorRegistry().register(routerActor).register(scripted));
    await rt.load(world());
    await rt.run({ time: 20_000 });
    const got = async (n: string) => ((await rt.view(n)).state as { got: number[][] }).got;
    // t=1: no route yet (dropped); t=1000: MVS1 owns DVA1; t=6000: MVS5 took it over; t=10000: withdrawn.
    expect(await got('MVS1')).toHaveLength(1);
    expect(await got('MVS5')).toHaveLength(1);
    const fwd = (await got('MVS1'))[0]!;
    expect(fwd[8]).toBe(63); // TTL decremented
    const r = (await rt.view('R')).state as RouterState;
    expect(r.forwarded).toBe(2);
    expect(r.drops).toEqual({ 'no-route': 2 });
    expect(
      rt.records().some((x) => x.summary === 'route 203.0.113.11 via stack:MVS5 (RIP from 203.0.113.5)'),
    ).toBe(true);
    expect(rt.records().some((x) => x.summary === 'route 203.0.113.11 withdrawn by 203.0.113.5')).toBe(true);
  });

  it('ignores a withdrawal from a stack that no longer owns the route, and counts bad packets', async () => {
    const w = world();
    w.actors[2]!.config = {
      script: [
        { at: 500, frame: Array.from(rip('203.0.113.5', 16)) },
        { at: 600, frame: [0x45, 0, 0] },
      ],
    };
    const rt = new InProcessRuntime(new ActorRegistry().register(routerActor).register(scripted));
    await rt.load(w);
    await rt.run({ time: 2_000 });
    const r = (await rt.view('R')).state as RouterState;
    expect(r.routes[String(DVA1)]?.port).toBe('stack:MVS1');
    expect(r.drops['bad-ipv4']).toBe(1);
  });
});
