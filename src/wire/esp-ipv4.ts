// Whole IPv4 packets around ESP (RFC 4303 §3.1): transport mode is IPv4(protocol 50) ‖ ESP with
// the transport segment inside (next header 6/17/47); tunnel mode carries an inner IPv4 packet
// (next header 4). The packet is built in one buffer: the outer header goes into the headroom in
// front of the ESP header, and the inner segment is written straight into the plaintext area.
import type { MaybePromise, SyncAeadKey } from './aead';
import { readU32 } from './bytes';
import {
  ESP_HEADER_LENGTH,
  type EspOpenError,
  type EspOpened,
  type EspSa,
  type EspSealError,
  espOpenThen,
  espSealThen,
} from './esp';
import { IPPROTO } from './ipproto';
import {
  decodeIpv4Full,
  IPV4_HEADER_LENGTH,
  type Ipv4Decoded,
  type Ipv4Error,
  type Ipv4Header,
  writeIpv4Header,
} from './ipv4';
import { fail, ok, type Result, type WireError } from './result';
import { type TcpSegment, tcpHeaderLength, writeTcp } from './tcp';

/** The outer header; its protocol is always ESP (50). */
export type EspOuterHeader = Omit<Ipv4Header, 'protocol'>;

type Sealed = Result<Uint8Array, EspSealError>;

function finishOuter(
  r: Result<{ packet: Uint8Array; esp: Uint8Array }, EspSealError>,
  ip: EspOuterHeader,
): Sealed {
  if (!r.ok) return r;
  writeIpv4Header(r.value.packet, 0, ip, r.value.esp.length, IPPROTO.ESP);
  return ok(r.value.packet);
}

/** IPv4 ‖ ESP(payload, nextHeader) in one buffer, with the IPv4 header checksum. */
export function sealEspIpv4With(
  sa: EspSa,
  ip: EspOuterHeader,
  payloadLength: number,
  nextHeader: number,
  fill: (buf: Uint8Array, offset: number) => void,
): MaybePromise<Sealed> {
  return espSealThen(sa, payloadLength, nextHeader, fill, IPV4_HEADER_LENGTH, finishOuter, ip);
}

export function sealEspIpv4(
  sa: EspSa<SyncAeadKey>,
  ip: EspOuterHeader,
  payload: Uint8Array,
  nextHeader: number,
): Sealed;
export function sealEspIpv4(
  sa: EspSa,
  ip: EspOuterHeader,
  payload: Uint8Array,
  nextHeader: number,
): MaybePromise<Sealed>;
export function sealEspIpv4(
  sa: EspSa,
  ip: EspOuterHeader,
  payload: Uint8Array,
  nextHeader: number,
): MaybePromise<Sealed> {
  return sealEspIpv4With(sa, ip, payload.length, nextHeader, (buf, o) => buf.set(payload, o));
}

/** Transport mode TCP: the segment (checksummed over the outer addresses) written in place. */
export function sealEspTcp(sa: EspSa<SyncAeadKey>, ip: EspOuterHeader, seg: TcpSegment): Sealed;
export function sealEspTcp(sa: EspSa, ip: EspOuterHeader, seg: TcpSegment): MaybePromise<Sealed>;
export function sealEspTcp(sa: EspSa, ip: EspOuterHeader, seg: TcpSegment): MaybePromise<Sealed> {
  const len = tcpHeaderLength(seg) + seg.payload.length;
  return sealEspIpv4With(sa, ip, len, IPPROTO.TCP, (buf, o) => {
    writeTcp(buf, o, seg, ip.src, ip.dst);
  });
}

/** Tunnel mode: an inner IPv4 packet inside ESP (next header 4, RFC 4303 §3.1.2). */
export function sealEspTunnel(sa: EspSa<SyncAeadKey>, outer: EspOuterHeader, inner: Uint8Array): Sealed;
export function sealEspTunnel(sa: EspSa, outer: EspOuterHeader, inner: Uint8Array): MaybePromise<Sealed>;
export function sealEspTunnel(sa: EspSa, outer: EspOuterHeader, inner: Uint8Array): MaybePromise<Sealed> {
  return sealEspIpv4(sa, outer, inner, IPPROTO.IPV4);
}

export type OpenEspIpv4Error = Ipv4Error | EspOpenError | WireError<'not-esp' | 'unknown-spi'>;
export type OpenedEspIpv4 = Result<{ ip: Ipv4Decoded; esp: EspOpened }, OpenEspIpv4Error>;

/**
 * Decodes the outer IPv4 header, finds the inbound SA by SPI (unknown → 'unknown-spi', RFC 4303
 * §3.4.2: discard) and opens the ESP packet. Error offsets are relative to the IPv4 packet.
 */
export function openEspIpv4(
  lookup: (spi: number) => EspSa<SyncAeadKey> | undefined,
  packet: Uint8Array,
): OpenedEspIpv4;
export function openEspIpv4(
  lookup: (spi: number) => EspSa | undefined,
  packet: Uint8Array,
): MaybePromise<OpenedEspIpv4>;
export function openEspIpv4(
  lookup: (spi: number) => EspSa | undefined,
  packet: Uint8Array,
): MaybePromise<OpenedEspIpv4> {
  const ip = decodeIpv4Full(packet);
  if (!ip.ok) return ip;
  if (ip.value.protocol !== IPPROTO.ESP)
    return fail('not-esp', 9, `IPv4 protocol ${ip.value.protocol}, not ESP (50)`);
  const esp = ip.value.payload;
  // peekEsp without its result object.
  if (esp.length < ESP_HEADER_LENGTH)
    return fail('truncated', IPV4_HEADER_LENGTH + esp.length, `ESP: truncated at byte ${esp.length}`);
  const spi = readU32(esp, 0);
  const sa = lookup(spi);
  if (!sa)
    return fail(
      'unknown-spi',
      IPV4_HEADER_LENGTH,
      `ESP: no SA for SPI 0x${spi.toString(16).padStart(8, '0')}`,
    );
  return espOpenThen(sa, esp, withOuter, ip.value);
}

/** openEspIpv4's result: the outer header with the ESP result, error offsets moved past it. */
function withOuter(r: Result<EspOpened, EspOpenError>, ip: Ipv4Decoded): OpenedEspIpv4 {
  return r.ok
    ? ok({ ip, esp: r.value })
    : { ok: false, error: { ...r.error, offset: IPV4_HEADER_LENGTH + r.error.offset } };
}
