import * as v from 'valibot';
import type { Result, WireError } from '../../wire/result';
import type { CfReply, CfRequest } from './structure';

// Frames between a stack and the coupling facility: structure requests and replies, and the XCF
// group's membership traffic (join, heartbeat, leave; member up/down notifications). Bytes on the
// link like everything else: 'C' 'F', version, then a UTF-8 JSON body validated on the way in, so
// a corrupted frame is a typed error, never a crash.

export type CfFrame =
  | { t: 'join'; name: string; xcf: number }
  | { t: 'heartbeat' }
  | { t: 'leave' }
  | { t: 'req'; id: number; req: CfRequest }
  | { t: 'reply'; id: number; reply: CfReply }
  | { t: 'member'; name: string; xcf: number; state: 'up' | 'down'; reason: 'joined' | 'failed' | 'left' }
  | { t: 'members'; list: { name: string; xcf: number }[] };

const VERSION = 1;
const u32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));
const selector = v.object({ protocol: u32, startAddr: u32, endAddr: u32, startPort: u32, endPort: u32 });
const phase1 = v.object({
  id: v.string(),
  dvipa: u32,
  peerAddr: u32,
  peerId: v.string(),
  localId: v.string(),
  proposal: v.string(),
  policy: v.string(),
  spiI: v.string(),
  spiR: v.string(),
  negotiatedBy: u32,
});
const phase2 = v.object({
  id: v.string(),
  dvipa: u32,
  phase1Id: v.string(),
  localTs: selector,
  remoteTs: selector,
  inboundSpi: v.string(),
  outboundSpi: v.string(),
  protocol: v.literal('ESP'),
  mode: v.picklist(['transport', 'tunnel']),
  transform: v.string(),
});
const request = v.variant('op', [
  v.object({ op: v.literal('claim'), dvipa: u32 }),
  v.object({ op: v.literal('read'), dvipa: u32 }),
  v.object({ op: v.literal('write-phase1'), record: phase1 }),
  v.object({ op: v.literal('write-phase2'), record: phase2 }),
  v.object({ op: v.literal('delete-phase1'), dvipa: u32, id: v.string() }),
  v.object({ op: v.literal('delete-phase2'), dvipa: u32, id: v.string() }),
]);
const records = v.object({
  dvipa: u32,
  owner: u32,
  phase1: v.record(v.string(), phase1),
  phase2: v.record(v.string(), phase2),
});
const reply = v.object({
  op: v.picklist(['claim', 'read', 'write-phase1', 'write-phase2', 'delete-phase1', 'delete-phase2']),
  dvipa: u32,
  ok: v.boolean(),
  previousOwner: v.optional(v.nullable(u32)),
  records: v.optional(v.nullable(records)),
  reason: v.optional(v.picklist(['not-owner', 'no-entry', 'no-such-record', 'correlation'])),
  detail: v.optional(v.string()),
});
const frame = v.variant('t', [
  v.object({ t: v.literal('join'), name: v.string(), xcf: u32 }),
  v.object({ t: v.literal('heartbeat') }),
  v.object({ t: v.literal('leave') }),
  v.object({ t: v.literal('req'), id: u32, req: request }),
  v.object({ t: v.literal('reply'), id: u32, reply }),
  v.object({
    t: v.literal('member'),
    name: v.string(),
    xcf: u32,
    state: v.picklist(['up', 'down']),
    reason: v.picklist(['joined', 'failed', 'left']),
  }),
  v.object({ t: v.literal('members'), list: v.array(v.object({ name: v.string(), xcf: u32 })) }),
]);

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export function encodeCfFrame(f: CfFrame): Uint8Array {
  const body = enc.encode(JSON.stringify(f));
  const out = new Uint8Array(3 + body.length);
  out[0] = 0x43; // 'C'
  out[1] = 0x46; // 'F'
  out[2] = VERSION;
  out.set(body, 3);
  return out;
}

export type CfDecodeError = WireError<'truncated' | 'bad-magic' | 'bad-version' | 'bad-body'>;

/** Decodes a CF frame; never throws. */
export function decodeCfFrame(b: Uint8Array): Result<CfFrame, CfDecodeError> {
  if (b.length < 3)
    return {
      ok: false,
      error: {
        kind: 'truncated',
        offset: b.length,
        message: `truncated at byte ${b.length}: a CF frame has a 3-byte header`,
      },
    };
  if (b[0] !== 0x43 || b[1] !== 0x46)
    return {
      ok: false,
      error: { kind: 'bad-magic', offset: 0, message: 'not a CF frame (magic is not "CF")' },
    };
  if (b[2] !== VERSION)
    return {
      ok: false,
      error: {
        kind: 'bad-version',
        offset: 2,
        message: `CF frame version ${b[2]} is not supported (expected ${VERSION})`,
      },
    };
  let json: unknown;
  try {
    json = JSON.parse(dec.decode(b.subarray(3)));
  } catch (e) {
    return {
      ok: false,
      error: {
        kind: 'bad-body',
        offset: 3,
        message: `CF frame body is not UTF-8 JSON: ${(e as Error).message}`,
      },
    };
  }
  const r = v.safeParse(frame, json);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return {
      ok: false,
      error: {
        kind: 'bad-body',
        offset: 3,
        message: `CF frame body invalid at ${path || '(root)'}: ${issue.message}`,
      },
    };
  }
  return { ok: true, value: r.output as CfFrame };
}
