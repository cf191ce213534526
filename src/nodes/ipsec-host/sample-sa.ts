import type { ChildSaInfo } from '../../ipsec/ike/engine-types';
import { hostTs, idIpv4 } from '../../ipsec/ike/identity';

/**
 * A Child SA between the Figure 9 client and DVA1 with fixed keys, as IKE would announce it: for
 * tests and benchmarks that drive the packet path without an IKE exchange first.
 */
export function sampleChildSa(fill = 7): ChildSaInfo {
  const key = { key: new Uint8Array(16).fill(fill), salt: Uint8Array.of(1, 2, 3, 4) };
  return {
    ikeSaId: 'sample',
    protocol: 'esp',
    spiIn: 0x1000abcd,
    spiOut: 0x2000abcd,
    cipher: 'aes-gcm-16-128',
    inbound: key,
    outbound: key,
    tsLocal: [hostTs('203.0.113.11', 6, 60, 60)],
    tsRemote: [hostTs('198.51.100.7', 6)],
    installedAt: 0,
    localAddr: '203.0.113.11',
    remoteAddr: '198.51.100.7',
    localId: idIpv4('203.0.113.11'),
    remoteId: idIpv4('198.51.100.7'),
  };
}

/** The key material (key ‖ salt) of sampleChildSa(fill). */
export const sampleKeyMaterial = (fill = 7) => Uint8Array.of(...new Uint8Array(16).fill(fill), 1, 2, 3, 4);
