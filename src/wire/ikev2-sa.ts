// SA payload body: proposals, transforms and transform attributes (RFC 7296 §3.3).

import { concatBytes, readU16, u16 } from './ikev2-bytes';
import type { IkeDecodeError, Proposal, Result, Transform, TransformAttribute } from './ikev2-types';

const fail = (kind: IkeDecodeError['kind'], offset: number, message: string) =>
  ({ ok: false, error: { kind, offset, message } }) as const;

/** Attribute Format bit: 1 = TV (RFC 7296 §3.3.5). */
const AF = 0x8000;

function encodeAttribute(a: TransformAttribute): Uint8Array {
  if ('value' in a) return concatBytes(u16(AF | (a.type & 0x7fff)), u16(a.value));
  return concatBytes(u16(a.type & 0x7fff), u16(a.data.length), a.data);
}

function encodeTransform(t: Transform, last: boolean): Uint8Array {
  const attrs = concatBytes(...t.attributes.map(encodeAttribute));
  return concatBytes(
    Uint8Array.of(last ? 0 : 3, t.reserved1 ?? 0),
    u16(8 + attrs.length),
    Uint8Array.of(t.transformType, t.reserved2 ?? 0),
    u16(t.transformId),
    attrs,
  );
}

function encodeProposal(p: Proposal, last: boolean): Uint8Array {
  const ts = concatBytes(...p.transforms.map((t, i) => encodeTransform(t, i === p.transforms.length - 1)));
  return concatBytes(
    Uint8Array.of(last ? 0 : 2, p.reserved ?? 0),
    u16(8 + p.spi.length + ts.length),
    Uint8Array.of(p.proposalNum, p.protocolId, p.spi.length, p.transforms.length),
    p.spi,
    ts,
  );
}

/** SA payload body (without the generic payload header). */
export function encodeSaBody(proposals: readonly Proposal[]): Uint8Array {
  return concatBytes(...proposals.map((p, i) => encodeProposal(p, i === proposals.length - 1)));
}

function decodeAttributes(b: Uint8Array, start: number, end: number): Result<TransformAttribute[]> {
  const out: TransformAttribute[] = [];
  let o = start;
  while (o < end) {
    if (o + 4 > end) return fail('truncated', o, 'transform attribute header cut short');
    const t = readU16(b, o);
    if (t & AF) {
      out.push({ type: t & 0x7fff, value: readU16(b, o + 2) });
      o += 4;
    } else {
      const len = readU16(b, o + 2);
      if (o + 4 + len > end) return fail('bad-length', o + 2, 'TLV attribute runs past its transform');
      out.push({ type: t, data: b.slice(o + 4, o + 4 + len) });
      o += 4 + len;
    }
  }
  return { ok: true, value: out };
}

function decodeTransform(
  b: Uint8Array,
  o: number,
  end: number,
  isLast: boolean,
): Result<[Transform, number]> {
  if (o + 8 > end) return fail('truncated', o, 'transform header cut short');
  const len = readU16(b, o + 2);
  if (len < 8 || o + len > end) return fail('bad-length', o + 2, `transform length ${len} does not fit`);
  if (b[o] !== (isLast ? 0 : 3))
    return fail('bad-substructure', o, 'Last Substruc must be 3, or 0 on the last');
  const attrs = decodeAttributes(b, o + 8, o + len);
  if (!attrs.ok) return attrs;
  const t: Transform = { transformType: b[o + 4]!, transformId: readU16(b, o + 6), attributes: attrs.value };
  if (b[o + 1]) t.reserved1 = b[o + 1]!;
  if (b[o + 5]) t.reserved2 = b[o + 5]!;
  return { ok: true, value: [t, o + len] };
}

/** Decode an SA payload body; offsets in errors are absolute in `b`. */
export function decodeSaBody(b: Uint8Array, start: number, end: number): Result<Proposal[]> {
  const out: Proposal[] = [];
  let o = start;
  while (o < end) {
    if (o + 8 > end) return fail('truncated', o, 'proposal header cut short');
    const len = readU16(b, o + 2);
    const spiSize = b[o + 6]!;
    if (len < 8 + spiSize || o + len > end)
      return fail('bad-length', o + 2, `proposal length ${len} does not fit`);
    const last = o + len === end;
    if (b[o] !== (last ? 0 : 2))
      return fail('bad-substructure', o, 'Last Substruc must be 2, or 0 on the last');
    const count = b[o + 7]!;
    const transforms: Transform[] = [];
    let t = o + 8 + spiSize;
    for (let i = 0; i < count; i++) {
      const r = decodeTransform(b, t, o + len, i === count - 1);
      if (!r.ok) return r;
      transforms.push(r.value[0]);
      t = r.value[1];
    }
    if (t !== o + len) return fail('bad-count', o + 7, 'transform count does not match the proposal length');
    const p: Proposal = {
      proposalNum: b[o + 4]!,
      protocolId: b[o + 5]!,
      spi: b.slice(o + 8, o + 8 + spiSize),
      transforms,
    };
    if (b[o + 1]) p.reserved = b[o + 1]!;
    out.push(p);
    o += len;
  }
  return { ok: true, value: out };
}
