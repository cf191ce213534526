// Building and choosing SA proposals (RFC 7296 §2.7, §3.3) for the suites in suites.ts.

import {
  AttributeType,
  DhGroup,
  EncrId,
  EsnId,
  PrfId,
  ProtocolId,
  TransformType,
} from '../../wire/ikev2-constants';
import type { Proposal, Transform } from '../../wire/ikev2-types';
import { type GcmCipher, gcmFromKeyBits, gcmKeyBits } from './suites';

const encr = (c: GcmCipher): Transform => ({
  transformType: TransformType.ENCR,
  transformId: EncrId.AES_GCM_16,
  attributes: [{ type: AttributeType.KEY_LENGTH, value: gcmKeyBits(c) }],
});
const simple = (transformType: number, transformId: number): Transform => ({
  transformType,
  transformId,
  attributes: [],
});

/** IKE SA proposal: AES-GCM-16 (each offered key length), PRF_HMAC_SHA2_256, DH 31 (RFC 8031). */
export function ikeProposal(ciphers: readonly GcmCipher[], proposalNum = 1): Proposal {
  return {
    proposalNum,
    protocolId: ProtocolId.IKE,
    spi: new Uint8Array(0),
    transforms: [
      ...ciphers.map(encr),
      simple(TransformType.PRF, PrfId.HMAC_SHA2_256),
      simple(TransformType.DH, DhGroup.CURVE25519),
    ],
  };
}

/** ESP proposal: AES-GCM-16, [DH 31 for PFS], no ESN; `spi` is our inbound SPI (4 octets). */
export function espProposal(
  ciphers: readonly GcmCipher[],
  spi: number,
  pfs: boolean,
  proposalNum = 1,
): Proposal {
  return {
    proposalNum,
    protocolId: ProtocolId.ESP,
    spi: Uint8Array.of(spi >>> 24, (spi >>> 16) & 0xff, (spi >>> 8) & 0xff, spi & 0xff),
    transforms: [
      ...ciphers.map(encr),
      ...(pfs ? [simple(TransformType.DH, DhGroup.CURVE25519)] : []),
      simple(TransformType.ESN, EsnId.NONE),
    ],
  };
}

function keyBits(t: Transform): number | undefined {
  for (const a of t.attributes) if (a.type === AttributeType.KEY_LENGTH && 'value' in a) return a.value;
  return undefined;
}

/** The AES-GCM-16 ciphers a proposal offers, in its order. */
function offeredCiphers(p: Proposal): GcmCipher[] {
  const out: GcmCipher[] = [];
  for (const t of p.transforms) {
    if (t.transformType !== TransformType.ENCR || t.transformId !== EncrId.AES_GCM_16) continue;
    const c = gcmFromKeyBits(keyBits(t) ?? 0);
    if (c) out.push(c);
  }
  return out;
}

const offers = (p: Proposal, type: number, id: number) =>
  p.transforms.some((t) => t.transformType === type && t.transformId === id);
const hasType = (p: Proposal, type: number) => p.transforms.some((t) => t.transformType === type);

export interface IkeChoice {
  proposalNum: number;
  cipher: GcmCipher;
}

/** Pick an IKE proposal we accept: our most preferred offered cipher, PRF 5, DH 31, no integrity
 *  transform (AES-GCM is combined-mode, RFC 5282 §8). */
export function chooseIke(proposals: readonly Proposal[], ours: readonly GcmCipher[]): IkeChoice | undefined {
  for (const p of proposals) {
    if (p.protocolId !== ProtocolId.IKE) continue;
    if (
      !offers(p, TransformType.PRF, PrfId.HMAC_SHA2_256) ||
      !offers(p, TransformType.DH, DhGroup.CURVE25519)
    )
      continue;
    if (p.transforms.some((t) => t.transformType === TransformType.INTEG && t.transformId !== 0)) continue;
    const offered = offeredCiphers(p);
    const cipher = ours.find((c) => offered.includes(c));
    if (cipher) return { proposalNum: p.proposalNum, cipher };
  }
  return undefined;
}

export interface EspChoice {
  proposalNum: number;
  cipher: GcmCipher;
  /** the proposer's inbound SPI */
  spi: number;
  pfs: boolean;
}

/** Pick an ESP proposal we accept (4-octet SPI, AES-GCM-16, no ESN, DH 31 or none). */
export function chooseEsp(proposals: readonly Proposal[], ours: readonly GcmCipher[]): EspChoice | undefined {
  for (const p of proposals) {
    if (p.protocolId !== ProtocolId.ESP || p.spi.length !== 4) continue;
    if (hasType(p, TransformType.ESN) && !offers(p, TransformType.ESN, EsnId.NONE)) continue;
    if (p.transforms.some((t) => t.transformType === TransformType.INTEG && t.transformId !== 0)) continue;
    const pfs = hasType(p, TransformType.DH);
    if (pfs && !offers(p, TransformType.DH, DhGroup.CURVE25519)) continue;
    const offered = offeredCiphers(p);
    const cipher = ours.find((c) => offered.includes(c));
    if (!cipher) continue;
    const spi = ((p.spi[0]! << 24) | (p.spi[1]! << 16) | (p.spi[2]! << 8) | p.spi[3]!) >>> 0;
    return { proposalNum: p.proposalNum, cipher, spi, pfs };
  }
  return undefined;
}
