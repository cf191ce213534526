// "DVIPA policies must be identical on every stack that can own the DVIPA": compare, direction by
// direction and in order, the SPD rules of two stacks whose local selector covers the DVIPA.

import { inRange, ipv4ToU32, rangeText } from './addr';
import { identityText } from './ike/identity';
import type { Direction, Spd, SpdAction, SpdRule, SpdSelector } from './spd';

export interface PolicyDiagnostic {
  severity: 'error';
  dvipa: string;
  direction: Direction;
  /** position among the rules affecting the DVIPA (0-based) */
  position: number;
  message: string;
}

function selectorText(s: SpdSelector): string {
  return `local ${rangeText(s.local, 'addr')} port ${rangeText(s.localPorts, 'port')}, remote ${rangeText(s.remote, 'addr')} port ${rangeText(s.remotePorts, 'port')}, protocol ${s.protocol === 0 ? 'any' : s.protocol}`;
}

function actionText(a: SpdAction): string {
  if (a.kind !== 'protect') return a.kind.toUpperCase();
  return `PROTECT ESP ${a.cipher} peer ${a.peer} ids ${identityText(a.localId)} ↔ ${identityText(a.remoteId)}`;
}

const ruleText = (r: SpdRule) => `"${r.name}" (${selectorText(r.selector)} → ${actionText(r.action)})`;

/** Rules of one direction whose local selector contains the DVIPA, in SPD order. */
export function rulesForDvipa(spd: Spd, dir: Direction, dvipa: string): SpdRule[] {
  const a = ipv4ToU32(dvipa);
  return a === undefined ? [] : spd[dir].filter((r) => inRange(r.selector.local, a));
}

/**
 * Differences between the DVIPA rules of stack A and stack B. Rule names may differ; selectors and
 * actions (cipher, peer, identities) and their order may not.
 */
export function comparePoliciesForDvipa(
  a: { stack: string; spd: Spd },
  b: { stack: string; spd: Spd },
  dvipa: string,
): PolicyDiagnostic[] {
  const out: PolicyDiagnostic[] = [];
  for (const direction of ['inbound', 'outbound'] as const) {
    const ra = rulesForDvipa(a.spd, direction, dvipa);
    const rb = rulesForDvipa(b.spd, direction, dvipa);
    const say = (position: number, message: string) =>
      out.push({
        severity: 'error',
        dvipa,
        direction,
        position,
        message: `${direction} rule ${position + 1} for ${dvipa}: ${message}`,
      });
    for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
      const x = ra[i];
      const y = rb[i];
      if (!x || !y) {
        const [has, lacks, r] = x ? [a.stack, b.stack, x] : [b.stack, a.stack, y!];
        say(i, `${has} has ${ruleText(r)}, ${lacks} has no such rule`);
        continue;
      }
      if (selectorText(x.selector) !== selectorText(y.selector))
        say(
          i,
          `selectors differ: ${a.stack} ${selectorText(x.selector)}; ${b.stack} ${selectorText(y.selector)}`,
        );
      if (actionText(x.action) !== actionText(y.action))
        say(i, `actions differ: ${a.stack} ${actionText(x.action)}; ${b.stack} ${actionText(y.action)}`);
    }
  }
  return out;
}
