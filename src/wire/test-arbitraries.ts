// fast-check arbitraries shared by the wire tests (imported only by *.test.ts files).
import fc from 'fast-check';
import type { GrePacket } from './gre';
import type { Ipv4Packet } from './ipv4';
import type { TcpSegment } from './tcp';
import type { UdpDatagram } from './udp';

export const ipv4Addr = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`);

export const bytes = (max = 200) => fc.uint8Array({ maxLength: max });

export const u16 = fc.nat(0xffff);
export const u32 = fc.nat(0xffffffff);

export const ipv4Packet: fc.Arbitrary<Ipv4Packet> = fc.record({
  dscp: fc.nat(63),
  ecn: fc.nat(3),
  id: u16,
  dontFragment: fc.boolean(),
  moreFragments: fc.boolean(),
  fragmentOffset: fc.nat(0x1fff),
  ttl: fc.nat(255),
  protocol: fc.nat(255),
  src: ipv4Addr,
  dst: ipv4Addr,
  payload: bytes(300),
});

export const tcpSegment: fc.Arbitrary<TcpSegment> = fc.record(
  {
    srcPort: u16,
    dstPort: u16,
    seq: u32,
    ack: u32,
    flags: fc.nat(255),
    window: u16,
    urgent: u16,
    mss: u16,
    payload: bytes(300),
  },
  { requiredKeys: ['srcPort', 'dstPort', 'seq', 'ack', 'flags', 'window', 'urgent', 'payload'] },
);

export const udpDatagram: fc.Arbitrary<UdpDatagram> = fc.record({
  srcPort: u16,
  dstPort: u16,
  payload: bytes(300),
});

export const grePacket: fc.Arbitrary<GrePacket> = fc.record(
  {
    protocolType: u16,
    checksum: fc.constant(true as const),
    key: u32,
    sequence: u32,
    payload: bytes(300),
  },
  { requiredKeys: ['protocolType', 'payload'] },
);
