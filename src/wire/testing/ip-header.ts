// The IPv4 header fields tests build packets with (encodeIpv4 and the ESP sealers add protocol and
// payload): DF set, TTL 64, by default from the Figure 9 client to DVA1.

export function testIpHeader(id: number, src = '198.51.100.7', dst = '203.0.113.11') {
  return {
    dscp: 0,
    ecn: 0,
    id,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    src,
    dst,
  };
}
