import type { StackProfile } from '../../profile/types';
import { DEFAULT_WEIGHT } from './dpt';
import type { StackDvipaConfig } from './dvipa-config';

// The parsed profile (src/profile) reduced to what distribution and takeover use.

export function dvipaConfigFromProfile(p: StackProfile, xcf: number): StackDvipaConfig {
  return {
    xcf,
    dvipsec: p.ipsec.dvipsec,
    defines: p.vipaDefines.map((d) => ({ addr: d.addr, mask: d.mask })),
    backups: p.vipaBackups.map((b) => ({ addr: b.addr, mask: b.mask ?? 0xffffffff, rank: b.rank })),
    distributes: p.vipaDistributes.map((d) => ({
      addr: d.addr,
      ports: [...d.ports],
      method: d.distMethod,
      destAll: d.destAll,
      dests: d.dests.map((x) => ({
        xcf: x.xcf,
        weight: x.weight ?? DEFAULT_WEIGHT,
        standbyRank: x.hotStandby?.kind === 'backup' ? x.hotStandby.rank : 0,
      })),
    })),
  };
}
