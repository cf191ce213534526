import type { LinkSpec, TraceRecord } from '../../sim/types';

// What the topology animates: the frames delivered in the current step, each as (from → to, kind).
// Classified from the bytes themselves, so ESP, GRE and IKE light up as soon as they are sent.

export type PacketKind = 'ip' | 'esp' | 'gre' | 'ike' | 'xcf' | 'cf' | 'other';

export const PACKET_KINDS: readonly { kind: PacketKind; label: string }[] = [
  { kind: 'ip', label: 'plain IP' },
  { kind: 'esp', label: 'ESP' },
  { kind: 'gre', label: 'GRE' },
  { kind: 'ike', label: 'IKE' },
  { kind: 'xcf', label: 'XCF control' },
  { kind: 'cf', label: 'CF operation' },
];

export interface PacketFlight {
  /** Trace record index (unique, stable: a key for the animation). */
  index: number;
  from: string;
  to: string;
  link: string;
  kind: PacketKind;
  /** Real time (ms) it appeared on screen. */
  born?: number;
}

const IPPROTO_GRE = 47;
const IPPROTO_ESP = 50;
const IPPROTO_UDP = 17;

export function classifyFrame(b: Uint8Array): PacketKind {
  if (b.length >= 2 && b[0] === 0x58 && b[1] === 0x43) return 'xcf'; // 'XC'
  if (b.length >= 2 && b[0] === 0x43 && b[1] === 0x46) return 'cf'; // 'CF'
  if (b.length < 20 || b[0]! >>> 4 !== 4) return 'other';
  const proto = b[9];
  if (proto === IPPROTO_ESP) return 'esp';
  if (proto === IPPROTO_GRE) return 'gre';
  if (proto === IPPROTO_UDP) {
    const ihl = (b[0]! & 0x0f) * 4;
    const sport = ((b[ihl] ?? 0) << 8) | (b[ihl + 1] ?? 0);
    const dport = ((b[ihl + 2] ?? 0) << 8) | (b[ihl + 3] ?? 0);
    if (sport === 500 || dport === 500 || sport === 4500 || dport === 4500) return 'ike';
  }
  return 'ip';
}

/** Link id → its two end nodes. */
export type LinkEnds = ReadonlyMap<string, readonly [string, string]>;

export function linkEnds(links: readonly LinkSpec[]): LinkEnds {
  return new Map(links.map((l) => [l.id, [l.a.node, l.b.node] as const]));
}

/** The flight of a 'frame' record (a frame arriving at record.node over record.link), or null. */
export function flightOf(r: TraceRecord, ends: LinkEnds): PacketFlight | null {
  if (r.kind !== 'frame' || !r.link) return null;
  const e = ends.get(r.link);
  if (!e) return null;
  const from = e[0] === r.node ? e[1] : e[0];
  return { index: r.index, from, to: r.node, link: r.link, kind: r.frame ? classifyFrame(r.frame) : 'other' };
}

/**
 * The packets on screen: the new ones plus those still flying (younger than ttlMs of real time),
 * newest `max` kept — so while playing, a packet finishes its flight even when the next frame
 * brings others, and the cost stays bounded whatever the trace length. With `everyMs`, a step's
 * packets join only that long after the last ones did (playing fast: see flightEvery).
 */
export function mergeFlights(
  prev: readonly PacketFlight[],
  fresh: readonly PacketFlight[],
  now: number,
  max: number,
  ttlMs: number,
  /** New packets join only this long after the newest one on screen did (0: always). */
  everyMs = 0,
): PacketFlight[] {
  if (everyMs > 0 && prev.some((f) => now - (f.born ?? Number.NEGATIVE_INFINITY) < everyMs)) fresh = [];
  if (!fresh.length && prev.every((f) => now - (f.born ?? now) < ttlMs)) return prev as PacketFlight[];
  const kept = prev.filter((f) => now - (f.born ?? now) < ttlMs && !fresh.some((n) => n.index === f.index));
  return [...kept, ...fresh.map((f) => ({ ...f, born: now }))].slice(-max);
}

/** The newest `max` flights among the records (animation cost stays bounded per step). */
export function flightsOf(records: readonly TraceRecord[], ends: LinkEnds, max: number): PacketFlight[] {
  const out: PacketFlight[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < max; i--) {
    const f = flightOf(records[i]!, ends);
    if (f) out.push(f);
  }
  return out.reverse();
}
