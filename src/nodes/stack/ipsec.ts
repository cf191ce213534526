import {
  createIkeEngine,
  timer as ikeTimer,
  initiate,
  purgeLocalAddress,
  receive,
  setNegotiationAllowed,
} from '../../ipsec/ike/engine';
import type { IkeCtx, IkeEngineState, IkeEvent, IkeResult, Ts4 } from '../../ipsec/ike/engine-types';
import { hostTs, identityText } from '../../ipsec/ike/identity';
import { formatIpv4, parseIpv4, toHex } from '../../wire/bytes';
import { espOpen } from '../../wire/esp';
import { sealEspIpv4 } from '../../wire/esp-ipv4';
import { decodeGre, encodeGre, GRE_PROTO_IPV4 } from '../../wire/gre';
import { IPPROTO } from '../../wire/ipproto';
import { decodeIpv4Full, encodeIpv4, type Ipv4Decoded } from '../../wire/ipv4';
import { decodeTcpFull } from '../../wire/tcp';
import type { DvipaRecords, Phase2Record, SelectorRecord } from '../cf/records';
import {
  type EspEntry,
  espInbound,
  espInstall,
  espOutbound,
  espRemove,
  espRemoveLocal,
  espSaOf,
} from '../ipsec-host/esp-db';
import { ikeOutputs } from '../ipsec-host/ike-glue';
import { isProtected, stackIkePeers } from '../ipsec-host/policy';
import { ipv4Frame } from '../net/ip-frame';
import { summarizePacket } from '../packet-summary';
import { phaseNote } from '../phase';
import { connKey } from '../tcp/table';
import { tcpAdjustMss } from '../tcp/user';
import { cfRequest } from './control';
import { dropped, type Ev, trace } from './event';
import { peerByXcf, sendIp } from './ip-out';
import { countDrop, type DvipaState, dvKey, type StackState } from './state';

// Sysplex-wide IPsec at a stack (Fig. 4, 5A, 5B, 6, 11–15). The routing stack of a DVIPA does all
// ESP work for the connections it distributes: ESP in from the network, GRE over XCF (in clear,
// inside the trusted sysplex) to the target; GRE back from the target, ESP out. Its IKE talks to
// the remote peers with the DVIPA's identity, and it keeps the recovery records in the CF so that a
// backup — or the primary coming back — renegotiates the same SAs with new SPIs.

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
const ip = formatIpv4;

export function initIke(s: StackState): IkeEngineState | null {
  if (!s.ipsec || !s.ext) return null;
  const ownable = [...s.cfg.defines.map((d) => d.addr), ...s.cfg.backups.map((b) => b.addr)];
  return createIkeEngine({ peers: stackIkePeers(s.ipsec, ownable) });
}

const ikeCtx = (ev: Ev): IkeCtx => ({ now: ev.now, randomBytes: (n) => ev.random.bytes(n) });

export function runIke(ev: Ev, res: IkeResult): void {
  const s = ev.s;
  s.ike = res.state;
  ikeOutputs(res, ev.now, s, (frame, src, dst) => sendIp(ev, frame, src, dst), ev.out);
  for (const e of res.events) onIkeEvent(ev, e);
}

export function onIkeTimer(ev: Ev, id: string): void {
  if (ev.s.ike) runIke(ev, ikeTimer(ev.s.ike, id, ikeCtx(ev)));
}

/** UDP 500 to a DVIPA this stack owns. */
export function onIkeDatagram(ev: Ev, p: Ipv4Decoded, srcPort: number, bytes: Uint8Array): void {
  const s = ev.s;
  if (!s.ike) {
    countDrop(s, 'ike-not-running');
    return;
  }
  runIke(ev, receive(s.ike, bytes, { addr: p.src, port: srcPort }, { addr: p.dst, port: 500 }, ikeCtx(ev)));
}

// ---------------------------------------------------------------------------------------------
// The packet path

/** Fig. 12: ESP for a DVIPA this stack owns → the inner TCP packet (or a counted discard). */
export function openInboundEsp(ev: Ev, p: Ipv4Decoded, frame: Uint8Array): Uint8Array | null {
  const s = ev.s;
  const spi = p.payload.length >= 4 ? new DataView(p.payload.buffer, p.payload.byteOffset).getUint32(0) : 0;
  const sa = espInbound(s.esp, spi);
  const discard = (reason: string) => {
    dropped(ev, reason, summarizePacket(frame));
    return null;
  };
  if (!sa || sa.local !== parseIpv4(p.dst)) return discard('esp-unknown-spi');
  const r = espOpen(espSaOf(sa), p.payload);
  if (!r.ok) return discard(`esp-${r.error.kind}`);
  if (sa.remote !== parseIpv4(p.src) || r.value.nextHeader !== IPPROTO.TCP)
    return discard('esp-selector-mismatch');
  sa.packets++;
  sa.bytes += r.value.payload.length;
  s.espIn++;
  // The inner packet as it would have arrived in clear: same addresses, protocol TCP.
  return encodeIpv4({ ...p, protocol: IPPROTO.TCP, payload: r.value.payload });
}

/** Fig. 12 block 312 / Fig. 5A: an IPsec packet for a remote target goes in GRE, keyed with our XCF address. */
export function greToStack(ev: Ev, xcf: number, inner: Uint8Array): void {
  const s = ev.s;
  const peer = peerByXcf(s, xcf);
  if (!peer) {
    countDrop(s, 'gre-no-link');
    return;
  }
  const gre = encodeGre({ protocolType: GRE_PROTO_IPV4, key: s.xcf, payload: inner });
  ev.out.push({ type: 'send', port: peer.port, frame: ipv4Frame(s, s.xcf, xcf, IPPROTO.GRE, gre) });
}

/**
 * Fig. 11 / Fig. 13: a GRE packet from another stack. It must arrive on the link of the stack whose
 * XCF address is in its key, else it is a spoof. Returns the inner packet and the sender, or null.
 */
export function openGre(
  ev: Ev,
  port: string,
  p: Ipv4Decoded,
  frame: Uint8Array,
): { inner: Ipv4Decoded; innerFrame: Uint8Array; from: number } | null {
  const s = ev.s;
  const g = decodeGre(p.payload);
  const discard = (reason: string, why: string) => {
    dropped(ev, reason, why);
    return null;
  };
  if (!g.ok) return discard('bad-gre', g.error.message);
  const key = g.value.key;
  const link = s.peers.find((x) => x.port === port);
  if (key === undefined || !link || link.xcfAddr !== key)
    return discard(
      'gre-spoof',
      `GRE claiming ${key === undefined ? 'no sender' : ip(key)} arrived on ${port} (${summarizePacket(frame)})`,
    );
  const inner = decodeIpv4Full(g.value.payload);
  if (!inner.ok) return discard('bad-ipv4', inner.error.message);
  return { inner: inner.value, innerFrame: g.value.payload, from: key };
}

/** A target marks a connection as IPsec on its first GRE packet (Fig. 11, blocks 228–230). */
export function markIpsecConnection(ev: Ev, inner: Ipv4Decoded, owner: number): void {
  const s = ev.s;
  const t = decodeTcpFull(inner.payload, inner.src, inner.dst, false);
  if (!t.ok) return;
  const key = connKey(
    { addr: parseIpv4(inner.dst)!, port: t.value.dstPort },
    { addr: parseIpv4(inner.src)!, port: t.value.srcPort },
  );
  if (s.ipsecConns[key] === undefined)
    trace(
      ev,
      `connection ${inner.src}:${t.value.srcPort} → ${inner.dst}:${t.value.dstPort} uses IPsec: replies go through ${ip(owner)}`,
    );
  s.ipsecConns[key] = owner;
  // The MTU of the TCB is cut by a representative IPsec header size (source, after Fig. 10).
  if (s.tcp.conns[key]) tcpAdjustMss(s.tcp, key, s.mssReduction);
}

/**
 * Outbound from this stack's TCP for a DVIPA connection: in clear; GRE to the routing stack when the
 * connection uses IPsec and this stack does not own the DVIPA (Fig. 6); ESP when it owns it.
 * Returns false when the plain path applies.
 */
export function sendDvipaSegment(
  ev: Ev,
  frame: Uint8Array,
  src: number,
  dst: number,
  srcPort: number,
  dstPort: number,
): boolean {
  const s = ev.s;
  const dv = s.dvipas[dvKey(src)];
  if (!dv || !isProtected(s.ipsec, src, srcPort, dst)) return false;
  if (dv.active) {
    espOut(ev, dv, frame, dst, srcPort);
    return true;
  }
  const owner = s.ipsecConns[connKey({ addr: src, port: srcPort }, { addr: dst, port: dstPort })] ?? dv.owner;
  if (!owner) {
    countDrop(s, 'no-routing-stack');
    return true;
  }
  greToStack(ev, owner, frame);
  return true;
}

/** Fig. 13: outbound policy says protect → the SA to the peer, or IKE first (packets wait). */
export function espOut(ev: Ev, dv: DvipaState, plain: Uint8Array, remote: number, dvipaPort: number): void {
  const s = ev.s;
  const sa = espOutbound(s.esp, dv.dvipa, remote);
  if (sa) {
    sealOut(ev, sa, plain);
    return;
  }
  const k = `${dv.dvipa}>${remote}`;
  s.espWaiting[k] ??= [];
  const q = s.espWaiting[k];
  if (q.length >= 256) {
    countDrop(s, 'sa-pending-queue-full');
    return;
  }
  q.push(plain);
  if (!s.ike || s.ikeNegotiating[k]) return;
  s.ikeNegotiating[k] = true;
  trace(ev, `IKE: no SA from ${ip(dv.dvipa)} to ${ip(remote)}: negotiating`);
  runIke(
    ev,
    initiate(
      s.ike,
      {
        kind: 'connect',
        localAddr: ip(dv.dvipa),
        remoteAddr: ip(remote),
        tsLocal: [hostTs(ip(dv.dvipa), 6, dvipaPort, dvipaPort)],
        tsRemote: [hostTs(ip(remote), 6, 0, 65535)],
      },
      ikeCtx(ev),
    ),
  );
}

function sealOut(ev: Ev, sa: EspEntry, plain: Uint8Array): void {
  const s = ev.s;
  const p = decodeIpv4Full(plain);
  if (!p.ok) return;
  const view = espSaOf(sa);
  const { protocol: _p, payload, checksum: _c, totalLength: _t, ...outer } = p.value;
  const sealed = sealEspIpv4(view, outer, payload, IPPROTO.TCP);
  sa.seq = view.seq;
  if (!sealed.ok) {
    countDrop(s, `esp-${sealed.error.kind}`);
    return;
  }
  sa.packets++;
  sa.bytes += payload.length;
  s.espOut++;
  sendIp(ev, sealed.value, sa.local, sa.remote);
}

// ---------------------------------------------------------------------------------------------
// IKE events: the SAD, the CF recovery records, and recovery after a move

function selectorRecord(ts: Ts4[]): SelectorRecord {
  const t = ts[0];
  if (!t) return { protocol: 0, startAddr: 0, endAddr: 0, startPort: 0, endPort: 0 };
  return {
    protocol: t.ipProtocol,
    startAddr: parseIpv4(t.startAddr) ?? 0,
    endAddr: parseIpv4(t.endAddr) ?? 0,
    startPort: t.startPort,
    endPort: t.endPort,
  };
}

const ownerOf = (s: StackState, local: string): DvipaState | undefined => {
  const dv = s.dvipas[dvKey(parseIpv4(local) ?? 0)];
  return dv?.active ? dv : undefined;
};

function onIkeEvent(ev: Ev, e: IkeEvent): void {
  const s = ev.s;
  switch (e.kind) {
    case 'ike-sa-established': {
      trace(
        ev,
        `IKE phase 1 SA ${e.ikeSaId} established with ${e.remote.addr} for ${e.local.addr} (${e.role})`,
      );
      const dv = ownerOf(s, e.local.addr);
      if (!dv || s.mode === 'no-recovery') return;
      cfRequest(ev, {
        op: 'write-phase1',
        record: {
          id: e.ikeSaId,
          dvipa: dv.dvipa,
          peerAddr: parseIpv4(e.remote.addr) ?? 0,
          peerId: identityText(e.remoteId),
          localId: identityText(e.localId),
          proposal: `${e.cipher.toUpperCase()}/PRF-HMAC-SHA2-256/X25519`,
          policy: `protect ${e.local.addr}`,
          spiI: toHex(e.spiI),
          spiR: toHex(e.spiR),
          negotiatedBy: s.xcf,
        },
      });
      return;
    }
    case 'child-sa-installed': {
      const c = e.child;
      espInstall(s.esp, c);
      trace(
        ev,
        `IKE phase 2 SA installed with ${c.remoteAddr} for ${c.localAddr}: SPI in 0x${hex8(c.spiIn)} out 0x${hex8(c.spiOut)}`,
      );
      const dv = ownerOf(s, c.localAddr);
      const remote = parseIpv4(c.remoteAddr) ?? 0;
      if (dv) {
        const rec: Phase2Record = {
          id: `${c.ikeSaId}/${hex8(c.spiIn)}`,
          dvipa: dv.dvipa,
          phase1Id: c.ikeSaId,
          localTs: selectorRecord(c.tsLocal),
          remoteTs: selectorRecord(c.tsRemote),
          inboundSpi: hex8(c.spiIn),
          outboundSpi: hex8(c.spiOut),
          protocol: 'ESP',
          mode: 'transport',
          transform: c.cipher.toUpperCase(),
        };
        if (s.mode !== 'no-recovery') cfRequest(ev, { op: 'write-phase2', record: rec });
        recoveryProgress(ev, dv, remote, c.ikeSaId);
      }
      const k = `${parseIpv4(c.localAddr) ?? 0}>${remote}`;
      delete s.ikeNegotiating[k];
      const q = s.espWaiting[k] ?? [];
      delete s.espWaiting[k];
      const sa = espOutbound(s.esp, parseIpv4(c.localAddr) ?? 0, remote);
      if (sa) for (const f of q) sealOut(ev, sa, f);
      return;
    }
    case 'child-sa-deleted': {
      const gone = espRemove(s.esp, e.spiIn);
      trace(ev, `IKE phase 2 SA 0x${hex8(e.spiIn)} deleted (${e.reason})`);
      const dv = gone ? s.dvipas[dvKey(gone.local)] : undefined;
      if (dv?.active)
        cfRequest(ev, { op: 'delete-phase2', dvipa: dv.dvipa, id: `${e.ikeSaId}/${hex8(e.spiIn)}` });
      return;
    }
    case 'ike-sa-deleted':
      trace(ev, `IKE phase 1 SA ${e.ikeSaId} deleted (${e.reason})`);
      return;
    case 'auth-failed':
      countDrop(s, 'ike-auth-failed');
      trace(ev, `IKE AUTHENTICATION_FAILED with ${e.remote.addr} (${e.detail}): no SA`);
      return;
    case 'negotiation-failed': {
      trace(ev, `IKE negotiation ${e.localAddr} ↔ ${e.remoteAddr} failed: ${e.reason}`);
      delete s.ikeNegotiating[`${parseIpv4(e.localAddr) ?? 0}>${parseIpv4(e.remoteAddr) ?? 0}`];
      const dv = ownerOf(s, e.localAddr);
      if (dv) recoveryProgress(ev, dv, parseIpv4(e.remoteAddr) ?? 0, null);
      return;
    }
    case 'initial-contact':
      if (e.replacedIkeSaIds.length === 0) return;
      trace(ev, `IKE INITIAL_CONTACT: ${e.replacedIkeSaIds.length} old IKE SA(s) replaced`);
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Recovery (Fig. 14 blocks 408–414 on takeover, Fig. 15 on takeback)

/** A DVIPA just became ours by a move: read the CF to renegotiate what the previous owner had. */
export function beginRecovery(ev: Ev, dv: DvipaState, kind: 'takeover' | 'takeback'): void {
  const s = ev.s;
  if (s.ike) s.ike = setNegotiationAllowed(s.ike, ip(dv.dvipa), true);
  s.recovery[dvKey(dv.dvipa)] = {
    kind,
    startedAt: ev.now,
    read: false,
    pending: [],
    oldPhase1: [],
    oldPhase2: [],
    renegotiated: 0,
  };
  trace(
    ev,
    phaseNote({
      kind: `${kind}-start`,
      subject: ip(dv.dvipa),
      at: s.name,
      text: `${s.name} reads the IPsec recovery records of ${ip(dv.dvipa)} from the CF`,
    }),
  );
  if (s.mode === 'no-recovery') {
    // Comparison mode: nothing was kept in the CF, so there is nothing to read or renegotiate;
    // the peers keep sending on SAs nobody holds until something makes them negotiate anew.
    trace(ev, `mode no-recovery: no IPsec recovery records for ${ip(dv.dvipa)} in the CF`);
    s.recovery[dvKey(dv.dvipa)]!.read = true;
    finishRecovery(ev, dv);
    return;
  }
  cfRequest(ev, { op: 'read', dvipa: dv.dvipa });
}

/** The CF answered our read: renegotiate phase 1 and phase 2 with every peer in it. */
export function onRecoveryRecords(ev: Ev, dvipa: number, records: DvipaRecords | null): void {
  const s = ev.s;
  const rec = s.recovery[dvKey(dvipa)];
  const dv = s.dvipas[dvKey(dvipa)];
  if (!rec || rec.read || !dv?.active) return;
  rec.read = true;
  const p1 = records
    ? Object.values(records.phase1).filter((r) => r.negotiatedBy !== s.xcf || rec.kind === 'takeback')
    : [];
  const p2 = records ? Object.values(records.phase2) : [];
  rec.oldPhase1 = p1.map((r) => r.id);
  rec.oldPhase2 = p2
    .filter((r) => rec.oldPhase1.includes(r.phase1Id))
    .map((r) => ({ id: r.id, inboundSpi: r.inboundSpi }));
  trace(
    ev,
    `${s.name} read ${p1.length} phase 1 and ${rec.oldPhase2.length} phase 2 record(s) of ${ip(dvipa)}: renegotiating`,
  );
  if (!s.ike || p1.length === 0) {
    finishRecovery(ev, dv);
    return;
  }
  const peers = [...new Set(p1.map((r) => r.peerAddr))].sort((a, b) => a - b);
  rec.pending = peers;
  for (const peer of peers) {
    const first = p2.find((r) => p1.some((x) => x.id === r.phase1Id && x.peerAddr === peer));
    const tsLocal = first ? [tsOf(first.localTs)] : [hostTs(ip(dvipa), 6)];
    const tsRemote = first ? [tsOf(first.remoteTs)] : [hostTs(ip(peer), 6)];
    s.ikeNegotiating[`${dvipa}>${peer}`] = true;
    runIke(
      ev,
      initiate(
        s.ike,
        {
          kind: 'connect',
          localAddr: ip(dvipa),
          remoteAddr: ip(peer),
          tsLocal,
          tsRemote,
          initialContact: true,
          newIkeSa: true,
        },
        ikeCtx(ev),
      ),
    );
  }
}

function tsOf(r: SelectorRecord): Ts4 {
  return {
    tsType: 7,
    ipProtocol: r.protocol,
    startPort: r.startPort,
    endPort: r.endPort,
    startAddr: ip(r.startAddr),
    endAddr: ip(r.endAddr),
  };
}

function recoveryProgress(ev: Ev, dv: DvipaState, peer: number, newIkeSaId: string | null): void {
  const s = ev.s;
  const rec = s.recovery[dvKey(dv.dvipa)];
  if (!rec?.read || !rec.pending.includes(peer)) return;
  rec.pending = rec.pending.filter((p) => p !== peer);
  if (newIkeSaId) {
    rec.renegotiated++;
    // Takeback: the peer is told to delete the phase 2 SAs the backup had (SPIs from the CF).
    const spis = rec.kind === 'takeback' ? rec.oldPhase2.map((r) => Number.parseInt(r.inboundSpi, 16)) : [];
    if (spis.length && s.ike)
      runIke(ev, initiate(s.ike, { kind: 'delete-child', ikeSaId: newIkeSaId, spis }, ikeCtx(ev)));
  }
  if (rec.pending.length === 0) finishRecovery(ev, dv);
}

function finishRecovery(ev: Ev, dv: DvipaState): void {
  const s = ev.s;
  const rec = s.recovery[dvKey(dv.dvipa)];
  if (!rec) return;
  for (const r of rec.oldPhase2) cfRequest(ev, { op: 'delete-phase2', dvipa: dv.dvipa, id: r.id });
  for (const id of rec.oldPhase1) cfRequest(ev, { op: 'delete-phase1', dvipa: dv.dvipa, id });
  delete s.recovery[dvKey(dv.dvipa)];
  trace(
    ev,
    phaseNote({
      kind: `${rec.kind}-complete`,
      subject: ip(dv.dvipa),
      at: s.name,
      text: `${s.name} routes ${ip(dv.dvipa)}; ${rec.renegotiated} SA set(s) renegotiated in ${((ev.now - rec.startedAt) / 1000).toFixed(1)} ms`,
    }),
  );
}

/** Giving a DVIPA back (Fig. 15): no more negotiations for it here, its SAs and tunnels go. */
export function releaseDvipaIpsec(ev: Ev, dv: DvipaState): void {
  const s = ev.s;
  delete s.recovery[dvKey(dv.dvipa)];
  if (s.ike) {
    s.ike = setNegotiationAllowed(s.ike, ip(dv.dvipa), false);
    s.ike = purgeLocalAddress(s.ike, ip(dv.dvipa)).state;
  }
  const gone = espRemoveLocal(s.esp, dv.dvipa);
  for (const k of Object.keys(s.espWaiting)) if (k.startsWith(`${dv.dvipa}>`)) delete s.espWaiting[k];
  trace(
    ev,
    `${s.name} deletes its tunnels for ${ip(dv.dvipa)} (${gone.length} phase 2 SA(s)); its IKE no longer negotiates for it`,
  );
}
