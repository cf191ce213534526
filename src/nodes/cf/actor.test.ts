import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../../runtime/in-process';
import { ActorRegistry, defineActorKind } from '../../sim/registry';
import type { Output, World } from '../../sim/types';
import { cfActor } from './actor';
import { type CfFrame, decodeCfFrame, encodeCfFrame } from './codec';

// A minimal group member: joins at start, sends status every 100 ms, records what the CF tells it,
// and on a planned stop leaves the group.
interface MemberState {
  name: string;
  xcf: number;
  heard: string[];
}
const member = defineActorKind<MemberState, { name: string; xcf: number }>({
  kind: 'test-member',
  init: (c) => ({ name: c.name, xcf: c.xcf, heard: [] }),
  handle(s, input) {
    const send = (f: CfFrame): Output => ({ type: 'send', port: 'cf', frame: encodeCfFrame(f) });
    if (input.type === 'control' && (input.action === 'start' || input.action === 'restart'))
      return [
        send({ t: 'join', name: s.name, xcf: s.xcf }),
        { type: 'set-timer', key: 'status', delayUs: 100_000 },
      ];
    if (input.type === 'control' && input.action === 'stop') return [send({ t: 'leave' })];
    if (input.type === 'timer')
      return [send({ t: 'heartbeat' }), { type: 'set-timer', key: 'status', delayUs: 100_000 }];
    if (input.type === 'frame') {
      const r = decodeCfFrame(input.frame);
      if (r.ok && r.value.t === 'member') s.heard.push(`${r.value.name} ${r.value.state} ${r.value.reason}`);
      if (r.ok && r.value.t === 'reply') s.heard.push(`reply ${r.value.reply.op} ${r.value.reply.ok}`);
    }
    return [];
  },
});

const world: World = {
  seed: 7,
  actors: [
    { id: 'CF01', kind: 'cf', config: { name: 'CF01', structure: 'EZBDVIPA', detectionUs: 500_000 } },
    { id: 'MVS1', kind: 'test-member', config: { name: 'MVS1', xcf: 1 } },
    { id: 'MVS5', kind: 'test-member', config: { name: 'MVS5', xcf: 5 } },
  ],
  links: [
    {
      id: 'cf-MVS1',
      a: { node: 'MVS1', port: 'cf' },
      b: { node: 'CF01', port: 'stack:MVS1' },
      latencyUs: 20,
    },
    {
      id: 'cf-MVS5',
      a: { node: 'MVS5', port: 'cf' },
      b: { node: 'CF01', port: 'stack:MVS5' },
      latencyUs: 20,
    },
  ],
};

async function run() {
  const rt = new InProcessRuntime(new ActorRegistry().register(cfActor).register(member));
  await rt.load(world);
  await rt.run({ time: 1_000_000 });
  return rt;
}
const heard = async (rt: InProcessRuntime, node: string) =>
  ((await rt.view(node)).state as MemberState).heard;

describe('coupling facility: XCF group', () => {
  it('tells members who joined, and a crashed member is declared failed after the detection interval', async () => {
    const rt = await run();
    expect(await heard(rt, 'MVS1')).toEqual(['MVS5 up joined']);
    await rt.inject({ type: 'control', node: 'MVS5', action: 'kill' });
    const killedAt = rt.status().time;
    await rt.run({ until: (r) => r.summary.startsWith('XCF group: MVS5 failed') });
    const detected = rt.status().time - killedAt;
    expect(detected).toBeGreaterThan(400_000); // the last status was < 100 ms before the kill
    expect(detected).toBeLessThanOrEqual(500_000 + 20); // a status sent at the kill instant still arrives
    await rt.run({ time: rt.status().time + 1_000 });
    expect(await heard(rt, 'MVS1')).toEqual(['MVS5 up joined', 'MVS5 down failed']);
  });

  it('a planned stop leaves the group at once, and a restarted member rejoins', async () => {
    const rt = await run();
    await rt.inject({ type: 'control', node: 'MVS5', action: 'stop' });
    await rt.run({ time: rt.status().time + 1_000 });
    expect(await heard(rt, 'MVS1')).toEqual(['MVS5 up joined', 'MVS5 down left']);
    await rt.inject({ type: 'control', node: 'MVS5', action: 'restart' });
    await rt.run({ time: rt.status().time + 1_000 });
    expect(await heard(rt, 'MVS1')).toEqual(['MVS5 up joined', 'MVS5 down left', 'MVS5 up joined']);
  });

  it('counts a corrupt frame as a drop and keeps serving', async () => {
    const rt = await run();
    const v = await rt.view('CF01');
    expect((v.state as { counters: { badFrames: number } }).counters.badFrames).toBe(0);
    expect(decodeCfFrame(new Uint8Array([0x43, 0x46, 1, 0x7b]))).toMatchObject({
      ok: false,
      error: { kind: 'bad-body', offset: 3 },
    });
    expect(
      decodeCfFrame(encodeCfFrame({ t: 'req', id: 1, req: { op: 'read', dvipa: -1 } } as CfFrame)),
    ).toMatchObject({
      ok: false,
      error: { kind: 'bad-body' },
    });
  });
});
