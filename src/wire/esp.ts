// ESP (RFC 4303) with AES-GCM (RFC 4106), through the AEAD provider interface of aead.ts.
//
//   packet    = SPI(4) ‖ Seq low 32 bits(4) ‖ IV(8) ‖ ciphertext ‖ ICV(16)        RFC 4303 §2, RFC 4106 §3
//   plaintext = payload ‖ padding 1,2,3… ‖ pad length ‖ next header               RFC 4303 §2.4–2.6
//   nonce     = salt(4, the last 4 octets of the key material) ‖ IV               RFC 4106 §4, §8.1
//   AAD       = SPI ‖ seq(32)  or, with extended sequence numbers, SPI ‖ seq high ‖ seq low   RFC 4106 §5
//
// The IV is the 64-bit sequence number (RFC 4106 §3.1 allows a counter): unique under a key as long
// as sequence numbers never repeat, and deterministic. Transport mode carries a TCP/UDP/GRE payload
// (next header 6/17/47), tunnel mode an inner IPv4 packet (next header 4): ESP does not care.
import {
  AEAD_TAG_LENGTH,
  type AeadKey,
  type AeadProvider,
  isPromise,
  type MaybePromise,
  type SyncAeadKey,
  type SyncAeadProvider,
  thenMaybe,
} from './aead';
import { readU32, writeU32 } from './bytes';
import { createReplayWindow, inferEsnHigh, type ReplayWindow, replayCheck, replayUpdate } from './replay';
import { fail, ok, type Result, type WireError } from './result';

export const ESP_HEADER_LENGTH = 8; // SPI + sequence number
export const ESP_IV_LENGTH = 8;
export const ESP_ICV_LENGTH = AEAD_TAG_LENGTH;
/** Bytes ESP adds in front of the payload (SPI, seq, IV). */
export const ESP_PREFIX_LENGTH = ESP_HEADER_LENGTH + ESP_IV_LENGTH;
/** Smallest ESP packet: prefix, pad length, next header, ICV. */
export const ESP_MIN_LENGTH = ESP_PREFIX_LENGTH + 2 + ESP_ICV_LENGTH;
export const ESP_SALT_LENGTH = 4;

const TWO32 = 0x1_0000_0000;

export interface EspSaParams {
  spi: number;
  /** Key ‖ salt as negotiated by IKE (RFC 4106 §8.1): 20, 28 or 36 bytes. */
  keyMaterial: Uint8Array;
  /** Extended (64-bit) sequence numbers (RFC 4303 §2.2.1). */
  esn?: boolean;
  /** Anti-replay window size for the inbound direction (default 64). */
  replayWindow?: number;
}

/**
 * One ESP security association with AES-GCM. SAs are unidirectional: an outbound SA uses `seq`, an
 * inbound one `replay`. `key` is a provider handle prepared once; everything else is plain data.
 */
export interface EspSa<K extends AeadKey = AeadKey> {
  readonly spi: number;
  readonly keyMaterial: Uint8Array;
  readonly salt: Uint8Array;
  readonly esn: boolean;
  readonly key: K;
  /** Outbound: the last sequence number sent, 0 before the first (RFC 4303 §3.3.3). */
  seq: number;
  /** Inbound: the anti-replay window (RFC 4303 §3.4.3). */
  readonly replay: ReplayWindow;
}

export type EspSaError = WireError<'bad-key'>;

export function splitKeyMaterial(km: Uint8Array): { key: Uint8Array; salt: Uint8Array } | undefined {
  const n = km.length - ESP_SALT_LENGTH;
  if (n !== 16 && n !== 24 && n !== 32) return undefined;
  return { key: km.subarray(0, n), salt: km.slice(n) };
}

/** Builds an SA around an already-prepared key. Throws RangeError on malformed key material. */
export function espSaWithKey<K extends AeadKey>(key: K, p: EspSaParams): EspSa<K> {
  const parts = splitKeyMaterial(p.keyMaterial);
  if (!parts)
    throw new RangeError(`ESP: key material of ${p.keyMaterial.length} bytes, expected 20, 28 or 36`);
  return {
    spi: p.spi >>> 0,
    keyMaterial: p.keyMaterial.slice(),
    salt: parts.salt,
    esn: p.esn ?? false,
    key,
    seq: 0,
    replay: createReplayWindow(p.replayWindow ?? 64),
  };
}

/** Prepares the key once and builds the SA. Synchronous for a synchronous provider. */
export function createEspSa(provider: SyncAeadProvider, p: EspSaParams): EspSa<SyncAeadKey>;
export function createEspSa<K extends AeadKey>(
  provider: AeadProvider<K>,
  p: EspSaParams,
): MaybePromise<EspSa<K>>;
export function createEspSa<K extends AeadKey>(
  provider: AeadProvider<K>,
  p: EspSaParams,
): MaybePromise<EspSa<K>> {
  const parts = splitKeyMaterial(p.keyMaterial);
  if (!parts)
    throw new RangeError(`ESP: key material of ${p.keyMaterial.length} bytes, expected 20, 28 or 36`);
  return thenMaybe(provider.prepareKey(parts.key), (key) => espSaWithKey(key, p));
}

// ---------------------------------------------------------------------------------------------
// Low level: one GCM operation on an ESP packet with explicit seq and IV (used by the vectors, the
// dissector and the SA-level functions below).

export interface EspGcmParams {
  spi: number;
  /** High 32 bits of the sequence number; only in the AAD, and only with ESN. */
  seqHigh: number;
  seqLow: number;
  esn: boolean;
}

// Per-call scratch for nonce and AAD: providers consume both during the call (the AEAD contract in
// aead.ts), so one buffer each serves every packet and no small arrays are allocated per packet.
const NONCE = new Uint8Array(12);
const AAD8 = new Uint8Array(8);
const AAD12 = new Uint8Array(12);

/** nonce = salt ‖ IV (RFC 4106 §4), the IV read from the packet at ivAt. */
function nonceOf(salt: Uint8Array, pkt: Uint8Array, ivAt: number): Uint8Array {
  NONCE[0] = salt[0]!;
  NONCE[1] = salt[1]!;
  NONCE[2] = salt[2]!;
  NONCE[3] = salt[3]!;
  for (let i = 0; i < 8; i++) NONCE[4 + i] = pkt[ivAt + i]!;
  return NONCE;
}

/** nonce = salt ‖ IV with IV = the 64-bit sequence number (RFC 4106 §3.1), as the SA level sends. */
function nonceOfSeq(salt: Uint8Array, seqHigh: number, seqLow: number): Uint8Array {
  NONCE[0] = salt[0]!;
  NONCE[1] = salt[1]!;
  NONCE[2] = salt[2]!;
  NONCE[3] = salt[3]!;
  writeU32(NONCE, 4, seqHigh);
  writeU32(NONCE, 8, seqLow);
  return NONCE;
}

/** AAD = SPI ‖ seq, or SPI ‖ seq high ‖ seq low with ESN (RFC 4106 §5). */
function aadOf(spi: number, seqHigh: number, seqLow: number, esn: boolean): Uint8Array {
  if (!esn) {
    writeU32(AAD8, 0, spi);
    writeU32(AAD8, 4, seqLow);
    return AAD8;
  }
  writeU32(AAD12, 0, spi);
  writeU32(AAD12, 4, seqHigh);
  writeU32(AAD12, 8, seqLow);
  return AAD12;
}

/** Seals buf[offset+16, +ptLength) in place; SPI, seq and IV must already be at buf[offset, +16). */
function sealCore(
  key: AeadKey,
  salt: Uint8Array,
  seqHigh: number,
  esn: boolean,
  buf: Uint8Array,
  offset: number,
  ptLength: number,
): MaybePromise<Uint8Array> {
  const ptStart = offset + ESP_PREFIX_LENGTH;
  const end = ptStart + ptLength + ESP_ICV_LENGTH;
  const out = buf.subarray(ptStart, end);
  const r = key.seal(
    nonceOf(salt, buf, offset + ESP_HEADER_LENGTH),
    aadOf(readU32(buf, offset), seqHigh, readU32(buf, offset + 4), esn),
    out.subarray(0, ptLength),
    out,
  );
  const esp = buf.subarray(offset, end);
  return isPromise(r) ? r.then(() => esp) : esp;
}

/**
 * Seals a complete ESP plaintext (payload ‖ padding ‖ pad length ‖ next header, as RFC 4303 §2
 * lays it out) into buf at `offset`: writes SPI, seq, IV, ciphertext and ICV; the plaintext must
 * already sit at buf[offset + 16, offset + 16 + ptLength) (sealed in place). Returns the ESP bytes.
 */
export function espSealInPlace(
  key: AeadKey,
  salt: Uint8Array,
  p: EspGcmParams,
  iv: Uint8Array,
  buf: Uint8Array,
  offset: number,
  ptLength: number,
): MaybePromise<Uint8Array> {
  writeU32(buf, offset, p.spi);
  writeU32(buf, offset + 4, p.seqLow);
  buf.set(iv, offset + ESP_HEADER_LENGTH);
  return sealCore(key, salt, p.seqHigh, p.esn, buf, offset, ptLength);
}

/** Seals a complete ESP plaintext into a new ESP packet (RFC 4106 vectors take this shape). */
export function espSealPlaintext(
  key: SyncAeadKey,
  salt: Uint8Array,
  p: EspGcmParams,
  iv: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array;
export function espSealPlaintext(
  key: AeadKey,
  salt: Uint8Array,
  p: EspGcmParams,
  iv: Uint8Array,
  plaintext: Uint8Array,
): MaybePromise<Uint8Array>;
export function espSealPlaintext(
  key: AeadKey,
  salt: Uint8Array,
  p: EspGcmParams,
  iv: Uint8Array,
  plaintext: Uint8Array,
): MaybePromise<Uint8Array> {
  const buf = new Uint8Array(ESP_PREFIX_LENGTH + plaintext.length + ESP_ICV_LENGTH);
  buf.set(plaintext, ESP_PREFIX_LENGTH);
  return espSealInPlace(key, salt, p, iv, buf, 0, plaintext.length);
}

/**
 * Verifies and decrypts an ESP packet with the given high sequence bits (ignored without ESN):
 * the plaintext with its trailer, or null when the ICV does not verify. No replay check.
 */
export function espDecryptPacket(
  key: SyncAeadKey,
  salt: Uint8Array,
  esn: boolean,
  seqHigh: number,
  esp: Uint8Array,
): Uint8Array | null;
export function espDecryptPacket(
  key: AeadKey,
  salt: Uint8Array,
  esn: boolean,
  seqHigh: number,
  esp: Uint8Array,
): MaybePromise<Uint8Array | null>;
export function espDecryptPacket(
  key: AeadKey,
  salt: Uint8Array,
  esn: boolean,
  seqHigh: number,
  esp: Uint8Array,
): MaybePromise<Uint8Array | null> {
  if (esp.length < ESP_PREFIX_LENGTH + ESP_ICV_LENGTH) return null;
  const nonce = nonceOf(salt, esp, ESP_HEADER_LENGTH);
  const aad = aadOf(readU32(esp, 0), seqHigh, readU32(esp, 4), esn);
  return key.open(nonce, aad, esp.subarray(ESP_PREFIX_LENGTH));
}

// ---------------------------------------------------------------------------------------------
// The ESP trailer (RFC 4303 §2.4): padding bytes 1, 2, 3, … so that pad length and next header end
// on a 4-byte boundary (GCM's block size is 1, RFC 4106 §3.2).

export function espPadLength(payloadLength: number): number {
  return (4 - ((payloadLength + 2) % 4)) % 4;
}

export interface EspTrailer {
  payloadLength: number;
  padLength: number;
  nextHeader: number;
}

export type EspTrailerError = WireError<'bad-padding' | 'truncated'>;

/** The payload length of a plaintext whose trailer is well formed, else -1 (parseEspTrailer says why). */
function trailerPayloadLength(pt: Uint8Array): number {
  if (pt.length < 2) return -1;
  const padLength = pt[pt.length - 2]!;
  const payloadLength = pt.length - 2 - padLength;
  if (payloadLength < 0) return -1;
  for (let i = 0; i < padLength; i++) if (pt[payloadLength + i] !== i + 1) return -1;
  return payloadLength;
}

/** Parses the trailer of a decrypted plaintext; offsets are relative to the plaintext. */
export function parseEspTrailer(pt: Uint8Array): Result<EspTrailer, EspTrailerError> {
  if (pt.length < 2)
    return fail('truncated', pt.length, 'ESP: plaintext shorter than pad length + next header');
  const padLength = pt[pt.length - 2]!;
  const nextHeader = pt[pt.length - 1]!;
  const payloadLength = pt.length - 2 - padLength;
  if (payloadLength < 0)
    return fail(
      'bad-padding',
      pt.length - 2,
      `ESP: pad length ${padLength} exceeds the ${pt.length - 2}-byte payload`,
    );
  for (let i = 0; i < padLength; i++)
    if (pt[payloadLength + i] !== i + 1)
      return fail('bad-padding', payloadLength + i, `ESP: padding byte ${i + 1} is ${pt[payloadLength + i]}`);
  return ok({ payloadLength, padLength, nextHeader });
}

// ---------------------------------------------------------------------------------------------
// SA level.

export interface EspSealOptions {
  /** Bytes left free in front of the ESP header for the outer IP header (default 0). */
  headroom?: number;
}

export interface EspSealed {
  /** headroom ‖ ESP packet, one buffer: write the outer header into packet[0, headroom). */
  packet: Uint8Array;
  /** The ESP packet: a view into `packet`. */
  esp: Uint8Array;
  /** The (64-bit) sequence number used. */
  seq: number;
}

export type EspSealErrorKind = 'seq-exhausted' | 'too-long';
export type EspSealError = WireError<EspSealErrorKind>;

/** Largest sequence number the high-level API uses (JS numbers are exact below 2^53). */
export const ESP_MAX_SEQ_ESN = Number.MAX_SAFE_INTEGER;

/**
 * Seals `payload` with next header `nextHeader` (IPPROTO: 6 TCP, 17 UDP, 4 IPv4 tunnel, …) under
 * the outbound SA: takes the next sequence number (RFC 4303 §3.3.3; never cycles: without ESN
 * 2^32 − 1 is the last), uses it as the IV, pads and encrypts. The sequence number is taken
 * synchronously, so overlapping async seals get distinct numbers.
 */
export function espSeal(
  sa: EspSa<SyncAeadKey>,
  payload: Uint8Array,
  nextHeader: number,
  opts?: EspSealOptions,
): Result<EspSealed, EspSealError>;
export function espSeal(
  sa: EspSa,
  payload: Uint8Array,
  nextHeader: number,
  opts?: EspSealOptions,
): MaybePromise<Result<EspSealed, EspSealError>>;
export function espSeal(
  sa: EspSa,
  payload: Uint8Array,
  nextHeader: number,
  opts?: EspSealOptions,
): MaybePromise<Result<EspSealed, EspSealError>> {
  return espSealWith(sa, payload.length, nextHeader, (buf, o) => buf.set(payload, o), opts);
}

/**
 * Like espSeal, but the caller writes the payload straight into the packet buffer
 * (`fill(buf, offset)` must fill buf[offset, offset + payloadLength)): no intermediate copy.
 * Every byte must be written: with a provider that seals from a reused scratch buffer
 * (sealWithHeadroom) a byte left alone holds an earlier packet's plaintext, not zero.
 */
export function espSealWith(
  sa: EspSa<SyncAeadKey>,
  payloadLength: number,
  nextHeader: number,
  fill: (buf: Uint8Array, offset: number) => void,
  opts?: EspSealOptions,
): Result<EspSealed, EspSealError>;
export function espSealWith(
  sa: EspSa,
  payloadLength: number,
  nextHeader: number,
  fill: (buf: Uint8Array, offset: number) => void,
  opts?: EspSealOptions,
): MaybePromise<Result<EspSealed, EspSealError>>;
export function espSealWith(
  sa: EspSa,
  payloadLength: number,
  nextHeader: number,
  fill: (buf: Uint8Array, offset: number) => void,
  opts?: EspSealOptions,
): MaybePromise<Result<EspSealed, EspSealError>> {
  return espSealThen(sa, payloadLength, nextHeader, fill, opts?.headroom ?? 0, identity, undefined);
}

function identity<T>(v: T): T {
  return v;
}

// Plaintext scratch for providers with sealWithHeadroom: they consume the plaintext before they
// return (aead.ts), so one buffer serves every packet. `scratchBusy` guards a `fill` that seals
// another packet itself (it then gets its own buffer).
let scratch = new Uint8Array(2048);
let scratchBusy = false;

/** Writes the ESP trailer (RFC 4303 §2.4: padding 1, 2, 3, …, pad length, next header) at o. */
function writeTrailer(b: Uint8Array, o: number, pad: number, nextHeader: number): void {
  let i = o;
  for (let k = 1; k <= pad; k++) b[i++] = k;
  b[i++] = pad;
  b[i] = nextHeader & 0xff;
}

/** SPI, sequence number, and IV = the 64-bit sequence number, big-endian (RFC 4106 §3.1). */
function writeEspHeader(b: Uint8Array, o: number, spi: number, seqHigh: number, seqLow: number): void {
  writeU32(b, o, spi);
  writeU32(b, o + 4, seqLow);
  writeU32(b, o + 8, seqHigh);
  writeU32(b, o + 12, seqLow);
}

/**
 * espSealWith with the caller's continuation: returns done(result, ctx). For an async provider the
 * whole seal costs the provider's promise plus one reaction, however many layers wrap it
 * (esp-ipv4.ts passes its outer-header writer as `done`); for a synchronous one `done` is called
 * directly. `ctx` is handed to `done`, so callers need not allocate a closure per packet.
 */
export function espSealThen<T, C>(
  sa: EspSa,
  payloadLength: number,
  nextHeader: number,
  fill: (buf: Uint8Array, offset: number) => void,
  headroom: number,
  done: (r: Result<EspSealed, EspSealError>, ctx: C) => T,
  ctx: C,
): MaybePromise<T> {
  const max = sa.esn ? ESP_MAX_SEQ_ESN : TWO32 - 1;
  if (sa.seq >= max)
    return done(
      fail('seq-exhausted', 0, `ESP: sequence numbers of SPI 0x${sa.spi.toString(16)} exhausted; rekey`),
      ctx,
    );
  const pad = espPadLength(payloadLength);
  const ptLength = payloadLength + pad + 2;
  const ptStart = headroom + ESP_PREFIX_LENGTH;
  const total = ptStart + ptLength + ESP_ICV_LENGTH;
  if (total > 0xffff) return done(fail('too-long', 0, `ESP: packet of ${total} bytes exceeds 65535`), ctx);
  const seq = ++sa.seq;
  const seqHigh = Math.floor(seq / TWO32);
  const seqLow = seq % TWO32;
  const { key, spi } = sa;

  if (key.sealWithHeadroom) {
    // The provider allocates its output anyway: build the plaintext in the scratch buffer and let
    // the provider's output (with room for the headers in front) be the packet.
    const own = !scratchBusy;
    if (own && scratch.length < ptLength) scratch = new Uint8Array(ptLength);
    const pt = own ? scratch.subarray(0, ptLength) : new Uint8Array(ptLength);
    if (own) scratchBusy = true;
    try {
      fill(pt, 0);
    } finally {
      if (own) scratchBusy = false;
    }
    writeTrailer(pt, payloadLength, pad, nextHeader);
    // Nonce and AAD only now: they live in module scratch, which a nested seal in fill reuses.
    const nonce = nonceOfSeq(sa.salt, seqHigh, seqLow);
    const aad = aadOf(spi, seqHigh, seqLow, sa.esn);
    return key.sealWithHeadroom(nonce, aad, pt, ptStart, (packet) => {
      writeEspHeader(packet, headroom, spi, seqHigh, seqLow);
      return done(ok({ packet, esp: packet.subarray(headroom), seq }), ctx);
    });
  }

  // In place: the payload is written into the packet and sealed there.
  const packet = new Uint8Array(total);
  fill(packet, ptStart);
  writeTrailer(packet, ptStart + payloadLength, pad, nextHeader);
  writeEspHeader(packet, headroom, spi, seqHigh, seqLow);
  const out = packet.subarray(ptStart, total);
  const nonce = nonceOfSeq(sa.salt, seqHigh, seqLow);
  const aad = aadOf(spi, seqHigh, seqLow, sa.esn);
  const r = key.seal(nonce, aad, out.subarray(0, ptLength), out);
  const esp = packet.subarray(headroom);
  if (isPromise(r)) return r.then(() => done(ok({ packet, esp, seq }), ctx));
  return done(ok({ packet, esp, seq }), ctx);
}

export interface EspOpened {
  spi: number;
  /** The full (64-bit with ESN) sequence number. */
  seq: number;
  nextHeader: number;
  /** The inner payload: a view into the decrypted plaintext. */
  payload: Uint8Array;
  padLength: number;
}

export type EspOpenErrorKind =
  | 'truncated'
  | 'spi-mismatch'
  | 'replay-duplicate'
  | 'replay-too-old'
  | 'icv-failed'
  | 'bad-padding';
export type EspOpenError = WireError<EspOpenErrorKind>;

/** SPI and low sequence bits of an ESP packet, for the caller's SA lookup (unknown SPI is theirs). */
export function peekEsp(esp: Uint8Array): Result<{ spi: number; seqLow: number }, WireError<'truncated'>> {
  if (esp.length < ESP_HEADER_LENGTH)
    return fail('truncated', esp.length, `ESP: truncated at byte ${esp.length}`);
  return ok({ spi: readU32(esp, 0), seqLow: readU32(esp, 4) });
}

/**
 * Opens an inbound ESP packet (RFC 4303 §3.4): length, SPI, replay check (§3.4.3), ICV
 * verification and decryption, then — only now — the window update, then the trailer.
 */
export function espOpen(sa: EspSa<SyncAeadKey>, esp: Uint8Array): Result<EspOpened, EspOpenError>;
export function espOpen(sa: EspSa, esp: Uint8Array): MaybePromise<Result<EspOpened, EspOpenError>>;
export function espOpen(sa: EspSa, esp: Uint8Array): MaybePromise<Result<EspOpened, EspOpenError>> {
  return espOpenThen(sa, esp, identity, undefined);
}

/**
 * espOpen with the caller's continuation: returns done(result, ctx), with one promise reaction for
 * an async provider however many layers wrap it (esp-ipv4.ts passes its own), none for a
 * synchronous one. `ctx` is handed to `done`, so callers need not allocate a closure per packet.
 */
export function espOpenThen<T, C>(
  sa: EspSa,
  esp: Uint8Array,
  done: (r: Result<EspOpened, EspOpenError>, ctx: C) => T,
  ctx: C,
): MaybePromise<T> {
  if (esp.length < ESP_MIN_LENGTH)
    return done(
      fail(
        'truncated',
        esp.length,
        `ESP: truncated at byte ${esp.length}, at least ${ESP_MIN_LENGTH} needed`,
      ),
      ctx,
    );
  const spi = readU32(esp, 0);
  if (spi !== sa.spi)
    return done(
      fail('spi-mismatch', 0, `ESP: SPI 0x${spi.toString(16)} is not this SA's 0x${sa.spi.toString(16)}`),
      ctx,
    );
  const seqLow = readU32(esp, 4);
  const seqHigh = sa.esn ? inferEsnHigh(sa.replay, seqLow) : 0;
  const seq = seqHigh * TWO32 + seqLow;
  const pre = replayCheck(sa.replay, seq);
  if (pre !== 'ok') return done(replayError(pre, seq), ctx);
  // espDecryptPacket, with the provider's continuation form where it has one.
  const { key } = sa;
  const nonce = nonceOf(sa.salt, esp, ESP_HEADER_LENGTH);
  const aad = aadOf(spi, seqHigh, seqLow, sa.esn);
  const sealed = esp.subarray(ESP_PREFIX_LENGTH);
  if (key.openThen) return key.openThen(nonce, aad, sealed, (pt) => opened(sa, esp, seq, pt, done, ctx));
  const r = key.open(nonce, aad, sealed);
  if (isPromise(r)) return r.then((pt) => opened(sa, esp, seq, pt, done, ctx));
  return opened(sa, esp, seq, r, done, ctx);
}

/** The rest of espOpenThen once the provider has answered: ICV, replay window update, trailer. */
function opened<T, C>(
  sa: EspSa,
  esp: Uint8Array,
  seq: number,
  pt: Uint8Array | null,
  done: (r: Result<EspOpened, EspOpenError>, ctx: C) => T,
  ctx: C,
): T {
  if (pt === null)
    return done(fail('icv-failed', esp.length - ESP_ICV_LENGTH, `ESP: ICV check failed (seq ${seq})`), ctx);
  const post = replayUpdate(sa.replay, seq);
  if (post !== 'ok') return done(replayError(post, seq), ctx);
  const payloadLength = trailerPayloadLength(pt);
  if (payloadLength < 0) {
    const t = parseEspTrailer(pt); // says where and why
    const at = t.ok ? 0 : t.error.offset;
    return done(
      fail('bad-padding', ESP_PREFIX_LENGTH + at, t.ok ? 'ESP: bad trailer' : t.error.message),
      ctx,
    );
  }
  const padLength = pt[pt.length - 2]!;
  const nextHeader = pt[pt.length - 1]!;
  return done(ok({ spi: sa.spi, seq, nextHeader, payload: pt.subarray(0, payloadLength), padLength }), ctx);
}

function replayError(v: 'duplicate' | 'too-old', seq: number): { ok: false; error: EspOpenError } {
  return v === 'duplicate'
    ? fail('replay-duplicate', 4, `ESP: sequence number ${seq} already received (RFC 4303 §3.4.3)`)
    : fail('replay-too-old', 4, `ESP: sequence number ${seq} is left of the replay window (RFC 4303 §3.4.3)`);
}
