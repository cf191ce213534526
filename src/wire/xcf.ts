// XCF messages between the stacks of the sysplex (DESIGN.md §2): a small versioned binary codec,
// because everything on a link is bytes (DESIGN.md §4). Addresses are IPv4 as uint32.
//
// Header (16 bytes):
//   0  'X' 'C'           magic
//   2  version (1)
//   3  type
//   4  total length      u16, header included
//   6  reserved          u16, zero
//   8  sender XCF addr   u32
//  12  target XCF addr   u32, 0 = every member of the group
// The signalling goes through the coupling facility (Fig. 9: the stacks "communicate with each
// other through a coupling facility … utilizing XCF messaging"), which relays a message to its
// target — hence the target in the header.
// Body per type below. Every count is bounded by the remaining length, so a decoder never reads
// past the end; any violation is a typed error with its byte offset.

import type { Result, WireError } from './result';

export const XCF_VERSION = 1;
const MAGIC0 = 0x58; // 'X'
const MAGIC1 = 0x43; // 'C'
const HEADER = 16;

export const XcfType = {
  VIPA_LIST: 1,
  SRVSTAT: 2,
  NEWCONN: 3,
  CONNEND: 4,
  DVIPA_TAKEOVER: 5,
  DVIPA_TAKEBACK: 6,
  DVIPA_DELETED: 7,
} as const;

export const DistMethod = { ROUNDROBIN: 0, WEIGHTEDACTIVE: 1, BASEWLM: 2, HOTSTANDBY: 3 } as const;
export type DistMethodName = keyof typeof DistMethod;
const DIST_NAMES = Object.keys(DistMethod) as DistMethodName[];

/** One candidate target of a distributed DVIPA (DESTIP entry). */
export interface XcfDest {
  xcf: number;
  weight: number;
  /** HOTSTANDBY: 0 = preferred, n > 0 = backup rank n; otherwise 0. */
  standbyRank: number;
}

/** One DVIPA in a VIPA list: what the routing stack distributes, where, and who backs it up. */
export interface VipaListEntry {
  dvipa: number;
  mask: number;
  /** The routing (owning) stack's XCF address. */
  owner: number;
  distMethod: DistMethodName;
  ports: number[];
  /** DESTIP ALL: every stack of the sysplex is a candidate target. */
  destAll: boolean;
  dests: XcfDest[];
  backups: { xcf: number; rank: number }[];
  /** The DVIPA uses Sysplex-wide IPsec (IPSEC DVIPSEC on the owner). */
  ipsec: boolean;
}

export interface ConnId {
  /** Remote (client) address and port. */
  srcAddr: number;
  srcPort: number;
  /** The DVIPA and its port. */
  dvipa: number;
  dstPort: number;
}

export interface NewConnEntry extends ConnId {
  /** The target stack holding the connection. */
  target: number;
  /** The connection's traffic is IPsec-protected (routed through the owner's ESP). */
  ipsec: boolean;
}

export type XcfMessage =
  | { type: 'VIPA_LIST'; sender: number; entries: VipaListEntry[] }
  | { type: 'SRVSTAT'; sender: number; dvipa: number; port: number; ready: boolean; app: string }
  | { type: 'NEWCONN'; sender: number; conns: NewConnEntry[] }
  | { type: 'CONNEND'; sender: number; conns: ConnId[] }
  | { type: 'DVIPA_TAKEOVER'; sender: number; dvipa: number; rank: number }
  | { type: 'DVIPA_TAKEBACK'; sender: number; dvipa: number }
  | { type: 'DVIPA_DELETED'; sender: number; dvipa: number };

export type XcfDecodeError = WireError<
  'truncated' | 'bad-magic' | 'bad-version' | 'bad-type' | 'bad-length' | 'bad-value'
>;
export type XcfDecodeResult = Result<XcfMessage, XcfDecodeError>;

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  len = 0;
  private room(n: number) {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number) {
    this.room(1);
    this.view.setUint8(this.len, v);
    this.len += 1;
  }
  u16(v: number) {
    this.room(2);
    this.view.setUint16(this.len, v);
    this.len += 2;
  }
  u32(v: number) {
    this.room(4);
    this.view.setUint32(this.len, v >>> 0);
    this.len += 4;
  }
  bytes(b: Uint8Array) {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

class DecodeFailure {
  constructor(readonly error: XcfDecodeError) {}
}

class Reader {
  constructor(
    private readonly view: DataView,
    public pos: number,
    private readonly end: number,
  ) {}
  private need(n: number, what: string) {
    if (this.pos + n > this.end)
      throw new DecodeFailure({
        kind: 'truncated',
        offset: this.pos,
        message: `truncated at byte ${this.pos}: ${what} needs ${n} bytes`,
      });
  }
  u8(what: string) {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }
  u16(what: string) {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  u32(what: string) {
    this.need(4, what);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number, what: string) {
    this.need(n, what);
    const out = new Uint8Array(this.view.buffer, this.view.byteOffset + this.pos, n).slice();
    this.pos += n;
    return out;
  }
  /** A count whose items take at least itemSize bytes each: bounded by what is left. */
  count(itemSize: number, what: string) {
    const at = this.pos;
    const n = this.u8(what);
    if (n * itemSize > this.end - this.pos)
      throw new DecodeFailure({
        kind: 'bad-length',
        offset: at,
        message: `${what} count ${n} does not fit in the ${this.end - this.pos} bytes left`,
      });
    return n;
  }
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function writeConnId(w: Writer, c: ConnId) {
  w.u32(c.srcAddr);
  w.u16(c.srcPort);
  w.u32(c.dvipa);
  w.u16(c.dstPort);
}
function readConnId(r: Reader): ConnId {
  return {
    srcAddr: r.u32('source address'),
    srcPort: r.u16('source port'),
    dvipa: r.u32('DVIPA'),
    dstPort: r.u16('DVIPA port'),
  };
}

function checkCount(n: number, max: number, what: string) {
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new RangeError(`XCF ${what}: ${n} items, at most ${max}`);
}

/** Encodes a message; throws RangeError only for values our own code should never produce. */
export function encodeXcf(m: XcfMessage, target = 0): Uint8Array {
  const w = new Writer();
  w.u8(MAGIC0);
  w.u8(MAGIC1);
  w.u8(XCF_VERSION);
  w.u8(XcfType[m.type]);
  w.u16(0); // length, patched below
  w.u16(0);
  w.u32(m.sender);
  w.u32(target);
  switch (m.type) {
    case 'VIPA_LIST':
      checkCount(m.entries.length, 255, 'VIPA list entries');
      w.u8(m.entries.length);
      for (const e of m.entries) {
        w.u32(e.dvipa);
        w.u32(e.mask);
        w.u32(e.owner);
        w.u8(DistMethod[e.distMethod]);
        w.u8((e.destAll ? 1 : 0) | (e.ipsec ? 2 : 0));
        checkCount(e.ports.length, 255, 'ports');
        w.u8(e.ports.length);
        for (const p of e.ports) w.u16(p);
        checkCount(e.dests.length, 255, 'destinations');
        w.u8(e.dests.length);
        for (const d of e.dests) {
          w.u32(d.xcf);
          w.u16(d.weight);
          w.u8(d.standbyRank);
        }
        checkCount(e.backups.length, 255, 'backups');
        w.u8(e.backups.length);
        for (const b of e.backups) {
          w.u32(b.xcf);
          w.u8(b.rank);
        }
      }
      break;
    case 'SRVSTAT': {
      w.u32(m.dvipa);
      w.u16(m.port);
      w.u8(m.ready ? 1 : 0);
      const name = utf8.encode(m.app);
      checkCount(name.length, 255, 'application name bytes');
      w.u8(name.length);
      w.bytes(name);
      break;
    }
    case 'NEWCONN':
      checkCount(m.conns.length, 255, 'connections');
      w.u8(m.conns.length);
      for (const c of m.conns) {
        writeConnId(w, c);
        w.u32(c.target);
        w.u8(c.ipsec ? 1 : 0);
      }
      break;
    case 'CONNEND':
      checkCount(m.conns.length, 255, 'connections');
      w.u8(m.conns.length);
      for (const c of m.conns) writeConnId(w, c);
      break;
    case 'DVIPA_TAKEOVER':
      w.u32(m.dvipa);
      w.u8(m.rank);
      break;
    case 'DVIPA_TAKEBACK':
    case 'DVIPA_DELETED':
      w.u32(m.dvipa);
      break;
  }
  const out = w.finish();
  if (out.length > 0xffff) throw new RangeError(`XCF message of ${out.length} bytes exceeds 65535`);
  new DataView(out.buffer).setUint16(4, out.length);
  return out;
}

/** Sender and target of an XCF message from its header alone (what the CF relay needs). */
export function peekXcfRoute(bytes: Uint8Array): { sender: number; target: number } | null {
  if (bytes.length < HEADER || bytes[0] !== MAGIC0 || bytes[1] !== MAGIC1) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { sender: v.getUint32(8), target: v.getUint32(12) };
}

const TYPE_NAMES = new Map<number, XcfMessage['type']>(
  (Object.entries(XcfType) as [XcfMessage['type'], number][]).map(([k, v]) => [v, k]),
);

/** Decodes an XCF message; never throws, whatever the bytes. */
export function decodeXcf(bytes: Uint8Array): XcfDecodeResult {
  try {
    return { ok: true, value: decodeOrThrow(bytes) };
  } catch (e) {
    if (e instanceof DecodeFailure) return { ok: false, error: e.error };
    throw e;
  }
}

function fail(kind: XcfDecodeError['kind'], offset: number, message: string): never {
  throw new DecodeFailure({ kind, offset, message });
}

function decodeOrThrow(bytes: Uint8Array): XcfMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < HEADER)
    fail(
      'truncated',
      bytes.length,
      `truncated at byte ${bytes.length}: the XCF header needs ${HEADER} bytes`,
    );
  if (bytes[0] !== MAGIC0 || bytes[1] !== MAGIC1)
    fail('bad-magic', 0, 'not an XCF message (magic is not "XC")');
  if (bytes[2] !== XCF_VERSION)
    fail('bad-version', 2, `XCF version ${bytes[2]} is not supported (expected ${XCF_VERSION})`);
  const type = TYPE_NAMES.get(bytes[3]!);
  if (!type) fail('bad-type', 3, `unknown XCF message type ${bytes[3]}`);
  const length = view.getUint16(4);
  if (length !== bytes.length)
    fail('bad-length', 4, `length field says ${length} bytes, the message has ${bytes.length}`);
  const r = new Reader(view, 8, length);
  const sender = r.u32('sender');
  r.u32('target');
  let m: XcfMessage;
  switch (type) {
    case 'VIPA_LIST': {
      const n = r.count(18, 'VIPA list entries');
      const entries: VipaListEntry[] = [];
      for (let i = 0; i < n; i++) {
        const dvipa = r.u32('DVIPA');
        const mask = r.u32('mask');
        const owner = r.u32('owner');
        const at = r.pos;
        const method = DIST_NAMES[r.u8('distribution method')];
        if (!method) fail('bad-value', at, `unknown distribution method ${bytes[at]}`);
        const flags = r.u8('flags');
        const ports = Array.from({ length: r.count(2, 'ports') }, () => r.u16('port'));
        const dests = Array.from({ length: r.count(7, 'destinations') }, () => ({
          xcf: r.u32('destination'),
          weight: r.u16('weight'),
          standbyRank: r.u8('standby rank'),
        }));
        const backups = Array.from({ length: r.count(5, 'backups') }, () => ({
          xcf: r.u32('backup'),
          rank: r.u8('rank'),
        }));
        entries.push({
          dvipa,
          mask,
          owner,
          distMethod: method,
          ports,
          destAll: (flags & 1) !== 0,
          dests,
          backups,
          ipsec: (flags & 2) !== 0,
        });
      }
      m = { type, sender, entries };
      break;
    }
    case 'SRVSTAT': {
      const dvipa = r.u32('DVIPA');
      const port = r.u16('port');
      const ready = r.u8('ready') === 1;
      const at = r.pos;
      const name = r.bytes(r.count(1, 'application name'), 'application name');
      let app: string;
      try {
        app = utf8Decoder.decode(name);
      } catch {
        fail('bad-value', at + 1, 'application name is not valid UTF-8');
      }
      m = { type, sender, dvipa, port, ready, app };
      break;
    }
    case 'NEWCONN': {
      const n = r.count(17, 'connections');
      const conns = Array.from({ length: n }, () => ({
        ...readConnId(r),
        target: r.u32('target'),
        ipsec: r.u8('ipsec') === 1,
      }));
      m = { type, sender, conns };
      break;
    }
    case 'CONNEND': {
      const n = r.count(12, 'connections');
      m = { type, sender, conns: Array.from({ length: n }, () => readConnId(r)) };
      break;
    }
    case 'DVIPA_TAKEOVER':
      m = { type, sender, dvipa: r.u32('DVIPA'), rank: r.u8('rank') };
      break;
    case 'DVIPA_TAKEBACK':
    case 'DVIPA_DELETED':
      m = { type, sender, dvipa: r.u32('DVIPA') };
      break;
  }
  if (r.pos !== length) fail('bad-length', r.pos, `${length - r.pos} trailing bytes after the ${type} body`);
  return m;
}
