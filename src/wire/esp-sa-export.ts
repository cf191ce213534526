// Wireshark's ESP SA table ("esp_sa" UAT file in the Wireshark profile directory): one SA a line,
//   "IPv4","src","dst","0xSPI","AES-GCM with 16 octet ICV [RFC4106]","0x<key ‖ salt>","NULL",""
// For the combined-mode AES-GCM the ICV is part of the encryption algorithm (RFC 4106 §6), so the
// separate authentication algorithm is "NULL" with an empty key; the encryption key is the whole
// RFC 4106 §8.1 key material, salt included. Wireshark derives nonce and AAD itself.
import { toHex } from './bytes';

export const WIRESHARK_AES_GCM_16 = 'AES-GCM with 16 octet ICV [RFC4106]';

export interface EspSaExport {
  /** Outer IPv4 source and destination of the SA's packets (the SA's direction). */
  src: string;
  dst: string;
  spi: number;
  /** Key ‖ 4-byte salt. */
  keyMaterial: Uint8Array;
}

const q = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

export function espSaLine(sa: EspSaExport): string {
  return [
    'IPv4',
    sa.src,
    sa.dst,
    `0x${(sa.spi >>> 0).toString(16).padStart(8, '0')}`,
    WIRESHARK_AES_GCM_16,
    `0x${toHex(sa.keyMaterial)}`,
    'NULL',
    '',
  ]
    .map(q)
    .join(',');
}

/** The whole esp_sa file: one line per SA, each ending in a newline. */
export function espSaFile(sas: readonly EspSaExport[]): string {
  return sas.map((s) => `${espSaLine(s)}\n`).join('');
}
