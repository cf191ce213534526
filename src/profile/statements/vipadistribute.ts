import type { DestIpStmt, VipaDistributeStmt } from '../ast';
import type { Cursor } from '../cursor';
import {
  ALL,
  DEST_OPTIONS,
  DESTIP,
  DIST_METHODS,
  HOTSTANDBY_OPTIONS,
  PORT,
  PROCTYPE_KINDS,
  VIPADISTRIBUTE_OPTIONS,
} from '../keywords';
import type { Token } from '../tokens';
import type { DistMethod } from '../types';
import { rejectIpv6 } from './common';

// VIPADISTRIBUTE (z/OS IP Configuration Reference, VIPADYNAMIC - VIPADISTRIBUTE):
//   VIPADISTribute options… ipv4_addr [PORT {num | num-num}…]
//                  DESTIP {ALL | dynxcfip [WEIGHT n | PREFERRED | BACKUP rank]…}
// The options before the address may come in any order: DEFINE (default) | DELEte,
// DISTMethod {BASEWLM (default) [PROCTYPE …] | ROUNDROBIN | WEIGHTEDActive |
//             HOTSTANDBY [AUTOSWITCHBACK|NOAUTOSWITCHBACK] [HEALTHSWITCH|NOHEALTHSWITCH]},
// NOOPTLOCAL (default) | OPTLOCAL [value], SYSPLEXPorts, TIMEDAFFinity seconds.
// Rules from the z/OS messages: PREFERRED/BACKUP only with HOTSTANDBY (EZZ0831I: a syntax error
// that ends the block), WEIGHT without WEIGHTEDACTIVE is ignored with a warning (EZZ0799I). The
// HOTSTANDBY counting rules are semantic (./distribute-rules). PORT omitted = dynamic ports.
//
// Emulator rules where the product's limit was not found: WEIGHT 1–100 (default 10), HOTSTANDBY
// BACKUP rank 1–254, TIMEDAFFINITY 0–99999, at most MAX_PORTS ports per statement.

export const MAX_PORTS = 64;
export const DEFAULT_WEIGHT = 10;
const PORT_TOKEN = /^\d+(-\d+)?$/;

const METHOD_LIST = 'BASEWLM, ROUNDROBIN, WEIGHTEDACTIVE or HOTSTANDBY';

function ports(c: Cursor, portTok: Token): number[] {
  const out = new Set<number>();
  if (!c.peek() || !PORT_TOKEN.test(c.peek()!.text)) {
    c.fail(
      c.peek() ?? portTok,
      'missing-value',
      'VIPADISTRIBUTE: PORT needs at least one port number (1–65535)',
    );
  }
  while (c.peek() && PORT_TOKEN.test(c.peek()!.text)) {
    const t = c.next()!;
    const [lo = 0, hi = lo] = t.text.split('-').map((p) => (p.length > 5 ? 70000 : Number(p)));
    if (lo < 1 || hi > 65535 || lo > 65535 || hi < 1) {
      c.fail(t, 'out-of-range', `VIPADISTRIBUTE: port ${t.text} is out of range 1–65535`);
    }
    if (hi < lo) c.fail(t, 'invalid-value', `VIPADISTRIBUTE: port range ${t.text} ends before it starts`);
    if (out.size + (hi - lo + 1) > MAX_PORTS) {
      c.fail(t, 'too-many-ports', `VIPADISTRIBUTE: at most ${MAX_PORTS} ports per statement`);
    }
    for (let p = lo; p <= hi; p++) {
      if (out.has(p)) c.fail(t, 'duplicate-value', `VIPADISTRIBUTE: port ${p} is listed twice`);
      out.add(p);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function destOptions(c: Cursor, method: DistMethod, d: DestIpStmt): void {
  const seen = new Set<string>();
  for (let o = c.optKeyword(DEST_OPTIONS); o; o = c.optKeyword(DEST_OPTIONS)) {
    const name = o.value.name;
    if (seen.has(name)) {
      c.fail(o.tok, 'duplicate-parameter', `VIPADISTRIBUTE: ${name} is given twice for DESTIP ${d.tok.text}`);
    }
    if (name !== 'WEIGHT' && d.hotStandby) {
      c.fail(
        o.tok,
        'duplicate-parameter',
        `VIPADISTRIBUTE: DESTIP ${d.tok.text} is either PREFERRED or BACKUP, not both`,
      );
    }
    seen.add(name);
    if (name === 'WEIGHT') {
      const w = c.int('the WEIGHT', 1, 100);
      if (method === 'WEIGHTEDACTIVE') d.weight = w.value;
      else {
        c.warn(
          o.tok,
          'weight-ignored',
          `VIPADISTRIBUTE: WEIGHT is ignored because DISTMETHOD is ${method}, not WEIGHTEDACTIVE`,
        );
      }
      continue;
    }
    if (method !== 'HOTSTANDBY') {
      c.fail(
        o.tok,
        'needs-hotstandby',
        `VIPADISTRIBUTE: ${name} is only valid with DISTMETHOD HOTSTANDBY (this one is ${method})`,
      );
    }
    d.hotStandby =
      name === 'PREFERRED'
        ? { kind: 'preferred' }
        : { kind: 'backup', rank: c.int('the BACKUP rank', 1, 254).value };
  }
}

export function parseVipaDistribute(c: Cursor): VipaDistributeStmt {
  let action: 'DEFINE' | 'DELETE' = 'DEFINE';
  let distMethod: DistMethod = 'BASEWLM';
  let autoSwitchBack = true;
  let healthSwitch = true;
  let sysplexPorts = false;
  let timedAffinity = 0;
  let optLocal: number | undefined;
  const seen = new Set<string>();

  while (!c.peekIsIpv4()) {
    rejectIpv6(c);
    const k = c.keyword(
      VIPADISTRIBUTE_OPTIONS,
      'an option (DEFINE, DELETE, DISTMETHOD, …) or the DVIPA address',
    );
    const name = k.value.name;
    const group = name === 'DELETE' ? 'DEFINE' : name === 'NOOPTLOCAL' ? 'OPTLOCAL' : name;
    if (seen.has(group))
      c.fail(k.tok, 'duplicate-parameter', `VIPADISTRIBUTE: ${name} conflicts with an earlier option`);
    seen.add(group);
    switch (name) {
      case 'DEFINE':
      case 'DELETE':
        action = name;
        break;
      case 'DISTMETHOD': {
        const m = c.keyword(DIST_METHODS, `a distribution method (${METHOD_LIST})`);
        const method = m.value.name;
        if (method === 'SERVERWLM' || method === 'TARGCONTROLLED') {
          c.fail(
            m.tok,
            'not-emulated',
            `VIPADISTRIBUTE: DISTMETHOD ${method} is not emulated; use ${METHOD_LIST}`,
          );
        }
        distMethod = method as DistMethod;
        if (method === 'HOTSTANDBY') {
          for (let o = c.optKeyword(HOTSTANDBY_OPTIONS); o; o = c.optKeyword(HOTSTANDBY_OPTIONS)) {
            const opt = o.value.name;
            if (opt.endsWith('SWITCHBACK')) autoSwitchBack = opt === 'AUTOSWITCHBACK';
            else healthSwitch = opt === 'HEALTHSWITCH';
          }
        }
        break;
      }
      case 'NOOPTLOCAL':
        optLocal = undefined;
        break;
      case 'OPTLOCAL':
        optLocal = c.peekIsInt() ? c.int('the OPTLOCAL value', 0, 16).value : 1;
        c.info(k.tok, 'not-emulated', 'VIPADISTRIBUTE OPTLOCAL is recorded but not emulated');
        break;
      case 'SYSPLEXPORTS':
        sysplexPorts = true;
        c.info(k.tok, 'not-emulated', 'VIPADISTRIBUTE SYSPLEXPORTS is recorded but not emulated');
        break;
      case 'TIMEDAFFINITY':
        timedAffinity = c.int('the TIMEDAFFINITY seconds', 0, 99999).value;
        if (timedAffinity > 0) {
          c.info(k.tok, 'not-emulated', 'VIPADISTRIBUTE TIMEDAFFINITY is recorded but not emulated');
        }
        break;
      case 'PROCTYPE':
        for (let p = c.optKeyword(PROCTYPE_KINDS); p; p = c.optKeyword(PROCTYPE_KINDS)) {
          c.int(`the PROCTYPE ${p.value.name} share`, 0, 100);
        }
        c.info(k.tok, 'not-emulated', 'VIPADISTRIBUTE PROCTYPE is accepted but not emulated');
        break;
      default:
        c.fail(k.tok, 'not-emulated', `VIPADISTRIBUTE ${name} (multi-tier distribution) is not emulated`);
    }
  }

  const addr = c.hostAddress('the DVIPA address');
  const portKw = c.optKeyword(PORT);
  const portList = portKw ? ports(c, portKw.tok) : [];
  const destKw = c.keyword(DESTIP, portKw ? 'more port numbers or DESTIP' : 'PORT or DESTIP');

  const all = c.optKeyword(ALL);
  const dests: DestIpStmt[] = [];
  if (!all) {
    if (!c.peekIsIpv4()) {
      c.fail(
        c.peek() ?? destKw.tok,
        'missing-value',
        'VIPADISTRIBUTE: DESTIP needs ALL or at least one dynamic XCF address',
      );
    }
    while (c.peekIsIpv4()) {
      const x = c.hostAddress('the DESTIP dynamic XCF address');
      const d: DestIpStmt = { xcf: x.value, tok: x.tok };
      if (distMethod === 'WEIGHTEDACTIVE') d.weight = DEFAULT_WEIGHT;
      destOptions(c, distMethod, d);
      dests.push(d);
    }
  }
  const after = c.peek();
  if (after && (c.peekIsIpv4() || (dests.length > 0 && after.upper === 'ALL'))) {
    c.fail(
      after,
      'destip-all-mixed',
      'VIPADISTRIBUTE: DESTIP ALL cannot be combined with dynamic XCF addresses',
    );
  }
  c.expectEnd();

  return {
    kind: 'VIPADISTRIBUTE',
    keywordTok: c.keywordToken,
    label: c.label,
    action,
    distMethod,
    autoSwitchBack: distMethod === 'HOTSTANDBY' && autoSwitchBack,
    healthSwitch: distMethod === 'HOTSTANDBY' && healthSwitch,
    sysplexPorts,
    timedAffinity,
    ...(optLocal === undefined ? {} : { optLocal }),
    addr,
    ports: portList,
    destTok: all ? all.tok : destKw.tok,
    destAll: all !== undefined,
    dests,
  };
}
