import type { PacketFlight } from '../../store/derive/packets';

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
