// IPv4 addresses as unsigned 32-bit numbers for fast range checks in the SPD and SAD.

// The wire layer's parser and formatter, under the names the SPD and SAD use.
import { parseIpv4 as ipv4ToU32, formatIpv4 as u32ToIpv4 } from '../wire/bytes';

export { ipv4ToU32, u32ToIpv4 };

/** Inclusive range of addresses or ports. */
export interface Range {
  first: number;
  last: number;
}

export const ANY_ADDR: Range = { first: 0, last: 0xffffffff };
export const ANY_PORT: Range = { first: 0, last: 65535 };

/** "a.b.c.d", "a.b.c.d/len" or "a.b.c.d-e.f.g.h" → range; undefined when malformed. */
export function addrRange(text: string): Range | undefined {
  const dash = text.split('-');
  if (dash.length === 2) {
    const first = ipv4ToU32(dash[0]!.trim());
    const last = ipv4ToU32(dash[1]!.trim());
    return first === undefined || last === undefined || first > last ? undefined : { first, last };
  }
  const [a, len] = text.split('/');
  const base = ipv4ToU32(a ?? '');
  if (base === undefined) return undefined;
  if (len === undefined) return { first: base, last: base };
  const n = Number(len);
  if (!/^\d{1,2}$/.test(len) || n > 32) return undefined;
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return { first: (base & mask) >>> 0, last: ((base & mask) | (~mask >>> 0)) >>> 0 };
}

export const inRange = (r: Range, v: number) => v >= r.first && v <= r.last;

export function rangeText(r: Range, kind: 'addr' | 'port'): string {
  if (kind === 'port')
    return r.first === 0 && r.last === 65535
      ? 'any'
      : r.first === r.last
        ? `${r.first}`
        : `${r.first}-${r.last}`;
  if (r.first === 0 && r.last === 0xffffffff) return 'any';
  return r.first === r.last ? u32ToIpv4(r.first) : `${u32ToIpv4(r.first)}-${u32ToIpv4(r.last)}`;
}
