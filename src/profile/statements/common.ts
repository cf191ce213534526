import type { At, Cursor } from '../cursor';
import { MOVEABLE, MOVEABLE_VALUES, TIER_KEYWORDS } from '../keywords';
import type { Ipv4, Moveable } from '../types';

// Pieces several VIPADYNAMIC statements share.

/** TIER1 / TIER2 / CPCSCOPE (multi-tier distribution) are real but change behaviour the emulator
 * does not have, so they are errors rather than silently ignored. */
export function rejectTier(c: Cursor): void {
  const t = c.optKeyword(TIER_KEYWORDS);
  if (t) {
    c.fail(t.tok, 'not-emulated', `${c.name} ${t.value.name} (multi-tier distribution) is not emulated`);
  }
}

/** IPv6 forms (an IPv6 address, or an interface name followed by one) are not emulated. */
export function rejectIpv6(c: Cursor): void {
  const t = c.peek();
  if (!t || c.peekIsIpv4()) return;
  const after = c.tokens[c.tokens.indexOf(t) + 1];
  if (t.text.includes(':') || after?.text.includes(':')) {
    c.fail(t, 'not-emulated', `${c.name}: IPv6 interfaces and addresses are not emulated`);
  }
}

/** `MOVEable IMMEDiate | MOVEable WHENIDLE` for VIPADEFINE and VIPABACKUP. */
export function optMoveableDvipa(c: Cursor): Moveable | undefined {
  if (!c.optKeyword(MOVEABLE)) return undefined;
  const v = c.keyword(MOVEABLE_VALUES, 'IMMEDIATE or WHENIDLE after MOVEABLE');
  const name = v.value.name;
  if (name === 'IMMEDIATE' || name === 'WHENIDLE') return name;
  c.fail(
    v.tok,
    'wrong-moveable',
    `${c.name}: MOVEABLE ${name} belongs to VIPARANGE; ${c.name} takes MOVEABLE IMMEDIATE or MOVEABLE WHENIDLE`,
  );
}

/** One or more DVIPA addresses up to the end of the statement. */
export function dvipaList(c: Cursor): At<Ipv4>[] {
  rejectIpv6(c);
  const addrs = [c.hostAddress('the DVIPA address')];
  while (c.peekIsIpv4()) addrs.push(c.hostAddress('the DVIPA address'));
  c.expectEnd();
  return addrs;
}
