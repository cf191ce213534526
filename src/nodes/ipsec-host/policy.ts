import type { IkePeerConfig, Ts4 } from '../../ipsec/ike/engine-types';
import { hostTs, idIpv4 } from '../../ipsec/ike/identity';
import type { GcmCipher } from '../../ipsec/ike/suites';
import { formatIpv4, parseIpv4 } from '../../wire/bytes';

// The IPsec policy a node enforces, from the scenario: which DVIPA:port traffic is protected, with
// which cipher and pre-shared key. The same policy object goes to every stack that can own a DVIPA
// (the source requires the DVIPA policies to be identical there) and to the remote peers.

export interface IpsecPolicyConfig {
  psk: string;
  cipher: GcmCipher;
  /** DVIPA:port whose TCP traffic with the remote peers must be ESP-protected. */
  protect: { dvipa: string; port: number }[];
  /** The remote peers' addresses (the clients). */
  peers: string[];
}

const enc = new TextEncoder();

/** Is TCP traffic between the DVIPA side (addr:port) and a remote peer protected? */
export function isProtected(
  p: IpsecPolicyConfig | null,
  dvipa: number,
  dvipaPort: number,
  remote: number,
): boolean {
  if (!p) return false;
  const r = formatIpv4(remote);
  return p.peers.includes(r) && p.protect.some((x) => x.port === dvipaPort && parseIpv4(x.dvipa) === dvipa);
}

/** The IKE peers of a stack: every remote peer, from each protected DVIPA it may own. */
export function stackIkePeers(p: IpsecPolicyConfig, ownable: number[]): IkePeerConfig[] {
  const dvipas = [...new Set(p.protect.map((x) => x.dvipa))].filter((d) =>
    ownable.includes(parseIpv4(d) ?? -1),
  );
  return dvipas.flatMap((d) => p.peers.map((c) => peerConfig(p, d, c)));
}

/** The IKE peers of a remote client: every protected DVIPA. */
export function clientIkePeers(p: IpsecPolicyConfig, self: string): IkePeerConfig[] {
  return [...new Set(p.protect.map((x) => x.dvipa))].map((d) => peerConfig(p, self, d));
}

function peerConfig(p: IpsecPolicyConfig, local: string, remote: string): IkePeerConfig {
  return {
    localAddr: local,
    remoteAddr: remote,
    localId: idIpv4(local),
    remoteId: idIpv4(remote),
    psk: enc.encode(p.psk),
    ikeCiphers: [p.cipher],
    espCiphers: [p.cipher],
  };
}

/** Traffic selectors of a client's Child SA to DVIPA:port (TCP, RFC 7296 §3.13.1). */
export function clientSelectors(
  client: string,
  dvipa: string,
  port: number,
): { tsLocal: Ts4[]; tsRemote: Ts4[] } {
  return { tsLocal: [hostTs(client, 6, 0, 65535)], tsRemote: [hostTs(dvipa, 6, port, port)] };
}
