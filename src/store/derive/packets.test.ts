import { describe, expect, it } from 'vitest';
import { figure9 } from '../../scenario/presets/figure9';
import { buildWorld } from '../../scenario/world';
import type { TraceRecord } from '../../sim/types';
import { classifyFrame, flightOf, linkEnds, mergeFlights } from './packets';

const ipv4 = (proto: number, extra: number[] = []) => {
  const b = new Uint8Array(28);
  b[0] = 0x45;
  b[9] = proto;
  b.set(extra, 20);
  return b;
};

describe('classifyFrame', () => {
  it('tells XCF, CF, ESP, GRE, IKE and plain IP apart by their bytes', () => {
    expect(classifyFrame(new Uint8Array([0x58, 0x43, 1]))).toBe('xcf');
    expect(classifyFrame(new Uint8Array([0x43, 0x46, 1]))).toBe('cf');
    expect(classifyFrame(ipv4(50))).toBe('esp');
    expect(classifyFrame(ipv4(47))).toBe('gre');
    expect(classifyFrame(ipv4(17, [0x01, 0xf4, 0x01, 0xf4]))).toBe('ike');
    expect(classifyFrame(ipv4(17, [0x02, 0x08, 0x02, 0x08]))).toBe('ip');
    expect(classifyFrame(ipv4(6))).toBe('ip');
    expect(classifyFrame(new Uint8Array([1, 2]))).toBe('other');
  });
});

describe('flightOf', () => {
  const ends = linkEnds(buildWorld(figure9).links);
  const rec = (node: string, link: string): TraceRecord => ({
    index: 7,
    event: 3,
    time: 0,
    node,
    kind: 'frame',
    summary: '',
    link,
    frame: new Uint8Array([0x58, 0x43]),
  });

  it('goes from the other end of the link to the node it arrived at', () => {
    expect(flightOf(rec('MVS2', 'xcf:MVS1-MVS2'), ends)).toMatchObject({ from: 'MVS1', to: 'MVS2' });
    expect(flightOf(rec('CF', 'cf:MVS3'), ends)).toMatchObject({ from: 'MVS3', to: 'CF', kind: 'xcf' });
    expect(flightOf(rec('Client', 'net:Client'), ends)).toMatchObject({ from: 'Router', to: 'Client' });
  });

  it('ignores records that are not frames', () => {
    expect(flightOf({ ...rec('MVS2', 'xcf:MVS1-MVS2'), kind: 'send' }, ends)).toBeNull();
  });
});

describe('mergeFlights', () => {
  const f = (index: number) => ({ index, from: 'a', to: 'b', link: 'l', kind: 'ip' as const });

  it('keeps packets still in flight, drops old ones, caps the count', () => {
    const first = mergeFlights([], [f(1), f(2)], 0, 3, 1000);
    expect(mergeFlights(first, [], 500, 3, 1000)).toBe(first);
    expect(mergeFlights(first, [f(3), f(4)], 500, 3, 1000).map((x) => x.index)).toEqual([2, 3, 4]);
    expect(mergeFlights(first, [f(3)], 1500, 3, 1000).map((x) => x.index)).toEqual([3]);
  });

  it('with everyMs, new packets join only that long after the newest on screen did', () => {
    const first = mergeFlights([], [f(1), f(2)], 0, 6, 1000, 200);
    expect(mergeFlights(first, [f(3)], 150, 6, 1000, 200)).toBe(first);
    const later = mergeFlights(first, [f(3)], 200, 6, 1000, 200);
    expect(later.map((x) => x.index)).toEqual([1, 2, 3]);
    // Skipped packets do not wait: the ones of the refresh when the time is up join.
    expect(mergeFlights(later, [f(4), f(5)], 350, 6, 1000, 200)).toBe(later);
    expect(mergeFlights(later, [f(6)], 400, 6, 1000, 200).map((x) => x.index)).toEqual([1, 2, 3, 6]);
    // Expiry still happens in between.
    expect(mergeFlights(later, [f(7)], 1100, 6, 1000, 200).map((x) => x.index)).toEqual([3, 7]);
  });
});
