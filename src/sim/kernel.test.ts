import { describe, expect, it } from 'vitest';
import type { Entry, HostOutput } from './events';
import { Kernel } from './kernel';
import { pingerMesh } from './testing/worlds';

// The kernel's queue: timers a later timer of the same node and key replaced are dropped at a
// snapshot (they would run as nothing), and nothing else is.

const timer = (at: number, key: string, token: number): HostOutput => ({ type: 'timer', at, key, token });
const entry = (outputs: HostOutput[]): Entry => ({ time: 0, seq: 0, local: -1, records: [], outputs });

describe('Kernel: replaced timers', () => {
  it('a snapshot keeps only the latest timer under each node and key', () => {
    const k = new Kernel(pingerMesh(2, 1));
    const [a, b] = k.world.actors.map((x) => x.id) as [string, string];
    const starts = k.queue.size;
    for (let i = 1; i <= 300; i++)
      k.apply(a, entry([timer(1000 + i, 'rto', i), timer(5000, `req${i}`, 1000 + i)]));
    k.apply(b, entry([timer(900, 'rto', 1)]));
    expect(k.queue.size).toBe(starts + 601);
    const snap = k.snapshot();
    expect(k.queue.size).toBe(starts + 302);
    expect(snap.queue.length).toBe(k.queue.size);
    const rto = snap.queue.filter((e) => e.input.type === 'timer' && e.input.key === 'rto');
    expect(rto.map((e) => [e.node, e.input.type === 'timer' && e.input.token]).sort()).toEqual([
      [a, 300],
      [b, 1],
    ]);
    // Still a heap in (time, seq) order: b's timer at 900 comes first.
    const order: number[] = [];
    for (let e = k.queue.pop(); e; e = k.queue.pop()) order.push(e.time);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(order.filter((t) => t > 0)[0]).toBe(900);
  });

  it('a small queue is left as it is', () => {
    const k = new Kernel(pingerMesh(2, 1));
    const a = k.world.actors[0]!.id;
    for (let i = 1; i <= 20; i++) k.apply(a, entry([timer(1000 + i, 'rto', i)]));
    const size = k.queue.size;
    k.snapshot();
    expect(k.queue.size).toBe(size);
  });

  it('nextEvent skips timers a later one replaced, in the live queue and after a restore', () => {
    const k = new Kernel(pingerMesh(2, 1));
    const a = k.world.actors[0]!.id;
    while (k.queue.size) k.takeEvent();
    k.apply(a, entry([timer(10, 'rto', 1), timer(15, 'req', 2)]));
    k.apply(a, entry([timer(20, 'rto', 3)]));
    k.apply(a, entry([timer(30, 'rto', 4)]));
    const snap = k.snapshot();
    const run = () => {
      const out: string[] = [];
      for (let e = k.takeEvent(); e; e = k.takeEvent())
        out.push(
          `${e.input.type === 'timer' && e.input.key}@${e.time}#${e.input.type === 'timer' && e.input.token}`,
        );
      return out;
    };
    expect(run()).toEqual(['req@15#2', 'rto@30#4']);
    k.restore(snap);
    expect(run()).toEqual(['req@15#2', 'rto@30#4']);
    // A timer set again after its latest left the queue is the latest again.
    k.apply(a, entry([timer(40, 'rto', 5)]));
    expect(run()).toEqual(['rto@40#5']);
  });
});
