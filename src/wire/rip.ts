// RIPv2 (RFC 2453 §4) route advertisements on UDP 520: how a routing stack tells the network
// router that it owns a DVIPA (Fig. 10, block 206) — metric 1 to advertise, 16 (infinity) to
// withdraw. Real bytes, so Wireshark dissects them like any other RIP packet.

import { fail, type Result, type WireError } from './result';

export const RIP_PORT = 520;
export const RIP_INFINITY = 16;
const HEADER = 4;
const RTE = 20;
/** RFC 2453 §4: at most 25 route entries in one message. */
export const RIP_MAX_ROUTES = 25;

export interface RipRoute {
  addr: number;
  mask: number;
  nextHop: number;
  metric: number;
  tag: number;
}

export interface RipMessage {
  command: 'request' | 'response';
  routes: RipRoute[];
}

export type RipErrorKind = 'truncated' | 'bad-version' | 'bad-command' | 'bad-length' | 'bad-value';
export type RipDecodeResult = Result<RipMessage, WireError<RipErrorKind>>;

export function encodeRip(m: RipMessage): Uint8Array {
  if (m.routes.length > RIP_MAX_ROUTES)
    throw new RangeError(`RIP message with ${m.routes.length} routes, at most ${RIP_MAX_ROUTES}`);
  const out = new Uint8Array(HEADER + RTE * m.routes.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, m.command === 'request' ? 1 : 2);
  v.setUint8(1, 2);
  m.routes.forEach((r, i) => {
    const o = HEADER + i * RTE;
    v.setUint16(o, 2); // address family: IP
    v.setUint16(o + 2, r.tag);
    v.setUint32(o + 4, r.addr >>> 0);
    v.setUint32(o + 8, r.mask >>> 0);
    v.setUint32(o + 12, r.nextHop >>> 0);
    v.setUint32(o + 16, r.metric);
  });
  return out;
}

/** Decodes a RIPv2 message; never throws. */
export function decodeRip(b: Uint8Array): RipDecodeResult {
  const err = (kind: RipErrorKind, offset: number, message: string): RipDecodeResult =>
    fail(kind, offset, message);
  if (b.length < HEADER)
    return err('truncated', b.length, `truncated at byte ${b.length}: the RIP header needs ${HEADER} bytes`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const cmd = b[0];
  if (cmd !== 1 && cmd !== 2)
    return err('bad-command', 0, `RIP command ${cmd} is neither request (1) nor response (2)`);
  if (b[1] !== 2) return err('bad-version', 1, `RIP version ${b[1]}, only version 2 is supported`);
  if ((b.length - HEADER) % RTE !== 0)
    return err(
      'bad-length',
      HEADER + Math.floor((b.length - HEADER) / RTE) * RTE,
      `${(b.length - HEADER) % RTE} bytes of a partial route entry`,
    );
  const n = (b.length - HEADER) / RTE;
  if (n > RIP_MAX_ROUTES) return err('bad-length', HEADER, `${n} route entries, at most ${RIP_MAX_ROUTES}`);
  const routes: RipRoute[] = [];
  for (let i = 0; i < n; i++) {
    const o = HEADER + i * RTE;
    if (v.getUint16(o) !== 2) return err('bad-value', o, `address family ${v.getUint16(o)} is not IP (2)`);
    const metric = v.getUint32(o + 16);
    if (metric < 1 || metric > RIP_INFINITY)
      return err('bad-value', o + 16, `metric ${metric} is outside 1–16`);
    routes.push({
      tag: v.getUint16(o + 2),
      addr: v.getUint32(o + 4),
      mask: v.getUint32(o + 8),
      nextHop: v.getUint32(o + 12),
      metric,
    });
  }
  return { ok: true, value: { command: cmd === 1 ? 'request' : 'response', routes } };
}
