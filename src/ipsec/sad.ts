// Security Association Database (RFC 4301 §4.4.2): inbound SAs keyed by SPI, outbound SAs found by
// the packet's selectors (newest first, so a rekeyed SA takes over at once). Plain data; every
// function returns a new SAD.

import { ipv4ToU32 } from './addr';
import type { ChildSaInfo, Ts4 } from './ike/engine-types';
import type { GcmKey } from './ike/keys';
import type { GcmCipher } from './ike/suites';
import type { PacketKey } from './spd';

export interface SadEntry {
  spi: number;
  direction: 'in' | 'out';
  /** SPI of the other direction of the same Child SA */
  pairSpi: number;
  cipher: GcmCipher;
  key: GcmKey;
  localAddr: string;
  remoteAddr: string;
  tsLocal: Ts4[];
  tsRemote: Ts4[];
  ikeSaId: string;
  installedAt: number;
  /** next outbound sequence number (RFC 4303 §3.3.3); 0 for inbound entries */
  seq: number;
}

export interface Sad {
  inbound: Record<string, SadEntry>;
  outbound: SadEntry[];
}

export const emptySad = (): Sad => ({ inbound: {}, outbound: [] });

/** Add both directions of a Child SA announced by the IKE engine. */
export function sadInstallChild(sad: Sad, c: ChildSaInfo): Sad {
  const base = {
    cipher: c.cipher,
    localAddr: c.localAddr,
    remoteAddr: c.remoteAddr,
    tsLocal: c.tsLocal,
    tsRemote: c.tsRemote,
    ikeSaId: c.ikeSaId,
    installedAt: c.installedAt,
  };
  const inbound: SadEntry = {
    ...base,
    spi: c.spiIn,
    direction: 'in',
    pairSpi: c.spiOut,
    key: c.inbound,
    seq: 0,
  };
  const outbound: SadEntry = {
    ...base,
    spi: c.spiOut,
    direction: 'out',
    pairSpi: c.spiIn,
    key: c.outbound,
    seq: 1,
  };
  return { inbound: { ...sad.inbound, [String(c.spiIn)]: inbound }, outbound: [outbound, ...sad.outbound] };
}

/** Remove a Child SA (both directions) by its inbound SPI. */
export function sadRemoveChild(sad: Sad, spiIn: number): Sad {
  const e = sad.inbound[String(spiIn)];
  const inbound = { ...sad.inbound };
  delete inbound[String(spiIn)];
  const outbound = e
    ? sad.outbound.filter((o) => !(o.spi === e.pairSpi && o.pairSpi === spiIn))
    : sad.outbound;
  return { inbound, outbound };
}

export function sadInbound(sad: Sad, spi: number): SadEntry | undefined {
  return sad.inbound[String(spi)];
}

function tsCovers(ts: readonly Ts4[], addr: number, protocol: number, port: number): boolean {
  return ts.some((t) => {
    const a = ipv4ToU32(t.startAddr);
    const b = ipv4ToU32(t.endAddr);
    return (
      a !== undefined &&
      b !== undefined &&
      addr >= a &&
      addr <= b &&
      (t.ipProtocol === 0 || t.ipProtocol === protocol) &&
      port >= t.startPort &&
      port <= t.endPort
    );
  });
}

/** The newest outbound SA whose traffic selectors cover the packet (and, if given, to `peer`). */
export function sadOutbound(sad: Sad, p: PacketKey, peer?: string): SadEntry | undefined {
  return sad.outbound.find(
    (e) =>
      (peer === undefined || e.remoteAddr === peer) &&
      tsCovers(e.tsLocal, p.local, p.protocol, p.localPort) &&
      tsCovers(e.tsRemote, p.remote, p.protocol, p.remotePort),
  );
}

/** Take the next outbound sequence number of an SA (returns it and the updated SAD). */
export function sadNextSeq(sad: Sad, spiOut: number): { seq: number; sad: Sad } | undefined {
  const i = sad.outbound.findIndex((e) => e.spi === spiOut);
  const e = sad.outbound[i];
  if (!e) return undefined;
  const outbound = [...sad.outbound];
  outbound[i] = { ...e, seq: e.seq + 1 };
  return { seq: e.seq, sad: { ...sad, outbound } };
}
