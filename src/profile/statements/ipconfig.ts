import type { IpconfigStmt } from '../ast';
import type { Cursor, MaskValue } from '../cursor';
import { parseIpv4, prefixMask, unicastProblem } from '../ipv4';
import { FORMAT_VALUES, IPCONFIG_PARAMS } from '../keywords';
import type { Token } from '../tokens';

// IPCONFIG (z/OS IP Configuration Reference, IPCONFIG statement; parameters in any order):
//   IPCONFig [DYNAMICXCF ipv4_addr {subnet_mask | /num_mask_bits} cost_metric
//               [SECCLASS n] [SMCD|NOSMCD] [SOURCEVIPAINTerface name]]
//            [NODYNAMICXCF] [IPSECURITY] [SYSPLEXRouting|NOSYSPLEXRouting] [other options…]
// DYNAMICXCF and IPSECURITY are emulated, SYSPLEXROUTING is recorded; every other real option is
// accepted with an info diagnostic, consuming the value it takes.

/** Options that take one number; ranges loose because they are not emulated. */
const NUMERIC = new Set([
  'ARPTO',
  'DEVRETRYDURATION',
  'REASSEMBLYTIMEOUT',
  'TTL',
  'SECCLASS',
  'QDIOPRIORITY',
]);

/** The cost metric is one byte in the SMF profile record; the documented range was not found, so
 * 1–255 is this emulator's rule. */
const COST_MAX = 255;

function dynamicXcf(c: Cursor, kwTok: Token): NonNullable<IpconfigStmt['dynamicXcf']> {
  const t = c.peek();
  let addr: number;
  let mask: MaskValue;
  if (t?.text.includes('/')) {
    // ipv4_addr/num_mask_bits form
    c.next();
    const [a = '', bits = ''] = t.text.split('/');
    const v = parseIpv4(a);
    if (v === undefined) c.fail(t, 'invalid-address', `IPCONFIG: '${a}' is not a valid dynamic XCF address`);
    if (!/^\d{1,2}$/.test(bits) || Number(bits) < 1 || Number(bits) > 32) {
      c.fail(t, 'invalid-mask', `IPCONFIG: '/${bits}' is not a valid number of mask bits (1–32)`);
    }
    const problem = unicastProblem(v);
    if (problem) c.fail(t, 'invalid-address', `IPCONFIG: dynamic XCF address ${a} ${problem}`);
    addr = v;
    mask = { mask: prefixMask(Number(bits)), prefixLength: Number(bits) };
  } else {
    addr = c.hostAddress('the dynamic XCF address').value;
    mask = c.mask('subnet mask').value;
  }
  const costMetric = c.int('the DYNAMICXCF cost metric', 1, COST_MAX).value;
  return { addr, mask, costMetric, tok: kwTok };
}

export function parseIpconfig(c: Cursor): IpconfigStmt {
  const stmt: IpconfigStmt = {
    kind: 'IPCONFIG',
    keywordTok: c.keywordToken,
    label: c.label,
    ipSecurity: false,
  };
  while (!c.atEnd()) {
    const t = c.peek()!;
    if (!/^[A-Za-z]/.test(t.text)) c.unexpected(t);
    const k = c.keyword(IPCONFIG_PARAMS, 'an IPCONFIG parameter');
    switch (k.value.name) {
      case 'DYNAMICXCF':
        stmt.dynamicXcf = dynamicXcf(c, k.tok);
        stmt.noDynamicXcf = undefined;
        break;
      case 'NODYNAMICXCF':
        stmt.noDynamicXcf = k.tok;
        stmt.dynamicXcf = undefined;
        break;
      case 'IPSECURITY':
        stmt.ipSecurity = true;
        break;
      case 'SYSPLEXROUTING':
        stmt.sysplexRouting = true;
        break;
      case 'NOSYSPLEXROUTING':
        stmt.sysplexRouting = false;
        break;
      default: {
        const name = k.value.name;
        if (NUMERIC.has(name)) c.int(`the ${name} value`, 0, 999_999_999);
        else if (name === 'FORMAT') c.keyword(FORMAT_VALUES, 'LONG or SHORT');
        else if (name === 'TCPSTACKSOURCEVIPA') c.ipv4('the source VIPA address');
        else if (name === 'SOURCEVIPAINTERFACE') {
          if (!c.next())
            c.fail(undefined, 'missing-value', 'IPCONFIG: SOURCEVIPAINTERFACE needs an interface name');
        }
        c.info(k.tok, 'not-emulated', `IPCONFIG ${name} is accepted but not emulated`);
      }
    }
  }
  return stmt;
}
