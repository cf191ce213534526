import type { VipaDeleteStmt } from '../ast';
import type { Cursor } from '../cursor';
import { rejectIpv6 } from './common';

// VIPADELETE (z/OS IP Configuration Reference, VIPADYNAMIC - VIPADELETE):
//   VIPADELete ipv4_addr [ipv4_addr …]
// Removes the DVIPA of an earlier VIPADEFINE or VIPABACKUP, so it may be defined again.

export function parseVipaDelete(c: Cursor): VipaDeleteStmt {
  rejectIpv6(c);
  const addrs = [c.ipv4('the DVIPA address to delete')];
  while (c.peekIsIpv4()) addrs.push(c.ipv4('the DVIPA address to delete'));
  c.expectEnd();
  return { kind: 'VIPADELETE', keywordTok: c.keywordToken, label: c.label, addrs };
}
