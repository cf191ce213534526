import type { PacketFlight, PacketKind } from '../../store/derive/packets';

// Which drawn edges a packet travels along, in which direction, and in which leg (an XCF message
// between two stacks goes down the sender's line to the CF and up the receiver's).

export interface Leg {
  edge: string;
  /** Travels from the edge's target to its source. */
  reverse: boolean;
  /** 0: first leg; 1: starts when the first ends. */
  leg: 0 | 1;
}

export function legsOf(f: PacketFlight, clients: ReadonlySet<string>): Leg[] {
  const [kind, rest = ''] = f.link.split(':');
  if (kind === 'xcf') {
    const [a = '', b = ''] = rest.split('-');
    const to = f.from === a ? b : a;
    return [
      { edge: `xcf:${f.from}`, reverse: false, leg: 0 },
      { edge: `xcf:${to}`, reverse: true, leg: 1 },
    ];
  }
  if (kind === 'cf') return [{ edge: `xcf:${rest}`, reverse: f.to !== 'CF', leg: 0 }];
  if (kind === 'net') {
    // A client's link is drawn client → router; a stack's is drawn router → stack.
    if (clients.has(rest)) return [{ edge: `net:${rest}`, reverse: f.to === rest, leg: 0 }];
    return [{ edge: `ext:${rest}`, reverse: f.to === 'Router', leg: 0 }];
  }
  return [];
}

/** One packet's leg on one edge: what a LinkEdge animates. */
export interface EdgePacket {
  /** Unique among the packets on screen (the flight's record index and leg). */
  key: string;
  index: number;
  kind: PacketKind;
  leg: Leg;
}

/** Packets animated on one edge at most (the newest); the store caps the flights on screen too. */
export const MAX_PACKETS_PER_EDGE = 6;
export const NO_PACKETS: readonly EdgePacket[] = [];

type Clients = ReadonlySet<string>;
const legsCache = new WeakMap<PacketFlight, { clients: Clients; packets: EdgePacket[] }>();
const edgesCache = new WeakMap<
  readonly PacketFlight[],
  { clients: Clients; byEdge: ReadonlyMap<string, readonly EdgePacket[]> }
>();

function packetsOf(f: PacketFlight, clients: Clients): EdgePacket[] {
  const hit = legsCache.get(f);
  if (hit && hit.clients === clients) return hit.packets;
  const packets = legsOf(f, clients).map((leg) => ({
    key: `${f.index}-${leg.leg}`,
    index: f.index,
    kind: f.kind,
    leg,
  }));
  legsCache.set(f, { clients, packets });
  return packets;
}

/**
 * The packets on screen by edge id, oldest first, the newest MAX_PACKETS_PER_EDGE per edge. Worked
 * out once per flights array (every edge reads the same map), and a flight that stays on screen
 * keeps its EdgePacket objects, so an edge whose packets did not change does not re-render.
 */
export function packetsByEdge(
  flights: readonly PacketFlight[],
  clients: Clients,
): ReadonlyMap<string, readonly EdgePacket[]> {
  const hit = edgesCache.get(flights);
  if (hit && hit.clients === clients) return hit.byEdge;
  const byEdge = new Map<string, EdgePacket[]>();
  for (let i = flights.length - 1; i >= 0; i--)
    for (const p of packetsOf(flights[i]!, clients)) {
      const list = byEdge.get(p.leg.edge);
      if (!list) byEdge.set(p.leg.edge, [p]);
      else if (list.length < MAX_PACKETS_PER_EDGE) list.push(p);
    }
  for (const list of byEdge.values()) list.reverse();
  edgesCache.set(flights, { clients, byEdge });
  return byEdge;
}
