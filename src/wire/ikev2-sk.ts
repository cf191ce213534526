// The Encrypted payload (SK, RFC 7296 §3.14) with AES-GCM and a 16-octet ICV as specified for IKEv2
// by RFC 5282: 8-octet explicit IV; nonce = salt(4, the last octets of SK_e*) ‖ IV (§4, §7.1);
// AAD = IKE header ‖ any unencrypted payloads ‖ SK generic payload header (§5.1).

import { gcm } from '@noble/ciphers/aes.js';
import { concatBytes, u16 } from './ikev2-bytes';
import { PayloadType } from './ikev2-constants';
import { encodeHeader, IKE_HEADER_LENGTH } from './ikev2-message';
import { decodePayloads, encodePayloads, payloadTypeOf } from './ikev2-payloads';
import type { IkeHeader, IkeMessage, IkePayload, Result } from './ikev2-types';

export const GCM_IV_LENGTH = 8;
export const GCM_ICV_LENGTH = 16;
const SALT_LENGTH = 4;

/** SK_e* for AES-GCM is key ‖ 4-octet salt (RFC 5282 §7.1): 20, 28 or 36 octets. */
function splitKeyMaterial(km: Uint8Array): { key: Uint8Array; salt: Uint8Array } | undefined {
  const keyLen = km.length - SALT_LENGTH;
  if (keyLen !== 16 && keyLen !== 24 && keyLen !== 32) return undefined;
  return { key: km.subarray(0, keyLen), salt: km.subarray(keyLen) };
}

export interface SealOptions {
  /** payloads sent in clear before the Encrypted payload (rare; normally none) */
  unencrypted?: readonly IkePayload[];
  /** Padding octets before the Pad Length octet; AES-GCM needs none (RFC 5282 §3). Default 0. */
  padLength?: number;
}

/**
 * Encode a message whose `inner` payloads travel inside an Encrypted payload. `keyMaterial` is SK_ei
 * (messages with the Initiator flag) or SK_er; `iv` is 8 octets, never reused with the same key.
 */
export function sealMessage(
  header: IkeHeader,
  inner: readonly IkePayload[],
  keyMaterial: Uint8Array,
  iv: Uint8Array,
  opts: SealOptions = {},
): Uint8Array {
  const k = splitKeyMaterial(keyMaterial);
  if (!k) throw new RangeError(`AES-GCM key material must be 20, 28 or 36 octets, got ${keyMaterial.length}`);
  if (iv.length !== GCM_IV_LENGTH) throw new RangeError('AES-GCM IV must be 8 octets');
  const pad = opts.padLength ?? 0;
  const plaintext = concatBytes(encodePayloads(inner), new Uint8Array(pad), Uint8Array.of(pad));
  const clear = encodePayloads(opts.unencrypted ?? [], PayloadType.SK);
  const skLength = 4 + GCM_IV_LENGTH + plaintext.length + GCM_ICV_LENGTH;
  const total = IKE_HEADER_LENGTH + clear.length + skLength;
  const first = opts.unencrypted?.[0] ? payloadTypeOf(opts.unencrypted[0]) : PayloadType.SK;
  const firstInner = inner[0] ? payloadTypeOf(inner[0]) : PayloadType.NONE;
  const aad = concatBytes(
    encodeHeader(header, first, total),
    clear,
    Uint8Array.of(firstInner, 0),
    u16(skLength),
  );
  const sealed = gcm(k.key, concatBytes(k.salt, iv), aad).encrypt(plaintext);
  return concatBytes(aad, iv, sealed);
}

/**
 * Open the Encrypted payload of `bytes` (already decoded as `msg`). Returns the message with the SK
 * payload replaced by the inner payloads. Never throws: a wrong key or any tampering gives
 * 'icv-mismatch'; error offsets are absolute in `bytes`.
 */
export function openMessage(bytes: Uint8Array, msg: IkeMessage, keyMaterial: Uint8Array): Result<IkeMessage> {
  const sk = msg.payloads[msg.payloads.length - 1];
  if (sk?.kind !== 'SK')
    return {
      ok: false,
      error: { kind: 'not-encrypted', offset: IKE_HEADER_LENGTH, message: 'no Encrypted payload' },
    };
  const skOffset = bytes.length - 4 - sk.body.length;
  const k = splitKeyMaterial(keyMaterial);
  if (!k)
    return { ok: false, error: { kind: 'bad-length', offset: skOffset, message: 'bad key material length' } };
  if (sk.body.length < GCM_IV_LENGTH + GCM_ICV_LENGTH + 1)
    return {
      ok: false,
      error: { kind: 'truncated', offset: skOffset, message: 'Encrypted payload too short' },
    };
  const iv = sk.body.subarray(0, GCM_IV_LENGTH);
  const aad = bytes.subarray(0, skOffset + 4);
  let plain: Uint8Array;
  try {
    plain = gcm(k.key, concatBytes(k.salt, iv), aad).decrypt(sk.body.subarray(GCM_IV_LENGTH));
  } catch {
    return {
      ok: false,
      error: { kind: 'icv-mismatch', offset: bytes.length - GCM_ICV_LENGTH, message: 'ICV check failed' },
    };
  }
  const ctOffset = skOffset + 4 + GCM_IV_LENGTH;
  const padLength = plain[plain.length - 1]!;
  if (padLength + 1 > plain.length)
    return {
      ok: false,
      error: { kind: 'bad-padding', offset: ctOffset, message: `Pad Length ${padLength} too big` },
    };
  const inner = decodePayloads(plain, 0, plain.length - padLength - 1, sk.firstInner, false);
  if (!inner.ok) return { ok: false, error: { ...inner.error, offset: ctOffset + inner.error.offset } };
  return {
    ok: true,
    value: { header: msg.header, payloads: [...msg.payloads.slice(0, -1), ...inner.value] },
  };
}
