// Classic libpcap capture files (https://www.tcpdump.org/manpages/pcap-savefile.5.html, and
// draft-ietf-opsawg-pcap): a 24-byte global header (magic 0xa1b2c3d4, version 2.4), then per packet
// a 16-byte record header (seconds, microseconds, captured length, original length) and the bytes.
// We write little-endian with LINKTYPE_RAW (101: each record is a bare IPv4 packet) and timestamps
// taken from virtual time; the reader takes either byte order and nanosecond files too.
import { fail, ok, type Result, type WireError } from './result';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const LINKTYPE_RAW = 101;
export const PCAP_GLOBAL_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

export interface PcapRecord {
  /** Virtual time in microseconds since the start of the scenario (the pcap epoch here). */
  timeUs: number;
  data: Uint8Array;
  /** Length on the wire when the capture was truncated to the snap length (default data.length). */
  origLength?: number;
}

export interface PcapFile {
  linkType: number;
  snapLength: number;
  /** Timestamps in the file had nanosecond resolution (magic 0xa1b23c4d); timeUs is then rounded down. */
  nanosecond: boolean;
  records: PcapRecord[];
}

export interface PcapWriteOptions {
  linkType?: number;
  snapLength?: number;
}

export function pcapGlobalHeader(opts?: PcapWriteOptions): Uint8Array {
  const b = new Uint8Array(PCAP_GLOBAL_HEADER_LENGTH);
  const v = new DataView(b.buffer);
  v.setUint32(0, PCAP_MAGIC_US, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, opts?.snapLength ?? 65535, true);
  v.setUint32(20, opts?.linkType ?? LINKTYPE_RAW, true);
  return b;
}

/** One record (header + bytes). timeUs must be a non-negative integer number of microseconds. */
export function pcapRecord(r: PcapRecord): Uint8Array {
  const b = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + r.data.length);
  const v = new DataView(b.buffer);
  const t = Math.max(0, Math.floor(r.timeUs));
  v.setUint32(0, Math.floor(t / 1e6), true);
  v.setUint32(4, t % 1e6, true);
  v.setUint32(8, r.data.length, true);
  v.setUint32(12, r.origLength ?? r.data.length, true);
  b.set(r.data, PCAP_RECORD_HEADER_LENGTH);
  return b;
}

export function writePcap(records: readonly PcapRecord[], opts?: PcapWriteOptions): Uint8Array {
  const parts = [pcapGlobalHeader(opts), ...records.map(pcapRecord)];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export type PcapErrorKind = 'truncated' | 'bad-magic' | 'bad-version' | 'bad-length';

/** Reads a classic pcap file. Never throws; records' data are views into `b`. */
export function readPcap(b: Uint8Array): Result<PcapFile, WireError<PcapErrorKind>> {
  if (b.length < PCAP_GLOBAL_HEADER_LENGTH)
    return fail('truncated', b.length, `pcap: truncated at byte ${b.length}, global header needs 24`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let le: boolean;
  let nanosecond: boolean;
  const mLe = v.getUint32(0, true);
  const mBe = v.getUint32(0, false);
  if (mLe === PCAP_MAGIC_US || mLe === PCAP_MAGIC_NS) {
    le = true;
    nanosecond = mLe === PCAP_MAGIC_NS;
  } else if (mBe === PCAP_MAGIC_US || mBe === PCAP_MAGIC_NS) {
    le = false;
    nanosecond = mBe === PCAP_MAGIC_NS;
  } else
    return fail(
      'bad-magic',
      0,
      `pcap: magic 0x${mBe.toString(16).padStart(8, '0')} is not a classic pcap file`,
    );
  const major = v.getUint16(4, le);
  if (major !== 2)
    return fail('bad-version', 4, `pcap: version ${major}.${v.getUint16(6, le)}, expected 2.4`);
  const snapLength = v.getUint32(16, le);
  const linkType = v.getUint32(20, le) & 0x0fffffff; // upper bits: FCS info (pcap-linktype(7))
  const records: PcapRecord[] = [];
  let o = PCAP_GLOBAL_HEADER_LENGTH;
  while (o < b.length) {
    if (o + PCAP_RECORD_HEADER_LENGTH > b.length)
      return fail('truncated', b.length, `pcap: record header at byte ${o} truncated at byte ${b.length}`);
    const sec = v.getUint32(o, le);
    const frac = v.getUint32(o + 4, le);
    const incl = v.getUint32(o + 8, le);
    const orig = v.getUint32(o + 12, le);
    if (frac >= (nanosecond ? 1e9 : 1e6))
      return fail('bad-length', o + 4, `pcap: sub-second field ${frac} out of range`);
    const start = o + PCAP_RECORD_HEADER_LENGTH;
    if (start + incl > b.length)
      return fail(
        'truncated',
        b.length,
        `pcap: record at byte ${o} needs ${incl} bytes, file ends at ${b.length}`,
      );
    const rec: PcapRecord = {
      timeUs: sec * 1e6 + (nanosecond ? Math.floor(frac / 1000) : frac),
      data: b.subarray(start, start + incl),
    };
    if (orig !== incl) rec.origLength = orig;
    records.push(rec);
    o = start + incl;
  }
  return ok({ linkType, snapLength, nanosecond, records });
}
