import { defineActorKind } from '../../sim/registry';
import type { Output } from '../../sim/types';
import { formatIpv4 } from '../../wire/bytes';
import { peekXcfRoute } from '../../wire/xcf';
import { summarizePacket } from '../packet-summary';
import { phaseNote } from '../phase';
import { type CfFrame, decodeCfFrame, encodeCfFrame } from './codec';
import type { CfStructure } from './records';
import { applyCfRequest, type CfRequest, emptyStructure, recordCount } from './structure';

// The coupling facility (DESIGN.md §4: the CF is an actor too). Two jobs:
// - the EZBDVIPA list structure: every read, write and delete arrives as a frame and shows in the
//   trace, so the CF panel can animate it;
// - the XCF group: stacks join and send status heartbeats; a member whose status stops for the
//   detection interval is declared failed and every live member is told (Fig. 14, block 400). A
//   planned stop leaves the group at once.

export interface CfConfig {
  name: string;
  structure: string;
  /** How long a member may stay silent before the group declares it failed. */
  detectionUs: number;
}

export interface CfMember {
  name: string;
  xcf: number;
  alive: boolean;
  lastStatusUs: number;
}

export interface CfState {
  name: string;
  detectionUs: number;
  structure: CfStructure;
  /** By the port the member's link arrives on (the CF trusts its links, not what frames claim). */
  members: Record<string, CfMember>;
  counters: {
    reads: number;
    writes: number;
    deletes: number;
    claims: number;
    rejected: number;
    badFrames: number;
    /** XCF messages relayed (one per receiving member). */
    relayed: number;
  };
}

const watchTimer = (port: string) => `watch:${port}`;

function describeRequest(req: CfRequest): string {
  switch (req.op) {
    case 'claim':
    case 'read':
      return `${req.op} ${formatIpv4(req.dvipa)}`;
    case 'write-phase1':
      return `write phase 1 ${req.record.id} (peer ${req.record.peerId}) for ${formatIpv4(req.record.dvipa)}`;
    case 'write-phase2':
      return `write phase 2 ${req.record.id} (SPI in ${req.record.inboundSpi} out ${req.record.outboundSpi}) for ${formatIpv4(req.record.dvipa)}`;
    case 'delete-phase1':
    case 'delete-phase2':
      return `${req.op.replace('-', ' ').replace('phase', 'phase ')} ${req.id} for ${formatIpv4(req.dvipa)}`;
  }
}

function send(port: string, f: CfFrame): Output {
  return { type: 'send', port, frame: encodeCfFrame(f) };
}

/**
 * XCF signalling through the CF (Fig. 9): a member's message goes to its target member, or to every
 * other live member when the target is 0. The sender in the header must be the member on the link
 * it came from — the CF knows its links, so a stack cannot speak for another.
 */
function relayXcf(
  s: CfState,
  port: string,
  route: { sender: number; target: number },
  frame: Uint8Array,
): Output[] {
  const from = s.members[port];
  if (!from?.alive || from.xcf !== route.sender) {
    s.counters.badFrames++;
    return [
      {
        type: 'drop',
        reason: 'xcf-spoof',
        detail: `XCF message claiming ${formatIpv4(route.sender)} on ${port}`,
      },
    ];
  }
  const ports = Object.keys(s.members)
    .filter(
      (p) => p !== port && s.members[p]!.alive && (route.target === 0 || s.members[p]!.xcf === route.target),
    )
    .sort();
  s.counters.relayed += ports.length;
  return ports.map((p) => ({ type: 'send' as const, port: p, frame }));
}

export const cfActor = defineActorKind<CfState, CfConfig>({
  kind: 'cf',
  init(config) {
    return {
      name: config.name,
      detectionUs: config.detectionUs,
      structure: emptyStructure(config.structure),
      members: {},
      counters: { reads: 0, writes: 0, deletes: 0, claims: 0, rejected: 0, badFrames: 0, relayed: 0 },
    };
  },
  handle(s, input, ctx) {
    const out: Output[] = [];
    const others = (port: string) =>
      Object.keys(s.members)
        .filter((p) => p !== port && s.members[p]!.alive)
        .sort();
    const notify = (
      port: string,
      m: CfMember,
      state: 'up' | 'down',
      reason: 'joined' | 'failed' | 'left',
    ) => {
      for (const p of others(port))
        out.push(send(p, { t: 'member', name: m.name, xcf: m.xcf, state, reason }));
    };
    if (input.type === 'timer' && input.key.startsWith('watch:')) {
      const port = input.key.slice('watch:'.length);
      const m = s.members[port];
      if (m?.alive) {
        m.alive = false;
        out.push({
          type: 'trace',
          summary: `XCF group: ${m.name} failed (no status for ${s.detectionUs / 1000} ms)`,
        });
        out.push({
          type: 'trace',
          summary: phaseNote({
            kind: 'failure-detected',
            subject: m.name,
            at: s.name,
            text: 'the XCF group tells the members',
          }),
        });
        notify(port, m, 'down', 'failed');
      }
      return out;
    }
    if (input.type !== 'frame') return out;
    const port = input.port;
    const route = peekXcfRoute(input.frame);
    if (route) return relayXcf(s, port, route, input.frame);
    const r = decodeCfFrame(input.frame);
    if (!r.ok) {
      s.counters.badFrames++;
      return [{ type: 'drop', reason: 'bad-cf-frame', detail: `on ${port}: ${r.error.message}` }];
    }
    const f = r.value;
    const member = s.members[port];
    switch (f.t) {
      case 'join': {
        const m: CfMember = { name: f.name, xcf: f.xcf, alive: true, lastStatusUs: ctx.now };
        s.members[port] = m;
        out.push({ type: 'trace', summary: `XCF group: ${f.name} (${formatIpv4(f.xcf)}) joined` });
        out.push(
          send(port, {
            t: 'members',
            list: others(port).map((p) => ({ name: s.members[p]!.name, xcf: s.members[p]!.xcf })),
          }),
        );
        notify(port, m, 'up', 'joined');
        out.push({ type: 'set-timer', key: watchTimer(port), delayUs: s.detectionUs });
        return out;
      }
      case 'heartbeat':
        if (!member?.alive) return out; // a member declared failed must rejoin
        member.lastStatusUs = ctx.now;
        out.push({ type: 'set-timer', key: watchTimer(port), delayUs: s.detectionUs });
        return out;
      case 'leave':
        if (!member?.alive) return out;
        member.alive = false;
        out.push({ type: 'cancel-timer', key: watchTimer(port) });
        out.push({ type: 'trace', summary: `XCF group: ${member.name} left (planned)` });
        notify(port, member, 'down', 'left');
        return out;
      case 'req': {
        if (!member?.alive) {
          s.counters.rejected++;
          return [
            {
              type: 'drop',
              reason: 'not-a-member',
              detail: `${s.structure.name} request from ${port}, not a live group member`,
            },
          ];
        }
        const reply = applyCfRequest(s.structure, member.xcf, f.req);
        const op = f.req.op;
        if (!reply.ok) s.counters.rejected++;
        else if (op === 'read') s.counters.reads++;
        else if (op === 'claim') s.counters.claims++;
        else if (op.startsWith('write')) s.counters.writes++;
        else s.counters.deletes++;
        const verdict = reply.ok ? '' : ` — rejected: ${'detail' in reply ? reply.detail : ''}`;
        out.push({
          type: 'trace',
          summary: `${s.structure.name} ${describeRequest(f.req)} by ${member.name}${verdict}`,
        });
        out.push(send(port, { t: 'reply', id: f.id, reply }));
        return out;
      }
      default:
        s.counters.badFrames++;
        return [{ type: 'drop', reason: 'unexpected-cf-frame', detail: `'${f.t}' from ${port}` }];
    }
  },
  view(s) {
    return { ...s, recordCount: recordCount(s.structure) };
  },
  describeFrame(frame) {
    if (peekXcfRoute(frame)) return `${summarizePacket(frame)} (XCF signalling, relayed)`;
    const r = decodeCfFrame(frame);
    if (!r.ok) return `CF frame (${r.error.message})`;
    const f = r.value;
    return f.t === 'req' ? `CF request ${f.req.op}` : `CF ${f.t}`;
  },
});
