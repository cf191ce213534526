import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes';
import { espSaFile, espSaLine } from './esp-sa-export';

describe('Wireshark esp_sa export', () => {
  it('writes the exact UAT line: AES-GCM with 16 octet ICV, key ‖ salt, NULL authentication', () => {
    const km = fromHex('000102030405060708090a0b0c0d0e0f' + 'a0a1a2a3')!;
    expect(espSaLine({ src: '203.0.113.11', dst: '198.51.100.7', spi: 0x1000abcd, keyMaterial: km })).toBe(
      '"IPv4","203.0.113.11","198.51.100.7","0x1000abcd","AES-GCM with 16 octet ICV [RFC4106]",' +
        '"0x000102030405060708090a0b0c0d0e0fa0a1a2a3","NULL",""',
    );
    expect(espSaFile([{ src: '1.2.3.4', dst: '5.6.7.8', spi: 1, keyMaterial: km }])).toMatch(
      /^"IPv4","1\.2\.3\.4","5\.6\.7\.8","0x00000001",.*\n$/,
    );
  });
});
