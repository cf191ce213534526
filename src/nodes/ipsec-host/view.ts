import type { IkeEngineState } from '../../ipsec/ike/engine-types';
import { formatIpv4 } from '../../wire/bytes';
import type { EspDb } from './esp-db';

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** Phase 1 and phase 2 SAs as the UI and the CLI show them (keys included, for the inspector and the Wireshark export). */
export function ipsecView(ike: IkeEngineState | null, esp: EspDb, espIn: number, espOut: number) {
  return {
    phase1: (ike?.sas ?? []).map((sa) => ({
      id: sa.id,
      role: sa.role,
      phase: sa.phase,
      local: sa.local.addr,
      remote: sa.remote.addr,
      spiI: hexBytes(sa.spiI),
      spiR: hexBytes(sa.spiR),
      cipher: sa.cipher,
      skEi: sa.keys ? hexBytes(concat(sa.keys.skEi)) : null,
      skEr: sa.keys ? hexBytes(concat(sa.keys.skEr)) : null,
      children: sa.children.length,
    })),
    phase2: Object.values(esp.bySpi)
      .sort((a, b) => a.installedAt - b.installedAt || a.spi - b.spi)
      .map((e) => ({
        spi: hex8(e.spi),
        dir: e.dir,
        pairSpi: hex8(e.pairSpi),
        local: formatIpv4(e.local),
        remote: formatIpv4(e.remote),
        ikeSaId: e.ikeSaId,
        keyMaterial: hexBytes(e.keyMaterial),
        packets: e.packets,
        bytes: e.bytes,
        seq: e.dir === 'out' ? e.seq : e.replay.top,
      })),
    espIn,
    espOut,
  };
}

const hexBytes = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const concat = (k: Uint8Array | { key: Uint8Array; salt: Uint8Array }) =>
  k instanceof Uint8Array ? k : Uint8Array.from([...k.key, ...k.salt]);
