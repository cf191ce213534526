import { describe, expect, it } from 'vitest';
import type { PacketFlight } from '../../store/derive/packets';
import { legsOf } from './flight-paths';

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
