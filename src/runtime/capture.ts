import { ikev2DecryptionTable } from '../ipsec/ike/wireshark';
import { ROUTER_ID } from '../scenario/world';
import type { TraceRecord } from '../sim/types';
import { espSaFile } from '../wire/esp-sa-export';
import { type PcapRecord, writePcap } from '../wire/pcap';
import type { Runtime } from './runtime';
import type { KeyExports } from './sa-keys';

// A run as a Wireshark capture: every IPv4 frame that crossed a link (LINKTYPE_RAW, timestamps in
// virtual time), and the key files that let Wireshark decrypt its ESP and IKEv2. Platform-neutral
// (bytes and strings only): the CLI writes them to files, the browser offers them as downloads.

export type FrameClass = 'esp' | 'gre' | 'ike' | 'tcp' | 'udp' | 'other-ip' | 'non-ip';

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const IPPROTO_GRE = 47;
const IPPROTO_ESP = 50;
const IKE_PORTS = new Set([500, 4500]);

/**
 * An IPv4 packet, not one of the sysplex's own XCF ("XC…") or CF ("CF…") frames. 'C' is 0x43,
 * which reads as version 4 with a header length of 3 words, so the magic is checked explicitly.
 */
export function isIpv4Frame(f: Uint8Array): boolean {
  if (f.length < 20) return false;
  if ((f[0] === 0x58 && f[1] === 0x43) || (f[0] === 0x43 && f[1] === 0x46)) return false;
  return f[0]! >> 4 === 4 && (f[0]! & 0x0f) >= 5;
}

/** What a frame carries, from its IPv4 header (and UDP ports for IKE); no full decode. */
export function frameClass(f: Uint8Array): FrameClass {
  if (!isIpv4Frame(f)) return 'non-ip';
  const proto = f[9];
  if (proto === IPPROTO_ESP) return 'esp';
  if (proto === IPPROTO_GRE) return 'gre';
  if (proto === IPPROTO_TCP) return 'tcp';
  if (proto !== IPPROTO_UDP) return 'other-ip';
  const ihl = (f[0]! & 0x0f) * 4;
  if (f.length < ihl + 4) return 'udp';
  const src = (f[ihl]! << 8) | f[ihl + 1]!;
  const dst = (f[ihl + 2]! << 8) | f[ihl + 3]!;
  return IKE_PORTS.has(src) || IKE_PORTS.has(dst) ? 'ike' : 'udp';
}

/**
 * The frame a record shows crossing a link: its arrival (kind 'frame'), or an arrival at a node
 * that was down (kind 'drop' with the frame and the link kept) — it was on the wire all the same.
 * Sends are not counted, so each frame appears once.
 */
export function linkFrame(r: TraceRecord): Uint8Array | null {
  if (!r.frame || r.link === undefined) return null;
  return r.kind === 'frame' || r.kind === 'drop' ? r.frame : null;
}

/**
 * The pcap records of every IPv4 frame in the trace, in trace order — each packet once, as a tap
 * would see it: a routed packet crosses two links (client → router → stack), so arrivals at the
 * router are left out (the same bytes arrive at the next hop, TTL one less). Counting both made
 * Wireshark take every packet for a retransmission of itself.
 */
export function captureRecords(records: Iterable<TraceRecord>): PcapRecord[] {
  const out: PcapRecord[] = [];
  for (const r of records) {
    if (r.node === ROUTER_ID) continue;
    const f = linkFrame(r);
    if (f && isIpv4Frame(f)) out.push({ timeUs: r.time, data: f });
  }
  return out;
}

/**
 * The key files' names in a Wireshark profile folder (its UAT tables "ESP SAs" and "IKEv2
 * Decryption Table"): Wireshark reads them only under exactly these names, without an extension.
 */
export const KEY_FILE_NAMES = { espSa: 'esp_sa', ikev2: 'ikev2_decryption_table' } as const;

export interface Capture {
  /** A classic pcap file, LINKTYPE_RAW. */
  pcap: Uint8Array;
  frames: number;
  /** Wireshark's esp_sa UAT file (empty when no SA is known). */
  espSa: string;
  /** Wireshark's ikev2_decryption_table UAT file (empty when no IKE SA is known). */
  ikev2: string;
}

export function buildCapture(records: Iterable<TraceRecord>, keys: KeyExports): Capture {
  const recs = captureRecords(records);
  return {
    pcap: writePcap(recs),
    frames: recs.length,
    espSa: espSaFile(keys.esp),
    ikev2: keys.ike.length ? ikev2DecryptionTable(keys.ike) : '',
  };
}

/**
 * The capture of a run so far, with the keys of every SA the run's nodes held (Runtime.keys(), so
 * also those gone by now). The CLI and the browser both call this. Needs the whole trace in memory
 * (a runtime created with a traceLimit above the run's record count) or the records streamed from
 * the start.
 */
export async function captureRun(
  runtime: Runtime,
  opts: { records?: Iterable<TraceRecord> } = {},
): Promise<Capture> {
  const keys = await runtime.keys();
  return buildCapture(opts.records ?? runtime.records(), keys);
}
