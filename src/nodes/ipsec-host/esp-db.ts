import type { ChildSaInfo } from '../../ipsec/ike/engine-types';
import type { SyncAeadKey } from '../../wire/aead';
import { nobleAead } from '../../wire/aead-noble';
import { parseIpv4, toHex } from '../../wire/bytes';
import type { EspSa } from '../../wire/esp';
import { createReplayWindow, type ReplayWindow } from '../../wire/replay';

// The ESP security associations a node holds (its SAD for the packet path), as plain data: the
// kernel clones it for checkpoints. Unlike the ipsec layer's policy-level SAD, it is updated in
// place — one packet must not copy the table. The AEAD key handle is derived data kept outside the
// state (a memo), so a restored checkpoint behaves exactly the same.

export interface EspEntry {
  spi: number;
  dir: 'in' | 'out';
  /** The SPI of the other direction of the same Child SA. */
  pairSpi: number;
  /** key ‖ salt (RFC 4106 §8.1). */
  keyMaterial: Uint8Array;
  local: number;
  remote: number;
  ikeSaId: string;
  installedAt: number;
  /** Outbound: the last sequence number sent. */
  seq: number;
  /** Inbound: the anti-replay window (RFC 4303 §3.4.3). */
  replay: ReplayWindow;
  packets: number;
  bytes: number;
}

export interface EspDb {
  /** By SPI (decimal string), both directions. */
  bySpi: Record<string, EspEntry>;
  /** Outbound SPIs by "local>remote" address pair, newest first. */
  outByPair: Record<string, number[]>;
}

export const emptyEspDb = (): EspDb => ({ bySpi: {}, outByPair: {} });
const pairKey = (local: number, remote: number) => `${local >>> 0}>${remote >>> 0}`;
const keyMaterialOf = (k: { key: Uint8Array; salt: Uint8Array }) => {
  const km = new Uint8Array(k.key.length + k.salt.length);
  km.set(k.key);
  km.set(k.salt, k.key.length);
  return km;
};

/** Installs both directions of a Child SA the IKE engine announced. */
export function espInstall(db: EspDb, c: ChildSaInfo): void {
  const local = parseIpv4(c.localAddr) ?? 0;
  const remote = parseIpv4(c.remoteAddr) ?? 0;
  const base = {
    local,
    remote,
    ikeSaId: c.ikeSaId,
    installedAt: c.installedAt,
    seq: 0,
    packets: 0,
    bytes: 0,
  };
  db.bySpi[String(c.spiIn)] = {
    ...base,
    spi: c.spiIn,
    dir: 'in',
    pairSpi: c.spiOut,
    keyMaterial: keyMaterialOf(c.inbound),
    replay: createReplayWindow(64),
  };
  db.bySpi[String(c.spiOut)] = {
    ...base,
    spi: c.spiOut,
    dir: 'out',
    pairSpi: c.spiIn,
    keyMaterial: keyMaterialOf(c.outbound),
    replay: createReplayWindow(64),
  };
  const k = pairKey(local, remote);
  db.outByPair[k] = [c.spiOut, ...(db.outByPair[k] ?? []).filter((s) => s !== c.spiOut)];
}

/** Removes a Child SA (both directions) by its inbound SPI. */
export function espRemove(db: EspDb, spiIn: number): EspEntry | undefined {
  const e = db.bySpi[String(spiIn)];
  if (e?.dir !== 'in') return undefined;
  delete db.bySpi[String(spiIn)];
  delete db.bySpi[String(e.pairSpi)];
  const k = pairKey(e.local, e.remote);
  const left = (db.outByPair[k] ?? []).filter((s) => s !== e.pairSpi);
  if (left.length) db.outByPair[k] = left;
  else delete db.outByPair[k];
  return e;
}

/** Removes every SA of a local address (a DVIPA given away). */
export function espRemoveLocal(db: EspDb, local: number): EspEntry[] {
  return Object.values(db.bySpi)
    .filter((e) => e.dir === 'in' && e.local === local)
    .map((e) => espRemove(db, e.spi)!)
    .filter(Boolean);
}

export function espOutbound(db: EspDb, local: number, remote: number): EspEntry | undefined {
  const spi = db.outByPair[pairKey(local, remote)]?.[0];
  return spi === undefined ? undefined : db.bySpi[String(spi)];
}

export function espInbound(db: EspDb, spi: number): EspEntry | undefined {
  const e = db.bySpi[String(spi >>> 0)];
  return e?.dir === 'in' ? e : undefined;
}

const keys = new Map<string, SyncAeadKey>();
const KEY_MEMO_LIMIT = 8192;

/** The wire layer's SA view of an entry; seq and the replay window are the entry's own. */
export function espSaOf(e: EspEntry): EspSa<SyncAeadKey> {
  const km = e.keyMaterial;
  const hex = toHex(km);
  let key = keys.get(hex);
  if (!key) {
    if (keys.size >= KEY_MEMO_LIMIT) keys.clear();
    key = nobleAead.prepareKey(km.subarray(0, km.length - 4)) as SyncAeadKey;
    keys.set(hex, key);
  }
  return {
    spi: e.spi,
    keyMaterial: km,
    salt: km.subarray(km.length - 4),
    esn: false,
    key,
    seq: e.seq,
    replay: e.replay,
  };
}
