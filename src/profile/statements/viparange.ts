import type { VipaRangeStmt } from '../ast';
import type { Cursor } from '../cursor';
import { DEFINE_DELETE, MOVEABLE, MOVEABLE_VALUES, SAF } from '../keywords';
import { rejectIpv6 } from './common';

// VIPARANGE (z/OS IP Configuration Reference, VIPADYNAMIC - VIPARANGE; parameters in order):
//   VIPARange [DEFINE|DELEte] [MOVEable NONDISRUPTive | MOVEable DISRUPTive] address_mask ipv4_addr
//             [SAF resname]
// Defaults: DEFINE, MOVEABLE NONDISRUPTIVE.

export function parseVipaRange(c: Cursor): VipaRangeStmt {
  const action = c.optKeyword(DEFINE_DELETE)?.value.name === 'DELETE' ? 'DELETE' : 'DEFINE';
  let moveable: VipaRangeStmt['moveable'] = 'NONDISRUPTIVE';
  if (c.optKeyword(MOVEABLE)) {
    const v = c.keyword(MOVEABLE_VALUES, 'NONDISRUPTIVE or DISRUPTIVE after MOVEABLE');
    if (v.value.name !== 'NONDISRUPTIVE' && v.value.name !== 'DISRUPTIVE') {
      c.fail(
        v.tok,
        'wrong-moveable',
        `VIPARANGE: MOVEABLE ${v.value.name} belongs to VIPADEFINE and VIPABACKUP; VIPARANGE takes MOVEABLE NONDISRUPTIVE or MOVEABLE DISRUPTIVE`,
      );
    }
    moveable = v.value.name;
  }
  rejectIpv6(c);
  const mask = c.mask('address mask').value;
  const addr = c.hostAddress('the range address');
  let safResource: string | undefined;
  if (c.optKeyword(SAF)) {
    const r = c.next();
    if (!r || !/^[A-Za-z0-9@#$]{1,8}$/.test(r.text)) {
      c.fail(r, 'invalid-value', 'VIPARANGE: SAF needs a resource name of 1–8 letters, digits, @, # or $');
    }
    safResource = r.upper;
  }
  c.expectEnd();
  return {
    kind: 'VIPARANGE',
    keywordTok: c.keywordToken,
    label: c.label,
    action,
    moveable,
    mask,
    addr,
    ...(safResource === undefined ? {} : { safResource }),
  };
}
