import { writableEntry } from '../../sim/tables';
import type { ConnId } from '../../wire/xcf';

// The current routing table (CRT) of a routing stack (Fig. 12, 13): per connection (client
// address and port, DVIPA and port) the target it was given to, whether it uses IPsec, and the
// policy filter rules it matched, so later packets skip the rule search ("policy filter rule
// binding", Fig. 13).

export interface CrtEntry extends ConnId {
  /** The target stack's XCF address. */
  target: number;
  ipsec: boolean;
  /** Indices of the SPD rules this connection matched (inbound, outbound); -1 when unbound. */
  inboundRule: number;
  outboundRule: number;
  /** The connection ends on the routing stack itself. */
  local: boolean;
}

export type Crt = Record<string, CrtEntry>;

export const crtKey = (c: ConnId) => `${c.srcAddr >>> 0}:${c.srcPort}>${c.dvipa >>> 0}:${c.dstPort}`;

/** The entry of a connection, to write in this event (src/sim/tables.ts). */
export function crtLookup(crt: Crt, c: ConnId): CrtEntry | undefined {
  return writableEntry(crt, crtKey(c));
}

export function crtAdd(crt: Crt, e: CrtEntry): void {
  crt[crtKey(e)] = e;
}

export function crtRemove(crt: Crt, c: ConnId): CrtEntry | undefined {
  const k = crtKey(c);
  const e = crt[k];
  delete crt[k];
  return e;
}

/** Entries in a stable order (for views and for NEWCONN batches). */
export function crtEntries(crt: Crt): CrtEntry[] {
  return Object.keys(crt)
    .sort()
    .map((k) => crt[k]!);
}
