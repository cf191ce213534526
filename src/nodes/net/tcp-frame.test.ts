import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../../wire/bytes';
import { decodeIpv4 } from '../../wire/ipv4';
import { decodeTcp } from '../../wire/tcp';
import type { TcpSegment } from '../tcp/types';
import { fromWireTcp, tcpFrame } from './ip-frame';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const seg: fc.Arbitrary<TcpSegment> = fc.record({
  srcAddr: u32,
  dstAddr: u32,
  srcPort: fc.integer({ min: 0, max: 0xffff }),
  dstPort: fc.integer({ min: 0, max: 0xffff }),
  seq: u32,
  ack: u32,
  flags: fc.record({
    syn: fc.boolean(),
    ack: fc.boolean(),
    fin: fc.boolean(),
    rst: fc.boolean(),
    psh: fc.boolean(),
  }),
  window: fc.integer({ min: 0, max: 0xffff }),
  payload: fc.uint8Array({ maxLength: 64 }),
});

describe('engine segment ↔ IPv4/TCP bytes', () => {
  it('round-trips through real, checksummed bytes', () => {
    fc.assert(
      fc.property(seg, (s) => {
        const ip = decodeIpv4(tcpFrame({ ipId: 0 }, s));
        expect(ip.ok).toBe(true);
        if (!ip.ok) return;
        expect(ip.value.src).toBe(formatIpv4(s.srcAddr));
        const t = decodeTcp(ip.value.payload, ip.value.src, ip.value.dst);
        expect(t.ok).toBe(true);
        if (!t.ok) return;
        expect(fromWireTcp(t.value, s.srcAddr, s.dstAddr)).toEqual(s);
      }),
    );
  });
});
