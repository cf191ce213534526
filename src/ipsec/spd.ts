// Security Policy Database (RFC 4301 §4.4.1): ordered rules per direction, first match wins. The
// index of the matched rule is returned so a connection can remember it (the source's "policy
// filter rule binding", kept in the CRT entry).

import { ANY_ADDR, ANY_PORT, addrRange, inRange, type Range } from './addr';
import type { IkeIdentity } from './ike/engine-types';
import type { GcmCipher } from './ike/suites';

export interface SpdSelector {
  local: Range;
  remote: Range;
  /** IP protocol number; 0 = any */
  protocol: number;
  localPorts: Range;
  remotePorts: Range;
}

export type SpdAction =
  | {
      kind: 'protect';
      /** ESP with AES-GCM-16 (RFC 4106) */
      cipher: GcmCipher;
      /** the IKE peer (security gateway or host) address */
      peer: string;
      localId: IkeIdentity;
      remoteId: IkeIdentity;
    }
  | { kind: 'bypass' }
  | { kind: 'discard' };

export interface SpdRule {
  name: string;
  selector: SpdSelector;
  action: SpdAction;
}

export interface Spd {
  outbound: SpdRule[];
  inbound: SpdRule[];
}

export type Direction = 'outbound' | 'inbound';

/** A packet seen from this stack: local/remote addresses (u32), protocol, ports (0 when none). */
export interface PacketKey {
  local: number;
  remote: number;
  protocol: number;
  localPort: number;
  remotePort: number;
}

export const emptySpd = (): Spd => ({ outbound: [], inbound: [] });

/** Build a selector from text: addresses as "a.b.c.d", CIDR or "a-b"; ports as [first, last]. */
export function selector(s: {
  local?: string;
  remote?: string;
  protocol?: number;
  localPorts?: [number, number];
  remotePorts?: [number, number];
}): SpdSelector {
  const addr = (t: string | undefined) => {
    if (t === undefined) return ANY_ADDR;
    const r = addrRange(t);
    if (!r) throw new RangeError(`bad address range "${t}"`);
    return r;
  };
  const ports = (p: [number, number] | undefined) => (p ? { first: p[0], last: p[1] } : ANY_PORT);
  return {
    local: addr(s.local),
    remote: addr(s.remote),
    protocol: s.protocol ?? 0,
    localPorts: ports(s.localPorts),
    remotePorts: ports(s.remotePorts),
  };
}

export function selectorMatches(sel: SpdSelector, p: PacketKey): boolean {
  return (
    inRange(sel.local, p.local) &&
    inRange(sel.remote, p.remote) &&
    (sel.protocol === 0 || sel.protocol === p.protocol) &&
    inRange(sel.localPorts, p.localPort) &&
    inRange(sel.remotePorts, p.remotePort)
  );
}

/** First matching rule of a direction and its index; undefined when none matches (the caller's
 *  default, normally DISCARD per RFC 4301 §4.4.1). */
export function spdLookup(
  spd: Spd,
  dir: Direction,
  p: PacketKey,
): { index: number; rule: SpdRule } | undefined {
  const rules = spd[dir];
  for (let i = 0; i < rules.length; i++)
    if (selectorMatches(rules[i]!.selector, p)) return { index: i, rule: rules[i]! };
  return undefined;
}
