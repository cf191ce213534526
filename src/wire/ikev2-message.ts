// IKE header and whole-message codec (RFC 7296 §3.1). The Encrypted payload stays sealed here; see
// ikev2-sk.ts to seal and open it.

import { concatBytes, readU32, u32 } from './ikev2-bytes';
import { decodePayloads, encodePayloads, payloadTypeOf } from './ikev2-payloads';
import type { IkeHeader, IkeMessage, Result } from './ikev2-types';

export const IKE_HEADER_LENGTH = 28;

/** Header octets for a message of `length` octets whose first payload has type `firstPayload`. */
export function encodeHeader(h: IkeHeader, firstPayload: number, length: number): Uint8Array {
  return concatBytes(
    h.spiI,
    h.spiR,
    Uint8Array.of(
      firstPayload,
      ((h.majorVersion & 0xf) << 4) | (h.minorVersion & 0xf),
      h.exchangeType,
      h.flags,
    ),
    u32(h.messageId),
    u32(length),
  );
}

export function encodeMessage(m: IkeMessage): Uint8Array {
  const body = encodePayloads(m.payloads);
  const first = m.payloads[0] ? payloadTypeOf(m.payloads[0]) : 0;
  return concatBytes(encodeHeader(m.header, first, IKE_HEADER_LENGTH + body.length), body);
}

/** Decode the header alone (used to route a datagram before touching its payloads). */
export function decodeHeader(
  b: Uint8Array,
): Result<{ header: IkeHeader; firstPayload: number; length: number }> {
  if (b.length < IKE_HEADER_LENGTH)
    return {
      ok: false,
      error: { kind: 'truncated', offset: b.length, message: 'shorter than an IKE header' },
    };
  const v = b[17]!;
  if (v >> 4 !== 2)
    return {
      ok: false,
      error: { kind: 'unsupported-version', offset: 17, message: `major version ${v >> 4}` },
    };
  const length = readU32(b, 24);
  if (length < IKE_HEADER_LENGTH)
    return { ok: false, error: { kind: 'bad-length', offset: 24, message: `length ${length} < 28` } };
  if (length > b.length)
    return {
      ok: false,
      error: { kind: 'truncated', offset: b.length, message: `length ${length} > ${b.length}` },
    };
  if (length < b.length)
    return {
      ok: false,
      error: { kind: 'trailing-bytes', offset: length, message: 'bytes after the message' },
    };
  const header: IkeHeader = {
    spiI: b.slice(0, 8),
    spiR: b.slice(8, 16),
    majorVersion: v >> 4,
    minorVersion: v & 0xf,
    exchangeType: b[18]!,
    flags: b[19]!,
    messageId: readU32(b, 20),
  };
  return { ok: true, value: { header, firstPayload: b[16]!, length } };
}

/** Decode a whole IKEv2 message. Never throws; encodeMessage(decoded) reproduces `b` exactly. */
export function decodeMessage(b: Uint8Array): Result<IkeMessage> {
  const h = decodeHeader(b);
  if (!h.ok) return h;
  const p = decodePayloads(b, IKE_HEADER_LENGTH, h.value.length, h.value.firstPayload, true);
  if (!p.ok) return p;
  return { ok: true, value: { header: h.value.header, payloads: p.value } };
}
