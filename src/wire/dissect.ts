// The packet dissector: bytes → layers of named fields, each with its byte range [start, end)
// relative to the outer packet, for a hex view to highlight. It descends IPv4 → TCP/UDP/GRE/ESP,
// GRE → inner IPv4, and into ESP payloads it can decrypt (a lookup from SPI to key material), and
// says why when it stops (no SA for SPI 0x…, ICV failed, truncated at byte N).
//
// Decrypted bytes: AES-GCM keeps lengths, so a plaintext byte's range is the range of its
// ciphertext byte; such layers have source 'decrypted' and the plaintexts are in `decrypted`.
// Decryption uses the @noble/ciphers reference synchronously: the inspector never waits and never
// touches an SA's replay window or sequence counter.
//
// Extension point: `udpPorts` maps a UDP port to a payload dissector (e.g. 500 → IKEv2 from
// ikev2.ts), so other protocols plug in without this file importing them.
import { nobleAead } from './aead-noble';
import { hex32, parseIpv4, readU16, readU32, toHex } from './bytes';
import { checksumOk, pseudoHeaderSum } from './checksum';
import {
  ESP_ICV_LENGTH,
  ESP_MIN_LENGTH,
  ESP_PREFIX_LENGTH,
  espDecryptPacket,
  parseEspTrailer,
  splitKeyMaterial,
} from './esp';
import { decodeGreFull, GRE_PROTO_IPV4, ipv4FromGreKey } from './gre';
import { IPPROTO, ipprotoName } from './ipproto';
import { decodeIpv4Full } from './ipv4';
import { decodeTcpFull, TCP_FLAGS, tcpFlagsText } from './tcp';
import { decodeUdpFull } from './udp';

export type ByteRange = readonly [start: number, end: number];

export interface DissectField {
  name: string;
  /** Display text. */
  value: string;
  range: ByteRange;
  children?: DissectField[];
}

export interface DissectProblem {
  kind: string;
  /** Byte offset in the outer packet. */
  offset: number;
  message: string;
}

export interface DissectLayer {
  /** 'IPv4', 'TCP', 'UDP', 'GRE', 'ESP', 'Data', or what a registered dissector names. */
  protocol: string;
  /** One line, e.g. "198.51.100.7 → 203.0.113.11, ESP". */
  summary: string;
  range: ByteRange;
  /** 'decrypted': the bytes are ESP plaintext; the range is where their ciphertext sits. */
  source: 'wire' | 'decrypted';
  fields: DissectField[];
  /** Why dissection stopped at (or had doubts about) this layer. */
  problem?: DissectProblem;
}

export interface Dissection {
  layers: DissectLayer[];
  /** ESP plaintexts that were decrypted, with the range of their ciphertext. */
  decrypted: { range: ByteRange; bytes: Uint8Array }[];
}

/** What the dissector needs to decrypt an SA's packets. */
export interface EspKeyInfo {
  /** Key ‖ salt (RFC 4106 §8.1). */
  keyMaterial: Uint8Array;
  esn?: boolean;
  /** ESN high 32 bits to assume (not on the wire); default 0. */
  seqHigh?: number;
}

export type SaLookup = (spi: number, src: string, dst: string) => EspKeyInfo | undefined;

export interface UdpDissectContext {
  srcPort: number;
  dstPort: number;
  src: string;
  dst: string;
  source: 'wire' | 'decrypted';
}

/**
 * A UDP payload dissector: returns layers whose ranges are relative to the start of `payload`
 * (the dissector shifts them into packet coordinates). It should not throw; if it does, the
 * exception becomes a problem on the UDP layer.
 */
export type UdpPortDissector = (payload: Uint8Array, ctx: UdpDissectContext) => DissectLayer[];

export interface DissectOptions {
  lookupSa?: SaLookup;
  /** By UDP port (destination port tried first, then source port). */
  udpPorts?: ReadonlyMap<number, UdpPortDissector>;
  /** Nesting limit for IP-in-IP, GRE and ESP (default 8). */
  maxDepth?: number;
}

interface Ctx {
  opts: DissectOptions;
  out: Dissection;
}

const f = (
  name: string,
  value: string,
  start: number,
  end: number,
  children?: DissectField[],
): DissectField =>
  children ? { name, value, range: [start, end], children } : { name, value, range: [start, end] };

const hexShort = (b: Uint8Array) =>
  b.length <= 24 ? toHex(b) : `${toHex(b.subarray(0, 24))}… (${b.length} bytes)`;

/** Dissects a raw IPv4 packet (LINKTYPE_RAW). Never throws. */
export function dissect(packet: Uint8Array, opts: DissectOptions = {}): Dissection {
  const ctx: Ctx = { opts, out: { layers: [], decrypted: [] } };
  try {
    ipv4Layer(ctx, packet, 0, 'wire', 0);
  } catch (e) {
    ctx.out.layers.push({
      protocol: 'Error',
      summary: 'internal dissector error',
      range: [0, packet.length],
      source: 'wire',
      fields: [],
      problem: { kind: 'internal-error', offset: 0, message: String(e) },
    });
  }
  return ctx.out;
}

function push(ctx: Ctx, layer: DissectLayer): DissectLayer {
  ctx.out.layers.push(layer);
  return layer;
}

function dataLayer(ctx: Ctx, b: Uint8Array, base: number, source: DissectLayer['source']): void {
  if (b.length === 0) return;
  push(ctx, {
    protocol: 'Data',
    summary: `${b.length} bytes`,
    range: [base, base + b.length],
    source,
    fields: [f('Data', hexShort(b), base, base + b.length)],
  });
}

function ipv4Layer(
  ctx: Ctx,
  b: Uint8Array,
  base: number,
  source: DissectLayer['source'],
  depth: number,
): void {
  const layer = push(ctx, {
    protocol: 'IPv4',
    summary: '',
    range: [base, base + b.length],
    source,
    fields: [],
  });
  const r = decodeIpv4Full(b);
  if (b.length >= 20) {
    const ihl = (b[0]! & 0x0f) * 4;
    const frag = readU16(b, 6);
    const src = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    const dst = `${b[16]}.${b[17]}.${b[18]}.${b[19]}`;
    const sumOk = checksumOk(b, 0, 20);
    layer.summary = `${src} → ${dst}, ${ipprotoName(b[9]!)}`;
    const at = (o: number, n: number) => [base + o, base + o + n] as const;
    layer.fields.push(
      f('Version', String(b[0]! >>> 4), ...at(0, 1)),
      f('Header length', `${ihl} bytes`, ...at(0, 1)),
      f('DSCP', String(b[1]! >>> 2), ...at(1, 1)),
      f('ECN', String(b[1]! & 3), ...at(1, 1)),
      f('Total length', String(readU16(b, 2)), ...at(2, 2)),
      f('Identification', `0x${readU16(b, 4).toString(16).padStart(4, '0')}`, ...at(4, 2)),
      f('Flags', `0x${(frag >>> 13).toString(16)}`, ...at(6, 1), [
        f('Reserved', frag & 0x8000 ? 'set' : 'not set', ...at(6, 1)),
        f("Don't fragment", frag & 0x4000 ? 'set' : 'not set', ...at(6, 1)),
        f('More fragments', frag & 0x2000 ? 'set' : 'not set', ...at(6, 1)),
      ]),
      f('Fragment offset', String((frag & 0x1fff) * 8), ...at(6, 2)),
      f('Time to live', String(b[8]), ...at(8, 1)),
      f('Protocol', `${ipprotoName(b[9]!)} (${b[9]})`, ...at(9, 1)),
      f(
        'Header checksum',
        `0x${readU16(b, 10).toString(16).padStart(4, '0')} [${sumOk ? 'correct' : 'incorrect'}]`,
        ...at(10, 2),
      ),
      f('Source', src, ...at(12, 4)),
      f('Destination', dst, ...at(16, 4)),
    );
  } else layer.summary = 'truncated';
  if (!r.ok) {
    layer.problem = { kind: r.error.kind, offset: base + r.error.offset, message: r.error.message };
    if (r.error.kind !== 'bad-checksum') return;
  }
  const ihl = 20;
  const total = readU16(b, 2);
  const payload = b.subarray(ihl, total);
  layer.range = [base, base + total];
  const src = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const dst = `${b[16]}.${b[17]}.${b[18]}.${b[19]}`;
  if ((readU16(b, 6) & 0x3fff) !== 0 && (readU16(b, 6) & 0x1fff) !== 0) {
    dataLayer(ctx, payload, base + ihl, source); // a non-first fragment: no transport header
    return;
  }
  protoLayer(ctx, b[9]!, payload, base + ihl, source, src, dst, depth);
}

function protoLayer(
  ctx: Ctx,
  proto: number,
  b: Uint8Array,
  base: number,
  source: DissectLayer['source'],
  src: string,
  dst: string,
  depth: number,
): void {
  if (
    depth >= (ctx.opts.maxDepth ?? 8) &&
    (proto === IPPROTO.IPV4 || proto === IPPROTO.GRE || proto === IPPROTO.ESP)
  ) {
    const l = push(ctx, {
      protocol: 'Data',
      summary: 'nesting too deep',
      range: [base, base + b.length],
      source,
      fields: [],
    });
    l.problem = {
      kind: 'too-deep',
      offset: base,
      message: `nesting deeper than ${ctx.opts.maxDepth ?? 8} levels`,
    };
    return;
  }
  switch (proto) {
    case IPPROTO.TCP:
      tcpLayer(ctx, b, base, source, src, dst);
      return;
    case IPPROTO.UDP:
      udpLayer(ctx, b, base, source, src, dst);
      return;
    case IPPROTO.GRE:
      greLayer(ctx, b, base, source, depth);
      return;
    case IPPROTO.ESP:
      espLayer(ctx, b, base, source, src, dst, depth);
      return;
    case IPPROTO.IPV4:
      ipv4Layer(ctx, b, base, source, depth + 1);
      return;
    default:
      dataLayer(ctx, b, base, source);
      return;
  }
}

function tcpLayer(
  ctx: Ctx,
  b: Uint8Array,
  base: number,
  source: DissectLayer['source'],
  src: string,
  dst: string,
): void {
  const layer = push(ctx, {
    protocol: 'TCP',
    summary: '',
    range: [base, base + b.length],
    source,
    fields: [],
  });
  const at = (o: number, n: number) => [base + o, base + o + n] as const;
  if (b.length >= 20) {
    const flags = b[13]!;
    const hl = (b[12]! >>> 4) * 4;
    const sv = parseIpv4(src) ?? 0;
    const dv = parseIpv4(dst) ?? 0;
    const sumOk = checksumOk(b, 0, b.length, pseudoHeaderSum(sv, dv, IPPROTO.TCP, b.length));
    layer.summary = `${readU16(b, 0)} → ${readU16(b, 2)} [${tcpFlagsText(flags)}] seq ${readU32(b, 4)} ack ${readU32(b, 8)} len ${Math.max(0, b.length - hl)}`;
    layer.fields.push(
      f('Source port', String(readU16(b, 0)), ...at(0, 2)),
      f('Destination port', String(readU16(b, 2)), ...at(2, 2)),
      f('Sequence number', String(readU32(b, 4)), ...at(4, 4)),
      f('Acknowledgment number', String(readU32(b, 8)), ...at(8, 4)),
      f('Header length', `${hl} bytes`, ...at(12, 1)),
      f(
        'Flags',
        `0x${flags.toString(16).padStart(2, '0')} (${tcpFlagsText(flags)})`,
        ...at(13, 1),
        Object.entries(TCP_FLAGS).map(([n, bit]) => f(n, flags & bit ? 'set' : 'not set', ...at(13, 1))),
      ),
      f('Window', String(readU16(b, 14)), ...at(14, 2)),
      f(
        'Checksum',
        `0x${readU16(b, 16).toString(16).padStart(4, '0')} [${sumOk ? 'correct' : 'incorrect'}]`,
        ...at(16, 2),
      ),
      f('Urgent pointer', String(readU16(b, 18)), ...at(18, 2)),
    );
  } else layer.summary = 'truncated';
  const r = decodeTcpFull(b, src, dst);
  if (!r.ok) {
    layer.problem = { kind: r.error.kind, offset: base + r.error.offset, message: r.error.message };
    if (r.error.kind !== 'bad-checksum') return;
  }
  const s = decodeTcpFull(b, src, dst, false);
  if (!s.ok) return;
  if (s.value.mss !== undefined)
    layer.fields.push(f('Option: MSS', String(s.value.mss), ...at(20, s.value.headerLength - 20)));
  dataLayer(ctx, s.value.payload, base + s.value.headerLength, source);
}

function udpLayer(
  ctx: Ctx,
  b: Uint8Array,
  base: number,
  source: DissectLayer['source'],
  src: string,
  dst: string,
): void {
  const layer = push(ctx, {
    protocol: 'UDP',
    summary: '',
    range: [base, base + b.length],
    source,
    fields: [],
  });
  const at = (o: number, n: number) => [base + o, base + o + n] as const;
  const r = decodeUdpFull(b, src, dst);
  if (b.length >= 8) {
    const sum = readU16(b, 6);
    const sumText =
      sum === 0 ? 'none' : r.ok ? 'correct' : r.error.kind === 'bad-checksum' ? 'incorrect' : 'unverified';
    layer.summary = `${readU16(b, 0)} → ${readU16(b, 2)} len ${readU16(b, 4)}`;
    layer.fields.push(
      f('Source port', String(readU16(b, 0)), ...at(0, 2)),
      f('Destination port', String(readU16(b, 2)), ...at(2, 2)),
      f('Length', String(readU16(b, 4)), ...at(4, 2)),
      f('Checksum', `0x${sum.toString(16).padStart(4, '0')} [${sumText}]`, ...at(6, 2)),
    );
  } else layer.summary = 'truncated';
  if (!r.ok) {
    layer.problem = { kind: r.error.kind, offset: base + r.error.offset, message: r.error.message };
    if (r.error.kind !== 'bad-checksum') return;
  }
  const d = decodeUdpFull(b, src, dst, false);
  if (!d.ok) return;
  const { srcPort, dstPort, payload } = d.value;
  const reg = ctx.opts.udpPorts;
  const sub = reg?.get(dstPort) ?? reg?.get(srcPort);
  if (!sub) {
    dataLayer(ctx, payload, base + 8, source);
    return;
  }
  try {
    for (const l of sub(payload, { srcPort, dstPort, src, dst, source }))
      push(ctx, shiftLayer(l, base + 8, source));
  } catch (e) {
    layer.problem = {
      kind: 'dissector-error',
      offset: base + 8,
      message: `port ${dstPort} dissector failed: ${String(e)}`,
    };
    dataLayer(ctx, payload, base + 8, source);
  }
}

function shiftRange(r: ByteRange, by: number): ByteRange {
  return [r[0] + by, r[1] + by];
}

function shiftField(x: DissectField, by: number): DissectField {
  const out: DissectField = { name: x.name, value: x.value, range: shiftRange(x.range, by) };
  if (x.children) out.children = x.children.map((c) => shiftField(c, by));
  return out;
}

function shiftLayer(l: DissectLayer, by: number, source: DissectLayer['source']): DissectLayer {
  const out: DissectLayer = {
    protocol: l.protocol,
    summary: l.summary,
    range: shiftRange(l.range, by),
    source,
    fields: l.fields.map((x) => shiftField(x, by)),
  };
  if (l.problem) out.problem = { ...l.problem, offset: l.problem.offset + by };
  return out;
}

function greLayer(
  ctx: Ctx,
  b: Uint8Array,
  base: number,
  source: DissectLayer['source'],
  depth: number,
): void {
  const layer = push(ctx, {
    protocol: 'GRE',
    summary: '',
    range: [base, base + b.length],
    source,
    fields: [],
  });
  const r = decodeGreFull(b);
  if (!r.ok) {
    layer.summary = 'malformed';
    if (b.length >= 4)
      layer.fields.push(
        f('Flags and version', `0x${readU16(b, 0).toString(16).padStart(4, '0')}`, base, base + 2),
        f('Protocol type', `0x${readU16(b, 2).toString(16).padStart(4, '0')}`, base + 2, base + 4),
      );
    layer.problem = { kind: r.error.kind, offset: base + r.error.offset, message: r.error.message };
    return;
  }
  const g = r.value;
  const w = readU16(b, 0);
  layer.summary = `proto 0x${g.protocolType.toString(16).padStart(4, '0')}${g.key !== undefined ? `, key ${ipv4FromGreKey(g.key)}` : ''}`;
  layer.fields.push(
    f('Flags and version', `0x${w.toString(16).padStart(4, '0')}`, base, base + 2, [
      f('Checksum present', g.checksum ? 'yes' : 'no', base, base + 1),
      f('Key present', g.key !== undefined ? 'yes' : 'no', base, base + 1),
      f('Sequence number present', g.sequence !== undefined ? 'yes' : 'no', base, base + 1),
      f('Version', String(w & 7), base + 1, base + 2),
    ]),
    f(
      'Protocol type',
      `0x${g.protocolType.toString(16).padStart(4, '0')}${g.protocolType === GRE_PROTO_IPV4 ? ' (IPv4)' : ''}`,
      base + 2,
      base + 4,
    ),
  );
  let o = 4;
  if (g.checksum) {
    layer.fields.push(
      f('Checksum', `0x${readU16(b, 4).toString(16).padStart(4, '0')} [correct]`, base + 4, base + 6),
    );
    o += 4;
  }
  if (g.key !== undefined) {
    layer.fields.push(
      f('Key', `${hex32(g.key)} (sender XCF ${ipv4FromGreKey(g.key)})`, base + o, base + o + 4),
    );
    o += 4;
  }
  if (g.sequence !== undefined)
    layer.fields.push(f('Sequence number', String(g.sequence), base + o, base + o + 4));
  const inner = base + g.headerLength;
  if (g.protocolType === GRE_PROTO_IPV4) ipv4Layer(ctx, g.payload, inner, source, depth + 1);
  else dataLayer(ctx, g.payload, inner, source);
}

function espLayer(
  ctx: Ctx,
  b: Uint8Array,
  base: number,
  source: DissectLayer['source'],
  src: string,
  dst: string,
  depth: number,
): void {
  const layer = push(ctx, {
    protocol: 'ESP',
    summary: '',
    range: [base, base + b.length],
    source,
    fields: [],
  });
  const fail = (kind: string, offset: number, message: string) => {
    layer.problem = { kind, offset: base + offset, message };
  };
  if (b.length < 8) {
    layer.summary = 'truncated';
    fail('truncated', b.length, `ESP: truncated at byte ${base + b.length}, header needs 8`);
    return;
  }
  const spi = readU32(b, 0);
  const seqLow = readU32(b, 4);
  layer.summary = `SPI ${hex32(spi)}, seq ${seqLow}`;
  layer.fields.push(
    f('SPI', hex32(spi), base, base + 4),
    f('Sequence number', String(seqLow), base + 4, base + 8),
  );
  if (b.length < ESP_MIN_LENGTH) {
    fail(
      'truncated',
      b.length,
      `ESP: truncated at byte ${base + b.length}, at least ${ESP_MIN_LENGTH} needed`,
    );
    return;
  }
  const icvAt = b.length - ESP_ICV_LENGTH;
  layer.fields.push(
    f('IV', toHex(b.subarray(8, 16)), base + 8, base + 16),
    f('Encrypted data', `${icvAt - ESP_PREFIX_LENGTH} bytes`, base + ESP_PREFIX_LENGTH, base + icvAt),
  );
  const icv = f('ICV', toHex(b.subarray(icvAt)), base + icvAt, base + b.length);
  layer.fields.push(icv);
  const info = ctx.opts.lookupSa?.(spi, src, dst);
  if (!info) {
    fail('no-sa', 0, `no SA for SPI ${hex32(spi)} (${src} → ${dst}): payload not decrypted`);
    return;
  }
  const parts = splitKeyMaterial(info.keyMaterial);
  if (!parts) {
    fail('bad-key', 0, `SA for SPI ${hex32(spi)} has ${info.keyMaterial.length} bytes of key material`);
    return;
  }
  const pt = espDecryptPacket(
    nobleAead.prepareKey(parts.key),
    parts.salt,
    info.esn ?? false,
    info.seqHigh ?? 0,
    b,
  );
  if (!pt) {
    icv.value += ' [ICV check failed]';
    fail(
      'icv-failed',
      icvAt,
      `ICV check failed for SPI ${hex32(spi)} seq ${seqLow}: wrong key or altered packet`,
    );
    return;
  }
  icv.value += ' [verified]';
  const ptBase = base + ESP_PREFIX_LENGTH;
  ctx.out.decrypted.push({ range: [ptBase, ptBase + pt.length], bytes: pt });
  const t = parseEspTrailer(pt);
  if (!t.ok) {
    fail('bad-padding', ESP_PREFIX_LENGTH + t.error.offset, t.error.message);
    return;
  }
  const { payloadLength, padLength, nextHeader } = t.value;
  layer.summary += `, next header ${ipprotoName(nextHeader)}`;
  const trailer = ptBase + payloadLength;
  layer.fields.push(
    f(
      'Padding',
      padLength ? toHex(pt.subarray(payloadLength, payloadLength + padLength)) : 'none',
      trailer,
      trailer + padLength,
    ),
    f('Pad length', String(padLength), trailer + padLength, trailer + padLength + 1),
    f(
      'Next header',
      `${ipprotoName(nextHeader)} (${nextHeader})`,
      trailer + padLength + 1,
      trailer + padLength + 2,
    ),
  );
  if (nextHeader === IPPROTO.NONE) return; // dummy packet (RFC 4303 §2.6)
  protoLayer(ctx, nextHeader, pt.subarray(0, payloadLength), ptBase, 'decrypted', src, dst, depth + 1);
}
