import type { GcmCipher } from '../ipsec/ike/suites';
import { type IkeSaKeyExport, ikev2DecryptionTable } from '../ipsec/ike/wireshark';
import { ROUTER_ID } from '../scenario/world';
import type { NodeView } from '../sim/host';
import type { TraceRecord } from '../sim/types';
import { fromHex, toHex } from '../wire/bytes';
import { type EspSaExport, espSaFile } from '../wire/esp-sa-export';
import { type PcapRecord, writePcap } from '../wire/pcap';
import type { Runtime } from './runtime';

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

export interface KeyExports {
  esp: EspSaExport[];
  ike: IkeSaKeyExport[];
}

// The shape of a node view's SA lists (stack and peer views, `ipsec`: src/nodes/ipsec-host/view.ts):
// byte fields as hex strings, keys included for exactly this export.
interface ViewPhase1 {
  spiI: string;
  spiR: string;
  cipher: string;
  /** SK_ei / SK_er ‖ salt (RFC 5282 §7.1); null before the keys exist. */
  skEi: string | null;
  skEr: string | null;
}
interface ViewPhase2 {
  spi: string;
  dir: 'in' | 'out';
  local: string;
  remote: string;
  keyMaterial: string;
}

const GCM = new Set<string>(['aes-gcm-16-128', 'aes-gcm-16-256']);
const NO_KEY = new Uint8Array(0);
const str = (v: unknown): v is string => typeof v === 'string';

function espExport(e: Partial<ViewPhase2>): EspSaExport | null {
  if (!str(e.spi) || !str(e.local) || !str(e.remote) || !str(e.keyMaterial)) return null;
  const keyMaterial = fromHex(e.keyMaterial);
  const spi = Number.parseInt(e.spi, 16);
  if (!keyMaterial || !Number.isFinite(spi)) return null;
  // The SA's direction gives the outer addresses of the packets it protects.
  const [src, dst] = e.dir === 'in' ? [e.remote, e.local] : [e.local, e.remote];
  return { src, dst, spi, keyMaterial };
}

function ikeExport(e: Partial<ViewPhase1>): IkeSaKeyExport | null {
  if (!str(e.spiI) || !str(e.spiR) || !str(e.skEi) || !str(e.skEr) || !str(e.cipher) || !GCM.has(e.cipher))
    return null;
  const [spiI, spiR, skEi, skEr] = [e.spiI, e.spiR, e.skEi, e.skEr].map(fromHex);
  if (!spiI || !spiR || !skEi || !skEr) return null;
  // AES-GCM: no integrity keys; the other keys are not part of the table.
  const keys = { skD: NO_KEY, skAi: NO_KEY, skAr: NO_KEY, skEi, skEr, skPi: NO_KEY, skPr: NO_KEY };
  return { spiI, spiR, cipher: e.cipher as GcmCipher, keys };
}

const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];

/**
 * The one place that knows where node views keep SA key material: `state.ipsec.phase1` and
 * `state.ipsec.phase2` of stack and peer views. Views without them give nothing; malformed
 * entries are skipped rather than breaking an export.
 */
export function viewKeys(view: NodeView): KeyExports {
  const ipsec = (view.state as { ipsec?: { phase1?: unknown; phase2?: unknown } } | null)?.ipsec;
  return {
    esp: list(ipsec?.phase2).flatMap((e) => espExport(e) ?? []),
    ike: list(ipsec?.phase1).flatMap((e) => ikeExport(e) ?? []),
  };
}

/**
 * Keys gathered from views sampled during a run, each SA once (both ends report it). Sampled
 * because an SA replaced by a renegotiation leaves the views, while the capture still holds the
 * packets it protected: sample after every slice of the run and at the end.
 */
export class KeyCollector {
  private readonly esp = new Map<string, EspSaExport>();
  private readonly ike = new Map<string, IkeSaKeyExport>();

  add(views: readonly NodeView[]): void {
    for (const v of views) {
      const k = viewKeys(v);
      for (const e of k.esp) this.esp.set(`${e.src} ${e.dst} ${e.spi >>> 0}`, e);
      for (const e of k.ike) this.ike.set(`${toHex(e.spiI)} ${toHex(e.spiR)}`, e);
    }
  }

  get keys(): KeyExports {
    return { esp: [...this.esp.values()], ike: [...this.ike.values()] };
  }
}

/** Every node's keys in these views, each SA once. */
export function collectKeys(views: readonly NodeView[]): KeyExports {
  const c = new KeyCollector();
  c.add(views);
  return c.keys;
}

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
 * The capture of a run so far, with the keys of the views now plus any sampled earlier. Needs the
 * whole trace in memory (a runtime created with a traceLimit above the run's record count) or the
 * records streamed from the start.
 */
export async function captureRun(
  runtime: Runtime,
  opts: { records?: Iterable<TraceRecord>; keys?: KeyCollector } = {},
): Promise<Capture> {
  const keys = opts.keys ?? new KeyCollector();
  keys.add(await runtime.views());
  return buildCapture(opts.records ?? runtime.records(), keys.keys);
}
