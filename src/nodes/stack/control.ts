import { formatIpv4 } from '../../wire/bytes';
import { encodeRip, RIP_INFINITY, RIP_PORT } from '../../wire/rip';
import type { ConnId, VipaListEntry, XcfMessage } from '../../wire/xcf';
import { type CfFrame, encodeCfFrame } from '../cf/codec';
import type { CfRequest } from '../cf/structure';
import { isProtected } from '../ipsec-host/policy';
import { udpFrame } from '../net/ip-frame';
import { listeningServers } from './apps-host';
import { CF_PORT, NET_PORT } from './config';
import { type CrtEntry, crtAdd, crtEntries, crtKey, crtRemove } from './crt';
import { applySrvstat, dptKey, dptRow, findTarget } from './dpt';
import { ownVipaList, takeoverVipaList, takeoverWinner, targetRole } from './dvipa-roles';
import { dropped, type Ev, trace } from './event';
import { broadcastXcf, peerByXcf, sendXcf } from './ip-out';
import { beginRecovery, onRecoveryRecords, releaseDvipaIpsec } from './ipsec';
import { connectionEnded } from './select';
import { countDrop, type DvipaState, dvKey, isMemberAlive, type StackState } from './state';

// The DVIPA control plane of a stack (Fig. 10, 6, 11, 14, 15): the XCF group, VIPA lists,
// SRVSTAT/NEWCONN/CONNEND, taking a DVIPA over when its owner fails, and giving it back.

const name = (s: StackState, xcf: number) =>
  xcf === s.xcf ? s.name : (s.members[String(xcf >>> 0)]?.name ?? formatIpv4(xcf));
const ip = formatIpv4;

export function cfSend(ev: Ev, f: CfFrame): void {
  ev.out.push({ type: 'send', port: CF_PORT, frame: encodeCfFrame(f) });
}

export function cfRequest(ev: Ev, req: CfRequest): void {
  ev.s.cfRequestId++;
  cfSend(ev, { t: 'req', id: ev.s.cfRequestId, req });
}

/** Tells the network router this stack owns (metric 1) or gave up (16) a DVIPA (Fig. 10, block 206). */
function advertise(ev: Ev, dvipa: number, metric: number): void {
  const s = ev.s;
  if (!s.ext) return;
  const rip = encodeRip({
    command: 'response',
    routes: [{ addr: dvipa, mask: 0xffffffff, nextHop: s.ext, metric, tag: 0 }],
  });
  ev.out.push({ type: 'send', port: NET_PORT, frame: udpFrame(s, s.ext, s.router, RIP_PORT, RIP_PORT, rip) });
}

export function ensureDvipa(
  s: StackState,
  dvipa: number,
  mask: number,
  origin: DvipaState['origin'],
): DvipaState {
  const k = dvKey(dvipa);
  let dv = s.dvipas[k];
  if (!dv) {
    dv = {
      dvipa,
      mask,
      origin,
      active: false,
      claiming: false,
      owner: 0,
      entry: null,
      target: false,
      backupRank: 0,
      backups: [],
      since: 0,
    };
    s.dvipas[k] = dv;
  }
  return dv;
}

function mergeBackups(dv: DvipaState, backups: { xcf: number; rank: number }[]): void {
  for (const b of backups) {
    const cur = dv.backups.find((x) => x.xcf === b.xcf);
    if (cur) cur.rank = b.rank;
    else dv.backups.push({ ...b });
  }
  dv.backups.sort((a, b) => b.rank - a.rank || a.xcf - b.xcf);
}

/** Startup (Fig. 10): join the group, own the defined DVIPAs, note the backups, start the apps. */
export function startStack(ev: Ev): void {
  const s = ev.s;
  for (const d of s.diagnostics.filter((x) => x.severity === 'error'))
    trace(ev, `profile error at line ${d.line}:${d.column}: ${d.message}`);
  cfSend(ev, { t: 'join', name: s.name, xcf: s.xcf });
  ev.out.push({ type: 'set-timer', key: 'xcf-status', delayUs: s.statusIntervalUs });
  for (const b of s.cfg.backups) {
    const dv = ensureDvipa(s, b.addr, b.mask, 'VIPABACKUP');
    dv.backupRank = b.rank;
    mergeBackups(dv, [{ xcf: s.xcf, rank: b.rank }]);
  }
  // The CF arbitrates: a defined DVIPA is claimed first and owned once the claim is answered —
  // then this stack knows whether another one held it meanwhile (a takeback, Fig. 15).
  for (const d of s.cfg.defines) {
    const dv = ensureDvipa(s, d.addr, d.mask, 'VIPADEFINE');
    dv.claiming = true;
    trace(ev, `DVIPA ${ip(d.addr)} defined: ${s.name} claims it in the CF`);
    cfRequest(ev, { op: 'claim', dvipa: d.addr });
  }
}

/** The CF answered the claim of a DVIPA this stack defines: own it, taking it back if need be. */
function onDefinedClaimed(ev: Ev, dv: DvipaState, previousOwner: number | null): void {
  const s = ev.s;
  dv.claiming = false;
  const d = s.cfg.defines.find((x) => x.addr === dv.dvipa);
  if (!d) return;
  const [entry] = ownVipaList({ ...s.cfg, defines: [d] }, new Map([[d.addr, dv.backups]]));
  // Someone held it since (a backup), or the CF still names this stack from before a restart
  // (its SAs died with it): either way the peers' SAs must be renegotiated from the records.
  becomeOwner(ev, dv, entry!, previousOwner === null ? 'defined' : 'takeback', previousOwner);
}

/** This stack's VIPA list: full entries for the DVIPAs it owns, backup announcements for the rest. */
export function vipaListMessage(s: StackState): XcfMessage {
  const entries: VipaListEntry[] = [];
  for (const dv of Object.values(s.dvipas)) {
    if (dv.active && dv.entry)
      entries.push({ ...dv.entry, backups: dv.backups.filter((b) => b.xcf !== s.xcf) });
    else if (dv.backupRank > 0)
      entries.push({
        dvipa: dv.dvipa,
        mask: dv.mask,
        owner: 0,
        distMethod: 'ROUNDROBIN',
        ports: [],
        destAll: false,
        dests: [],
        backups: [{ xcf: s.xcf, rank: dv.backupRank }],
        ipsec: s.cfg.dvipsec,
      });
  }
  entries.sort((a, b) => a.dvipa - b.dvipa);
  return { type: 'VIPA_LIST', sender: s.xcf, entries };
}

/** Takes ownership of a DVIPA: DPT from the entry, CF claim, router advertisement, VIPA list. */
function becomeOwner(
  ev: Ev,
  dv: DvipaState,
  entry: VipaListEntry,
  why: 'defined' | 'takeover' | 'takeback',
  previousOwner: number | null = null,
): void {
  const s = ev.s;
  const previous = previousOwner ?? dv.owner;
  dv.active = true;
  dv.owner = s.xcf;
  dv.entry = entry;
  dv.since = ev.now;
  // A fresh DPT for its ports; targets become ready as their SRVSTATs arrive (Fig. 10, 208–210).
  for (const k of Object.keys(s.dpt)) if (s.dpt[k]!.dvipa === dv.dvipa) delete s.dpt[k];
  for (const port of entry.ports)
    s.dpt[dptKey(dv.dvipa, port)] = dptRow(dv.dvipa, port, entry.distMethod, entry.dests);
  for (const k of Object.keys(s.crt)) if (s.crt[k]!.dvipa === dv.dvipa) delete s.crt[k];
  if (why === 'defined')
    trace(
      ev,
      `DVIPA ${ip(dv.dvipa)}: ${s.name} is its routing stack (ports ${entry.ports.join(' ') || 'all'})`,
    );
  else if (why === 'takeback')
    trace(ev, `takeback: ${s.name} takes DVIPA ${ip(dv.dvipa)} back from ${name(s, previous)}`);
  else
    trace(
      ev,
      `takeover: ${s.name} takes DVIPA ${ip(dv.dvipa)} over from ${name(s, previous)} (backup rank ${dv.backupRank})`,
    );
  if (why === 'takeover') cfRequest(ev, { op: 'claim', dvipa: dv.dvipa });
  if (why !== 'defined') beginRecovery(ev, dv, why);
  advertise(ev, dv.dvipa, 1);
  // Every live member hears of the new owner (the group may have answered our join before the CF
  // answered our claim, so the VIPA list sent then did not name this DVIPA yet).
  broadcastXcf(ev, {
    type: 'VIPA_LIST',
    sender: s.xcf,
    entries: [{ ...entry, backups: dv.backups.filter((b) => b.xcf !== s.xcf) }],
  });
  if (why === 'takeover')
    broadcastXcf(ev, { type: 'DVIPA_TAKEOVER', sender: s.xcf, dvipa: dv.dvipa, rank: dv.backupRank });
  if (why === 'takeback') broadcastXcf(ev, { type: 'DVIPA_TAKEBACK', sender: s.xcf, dvipa: dv.dvipa });
  // The owner may be a target itself (Fig. 9: MVS1 runs APP A): its apps count without a message,
  // and its own connections to the DVIPA are local (Fig. 14).
  applyEntryAsTarget(ev, dv, entry);
}

/** Role of this stack as a possible target of a DVIPA, from the entry in force (Fig. 6, 11). */
function applyEntryAsTarget(ev: Ev, dv: DvipaState, entry: VipaListEntry): void {
  const s = ev.s;
  const role = targetRole(entry, s.xcf);
  if (role === 'not-named') {
    // Left out of the new owner's distribution (its own VIPADISTRIBUTE, Fig. 9): no new
    // connections, but the ones this stack holds live on — the new owner hears of them (NEWCONN)
    // and the DVIPA stays in the home list until they are gone.
    if (dv.target && !dv.active && hasLocalConnections(s, dv.dvipa)) {
      trace(ev, `${s.name} is no longer a target of ${ip(dv.dvipa)} for new connections; it keeps its own`);
      newconnForLocalConnections(ev, dv);
      return;
    }
    if (dv.target) trace(ev, `${s.name} is no longer a target of ${ip(dv.dvipa)}`);
    else if (!dv.active)
      trace(
        ev,
        `${s.name} is not a target of ${ip(dv.dvipa)}: disregards the VIPA list of ${name(s, entry.owner)}`,
      );
    dv.target = false;
    return;
  }
  if (!dv.target)
    trace(
      ev,
      `${ip(dv.dvipa)} added to the home list of ${s.name} as ${dv.active ? 'routable (owner)' : 'non-routable (target)'}`,
    );
  dv.target = true;
  for (const app of listeningServers(ev, dv.dvipa)) srvstat(ev, dv, app.port, true, app.name);
  if (!dv.active) newconnForLocalConnections(ev, dv);
  else markLocalConnections(ev, dv);
}

function hasLocalConnections(s: StackState, dvipa: number): boolean {
  for (const c of Object.values(s.tcp.conns)) if (c.local.addr === dvipa) return true;
  return false;
}

function portDistributed(entry: VipaListEntry | null, port: number): boolean {
  return !!entry && (entry.ports.length === 0 || entry.ports.includes(port));
}

/** SRVSTAT: an app is (or no longer is) bound and listening on DVIPA:port here (Fig. 6). */
export function srvstat(ev: Ev, dv: DvipaState, port: number, ready: boolean, app: string): void {
  const s = ev.s;
  if (!dv.target || !portDistributed(dv.entry, port)) return;
  if (dv.active) {
    applySrvstatAtOwner(ev, s.xcf, dv.dvipa, port, ready, app);
    return;
  }
  const owner = peerByXcf(s, dv.owner);
  if (!owner || !isMemberAlive(s, dv.owner)) return;
  sendXcf(ev, owner, { type: 'SRVSTAT', sender: s.xcf, dvipa: dv.dvipa, port, ready, app });
}

function applySrvstatAtOwner(
  ev: Ev,
  from: number,
  dvipa: number,
  port: number,
  ready: boolean,
  app: string,
): void {
  const s = ev.s;
  const dv = s.dvipas[dvKey(dvipa)];
  if (!dv?.active || !dv.entry) {
    countDrop(s, 'srvstat-not-owner');
    return;
  }
  let row = s.dpt[dptKey(dvipa, port)];
  if (!row && dv.entry.ports.length === 0) {
    row = dptRow(dvipa, port, dv.entry.distMethod, dv.entry.dests);
    s.dpt[dptKey(dvipa, port)] = row;
  }
  if (!row) {
    countDrop(s, 'srvstat-port-not-distributed');
    return;
  }
  if (!applySrvstat(row, from, ready, app, dv.entry.destAll)) {
    countDrop(s, 'srvstat-not-candidate');
    trace(ev, `SRVSTAT from ${name(s, from)} ignored: not a candidate target of ${ip(dvipa)}`);
    return;
  }
  trace(ev, `DPT ${ip(dvipa)}:${port}: ${name(s, from)} ${ready ? `ready (${app})` : 'not ready'}`);
}

/** Connections this target holds to a DVIPA, told to its (new) owner (Fig. 14, block 406). */
function newconnForLocalConnections(ev: Ev, dv: DvipaState): void {
  const s = ev.s;
  const owner = peerByXcf(s, dv.owner);
  if (!owner || !isMemberAlive(s, dv.owner)) return;
  const conns = Object.values(s.tcp.conns)
    .filter((c) => c.local.addr === dv.dvipa)
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((c) => ({
      srcAddr: c.remote.addr,
      srcPort: c.remote.port,
      dvipa: dv.dvipa,
      dstPort: c.local.port,
      target: s.xcf,
      ipsec: false,
    }));
  for (let i = 0; i < conns.length; i += 200)
    sendXcf(ev, owner, { type: 'NEWCONN', sender: s.xcf, conns: conns.slice(i, i + 200) });
  if (conns.length)
    trace(ev, `NEWCONN: ${conns.length} connection(s) to ${ip(dv.dvipa)} told to ${owner.name}`);
}

/**
 * A connection the owner learns of rather than distributes (a takeover's NEWCONN, its own ones): it
 * is IPsec-protected when the owner's policy protects it, bound to the policy's rule as a
 * distributed one is (Fig. 13), so the tables say so before the connection's next ESP packet.
 */
function learnedEntry(s: StackState, id: ConnId, toldIpsec: boolean, target: number): CrtEntry {
  const ipsec = toldIpsec || isProtected(s.ipsec, id.dvipa, id.dstPort, id.srcAddr);
  const rule = ipsec ? 0 : -1;
  return { ...id, target, ipsec, inboundRule: rule, outboundRule: rule, local: target === s.xcf };
}

/** A learned connection counts in its target's DPT row as a distributed one does (active ≤ total). */
function countLearned(t: { activeConns: number; totalConns: number } | undefined): void {
  if (!t) return;
  t.activeConns++;
  t.totalConns++;
}

/** The owner's own connections to a DVIPA are local in its CRT (Fig. 14). */
function markLocalConnections(ev: Ev, dv: DvipaState): void {
  const s = ev.s;
  for (const c of Object.values(s.tcp.conns)) {
    if (c.local.addr !== dv.dvipa) continue;
    const id = { srcAddr: c.remote.addr, srcPort: c.remote.port, dvipa: dv.dvipa, dstPort: c.local.port };
    crtAdd(s.crt, learnedEntry(s, id, false, s.xcf));
    const t = s.dpt[dptKey(dv.dvipa, c.local.port)];
    countLearned(t ? findTarget(t, s.xcf) : undefined);
  }
}

/** The group told us who is in it (reply to our join): send each our VIPA list. */
function onMembers(ev: Ev, list: { name: string; xcf: number }[]): void {
  const s = ev.s;
  for (const m of list) s.members[String(m.xcf >>> 0)] = { name: m.name, alive: true };
  const msg = vipaListMessage(s);
  for (const m of list) {
    const p = peerByXcf(s, m.xcf);
    if (p) sendXcf(ev, p, msg);
  }
}

function onMemberUp(ev: Ev, who: { name: string; xcf: number }): void {
  const s = ev.s;
  s.members[String(who.xcf >>> 0)] = { name: who.name, alive: true };
  const p = peerByXcf(s, who.xcf);
  if (p) sendXcf(ev, p, vipaListMessage(s));
}

/** A member failed or left (Fig. 14, block 400): its DVIPAs go to the highest-ranked live backup. */
function onMemberDown(ev: Ev, who: { name: string; xcf: number }, reason: string): void {
  const s = ev.s;
  const m = s.members[String(who.xcf >>> 0)];
  if (m) m.alive = false;
  trace(ev, `${s.name} learns ${who.name} ${reason === 'left' ? 'left the group' : 'failed'}`);
  for (const row of Object.values(s.dpt)) {
    const t = findTarget(row, who.xcf);
    if (t) t.ready = false;
  }
  for (const e of crtEntries(s.crt)) if (e.target === who.xcf) crtRemove(s.crt, e);
  // Every DVIPA whose owner is gone — the one that just failed, or one whose expected new owner
  // failed too before it took over — goes to the highest-ranked backup still alive.
  for (const dv of Object.values(s.dvipas).sort((a, b) => a.dvipa - b.dvipa)) {
    if (dv.active || dv.owner === 0 || isMemberAlive(s, dv.owner)) continue;
    const winner = takeoverWinner(dv.backups, (x) => isMemberAlive(s, x));
    if (winner === s.xcf && dv.entry) becomeOwner(ev, dv, takeoverVipaList(s.cfg, dv.entry), 'takeover');
    else if (winner === null) trace(ev, `no live backup for ${ip(dv.dvipa)}: it is unavailable`);
  }
}

/** The primary is back and owns the DVIPA again: hand over and step down (Fig. 8A, 15). */
function giveBack(ev: Ev, dv: DvipaState, entry: VipaListEntry): void {
  const s = ev.s;
  trace(ev, `takeback: ${s.name} gives DVIPA ${ip(dv.dvipa)} back to ${name(s, entry.owner)}`);
  const owner = peerByXcf(s, entry.owner);
  const routed = crtEntries(s.crt).filter((e) => e.dvipa === dv.dvipa && e.target !== s.xcf);
  if (owner && routed.length)
    for (let i = 0; i < routed.length; i += 200)
      sendXcf(ev, owner, {
        type: 'NEWCONN',
        sender: s.xcf,
        conns: routed.slice(i, i + 200).map((e) => ({
          srcAddr: e.srcAddr,
          srcPort: e.srcPort,
          dvipa: e.dvipa,
          dstPort: e.dstPort,
          target: e.target,
          ipsec: e.ipsec,
        })),
      });
  for (const k of Object.keys(s.dpt)) if (s.dpt[k]!.dvipa === dv.dvipa) delete s.dpt[k];
  for (const k of Object.keys(s.crt)) if (s.crt[k]!.dvipa === dv.dvipa) delete s.crt[k];
  dv.active = false;
  releaseDvipaIpsec(ev, dv);
  advertise(ev, dv.dvipa, RIP_INFINITY);
}

/** A VIPA list entry from another stack (Fig. 6 targets, Fig. 10 backups). */
function onVipaEntry(ev: Ev, from: number, e: VipaListEntry): void {
  const s = ev.s;
  const dv = ensureDvipa(s, e.dvipa, e.mask, 'learned');
  mergeBackups(dv, e.backups);
  if (e.owner === 0) return; // a backup announcement only
  if (dv.active && e.owner !== s.xcf) {
    if (dv.origin === 'VIPADEFINE') {
      // MOVEABLE IMMEDIATE: the defining stack keeps it. Another stack still announcing it is a
      // backup that has not yet heard our VIPA list (Fig. 8A); it gives the DVIPA back when it does.
      trace(ev, `takeback pending: ${name(s, from)} still announces ${ip(dv.dvipa)}`);
      return;
    }
    giveBack(ev, dv, e);
  }
  const moved = dv.owner !== e.owner;
  dv.owner = e.owner;
  dv.since = moved ? ev.now : dv.since;
  const hadTarget = dv.target;
  dv.entry = e;
  if (moved || !hadTarget) applyEntryAsTarget(ev, dv, e);
}

/** An XCF message from another stack. */
export function onXcf(ev: Ev, m: XcfMessage, arrivedOn: string): void {
  const s = ev.s;
  // Relayed by the CF, the sender is the one the CF saw on its link; straight from a peer, the
  // link it arrived on must be that sender's.
  const peer =
    arrivedOn === CF_PORT
      ? s.peers.find((p) => p.xcfAddr === m.sender)
      : s.peers.find((p) => p.port === arrivedOn);
  if (!peer || peer.xcfAddr !== m.sender) {
    dropped(ev, 'xcf-spoof', `${m.type} claiming ${ip(m.sender)} arrived on ${arrivedOn}`);
    return;
  }
  switch (m.type) {
    case 'VIPA_LIST':
      for (const e of m.entries) onVipaEntry(ev, m.sender, e);
      return;
    case 'SRVSTAT':
      applySrvstatAtOwner(ev, m.sender, m.dvipa, m.port, m.ready, m.app);
      return;
    case 'NEWCONN':
      for (const c of m.conns) {
        const dv = s.dvipas[dvKey(c.dvipa)];
        if (!dv?.active) {
          countDrop(s, 'newconn-not-owner');
          continue;
        }
        if (!s.crt[crtKey(c)]) {
          crtAdd(s.crt, learnedEntry(s, c, c.ipsec, c.target));
          const row = s.dpt[dptKey(c.dvipa, c.dstPort)];
          countLearned(row ? findTarget(row, c.target) : undefined);
        }
      }
      trace(ev, `CRT: ${m.conns.length} connection(s) from NEWCONN of ${name(s, m.sender)}`);
      return;
    case 'CONNEND':
      for (const c of m.conns) {
        const e = crtRemove(s.crt, c);
        const row = s.dpt[dptKey(c.dvipa, c.dstPort)];
        if (e && row) connectionEnded(findTarget(row, e.target));
      }
      return;
    case 'DVIPA_TAKEOVER': {
      const dv = s.dvipas[dvKey(m.dvipa)];
      if (dv && !dv.active && dv.backupRank > 0 && dv.backupRank <= m.rank)
        trace(ev, `${s.name} stands down as backup of ${ip(m.dvipa)}: ${name(s, m.sender)} took it over`);
      return;
    }
    case 'DVIPA_TAKEBACK': {
      // The owner took the DVIPA (back) with an empty CRT and DPT — even when it only restarted
      // before anyone noticed: tell it again what is bound and which connections live here.
      const dv = s.dvipas[dvKey(m.dvipa)];
      if (dv && !dv.active && dv.entry?.owner === m.sender && targetRole(dv.entry, s.xcf) === 'candidate') {
        for (const app of listeningServers(ev, dv.dvipa)) srvstat(ev, dv, app.port, true, app.name);
        newconnForLocalConnections(ev, dv);
      }
      return;
    }
    case 'DVIPA_DELETED':
      return;
  }
}

/** A frame from the coupling facility. */
export function onCf(ev: Ev, f: CfFrame): void {
  switch (f.t) {
    case 'members':
      onMembers(ev, f.list);
      return;
    case 'member':
      if (f.state === 'up') onMemberUp(ev, f);
      else onMemberDown(ev, f, f.reason);
      return;
    case 'reply': {
      const r = f.reply;
      if (!r.ok) {
        trace(ev, `CF ${r.op} for ${ip(r.dvipa)} rejected: ${'reason' in r ? r.reason : ''}`);
        return;
      }
      const dv = ev.s.dvipas[dvKey(r.dvipa)];
      if (r.op === 'claim' && dv?.claiming)
        onDefinedClaimed(ev, dv, 'previousOwner' in r ? (r.previousOwner ?? null) : null);
      if (r.op === 'read' && 'records' in r) onRecoveryRecords(ev, r.dvipa, r.records ?? null);
      return;
    }
    default:
      countDrop(ev.s, 'cf-unexpected');
  }
}

/** The XCF status heartbeat. */
export function onStatusTimer(ev: Ev): void {
  const s = ev.s;
  cfSend(ev, { t: 'heartbeat' });
  ev.out.push({ type: 'set-timer', key: 'xcf-status', delayUs: s.statusIntervalUs });
  // RIP's periodic update (RFC 2453 §3.8), here once per ROUTE_REFRESH status intervals: a lost
  // advertisement after a takeover cannot leave the router pointing at a dead stack for good.
  s.statusTicks = (s.statusTicks + 1) % ROUTE_REFRESH;
  if (s.statusTicks === 0)
    for (const dv of Object.values(s.dvipas)) if (dv.active) advertise(ev, dv.dvipa, 1);
}

const ROUTE_REFRESH = 4;

/** A planned stop (Fig. 7: the same takeover path): withdraw the routes and leave the group. */
export function stopStack(ev: Ev): void {
  for (const dv of Object.values(ev.s.dvipas)) if (dv.active) advertise(ev, dv.dvipa, RIP_INFINITY);
  cfSend(ev, { t: 'leave' });
  trace(ev, `${ev.s.name} stops (planned): leaves the XCF group`);
}
