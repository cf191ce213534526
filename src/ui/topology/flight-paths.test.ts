import { describe, expect, it } from 'vitest';
import type { PacketFlight } from '../../store/derive/packets';
import { legsOf, MAX_PACKETS_PER_EDGE, packetsByEdge } from './flight-paths';

const f = (from: string, to: string, link: string): PacketFlight => ({
  index: 1,
  from,
  to,
  link,
  kind: 'ip',
});
const clients = new Set(['Client']);

describe('legsOf', () => {
  it('sends an XCF message down the sender line and up the receiver line', () => {
    expect(legsOf(f('MVS2', 'MVS1', 'xcf:MVS1-MVS2'), clients)).toEqual([
      { edge: 'xcf:MVS2', reverse: false, leg: 0 },
      { edge: 'xcf:MVS1', reverse: true, leg: 1 },
    ]);
  });

  it('goes both ways on CF and network links', () => {
    expect(legsOf(f('CF', 'MVS3', 'cf:MVS3'), clients)).toEqual([
      { edge: 'xcf:MVS3', reverse: true, leg: 0 },
    ]);
    expect(legsOf(f('MVS1', 'Router', 'net:MVS1'), clients)).toEqual([
      { edge: 'ext:MVS1', reverse: true, leg: 0 },
    ]);
    expect(legsOf(f('Router', 'MVS1', 'net:MVS1'), clients)).toEqual([
      { edge: 'ext:MVS1', reverse: false, leg: 0 },
    ]);
    expect(legsOf(f('Client', 'Router', 'net:Client'), clients)).toEqual([
      { edge: 'net:Client', reverse: false, leg: 0 },
    ]);
    expect(legsOf(f('Router', 'Client', 'net:Client'), clients)).toEqual([
      { edge: 'net:Client', reverse: true, leg: 0 },
    ]);
  });
});

describe('packetsByEdge', () => {
  const xcf = (index: number) => ({ ...f('MVS2', 'MVS1', 'xcf:MVS1-MVS2'), index });
  const net = (index: number) => ({ ...f('Router', 'MVS1', 'net:MVS1'), index });

  it('works the packets out once per flights array', () => {
    const flights = [xcf(1), net(2)];
    const m = packetsByEdge(flights, clients);
    expect(packetsByEdge(flights, clients)).toBe(m);
    expect(m.get('xcf:MVS2')!.map((p) => p.key)).toEqual(['1-0']);
    expect(m.get('xcf:MVS1')!.map((p) => p.key)).toEqual(['1-1']);
    expect(m.get('ext:MVS1')!.map((p) => p.key)).toEqual(['2-0']);
    expect(m.get('net:Client')).toBeUndefined();
  });

  it('keeps the packet objects of a flight still on screen (its edges need not re-render)', () => {
    const kept = net(2);
    const a = packetsByEdge([xcf(1), kept], clients);
    const b = packetsByEdge([kept, xcf(3)], clients);
    expect(b).not.toBe(a);
    expect(b.get('ext:MVS1')![0]).toBe(a.get('ext:MVS1')![0]);
    expect(b.get('xcf:MVS2')![0]).not.toBe(a.get('xcf:MVS2')![0]);
  });

  it('animates the newest few packets of an edge, oldest first, however many there are', () => {
    const many = Array.from({ length: 40 }, (_, i) => net(i));
    const on = packetsByEdge(many, clients).get('ext:MVS1')!;
    expect(on).toHaveLength(MAX_PACKETS_PER_EDGE);
    expect(on.map((p) => p.index)).toEqual(
      Array.from({ length: MAX_PACKETS_PER_EDGE }, (_, i) => 40 - MAX_PACKETS_PER_EDGE + i),
    );
  });
});
