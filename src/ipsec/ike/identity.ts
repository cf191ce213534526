// IKE identities (RFC 7296 §3.5) and the traffic selectors used by default (§3.13.1).

import { ipv4Bytes, ipv4Text, toHex } from '../../wire/ikev2-bytes';
import { IdType } from '../../wire/ikev2-constants';
import type { IkeIdentity, Ts4 } from './engine-types';

/** ID_IPV4_ADDR: how a sysplex stack identifies itself for a DVIPA (the DVIPA's address). */
export function idIpv4(addr: string): IkeIdentity {
  return { idType: IdType.ID_IPV4_ADDR, data: ipv4Bytes(addr) ?? new Uint8Array(4) };
}

export function idFqdn(name: string): IkeIdentity {
  return { idType: IdType.ID_FQDN, data: new TextEncoder().encode(name) };
}

export function idKeyId(key: Uint8Array): IkeIdentity {
  return { idType: IdType.ID_KEY_ID, data: key };
}

/** Readable form for traces: "203.0.113.11", "fqdn:dva1.example", "keyid:0a0b". */
export function identityText(id: IkeIdentity): string {
  if (id.idType === IdType.ID_IPV4_ADDR && id.data.length === 4) return ipv4Text(id.data);
  if (id.idType === IdType.ID_FQDN) return `fqdn:${new TextDecoder().decode(id.data)}`;
  return `${id.idType === IdType.ID_KEY_ID ? 'keyid' : `id${id.idType}`}:${toHex(id.data)}`;
}

export function sameIdentity(a: IkeIdentity, b: IkeIdentity): boolean {
  return a.idType === b.idType && toHex(a.data) === toHex(b.data);
}

/** A selector for one host, all protocols and ports. */
export function hostTs(addr: string, ipProtocol = 0, startPort = 0, endPort = 65535): Ts4 {
  return { tsType: 7, ipProtocol, startPort, endPort, startAddr: addr, endAddr: addr };
}
