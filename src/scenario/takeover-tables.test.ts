import { describe, expect, it } from 'vitest';
import type { StackView } from '../nodes/stack/views';
import { InProcessRuntime } from '../runtime/in-process';
import { ScenarioRun } from '../runtime/scenario-run';
import { figure9 } from './presets/figure9';
import type { Scenario } from './types';

// The new owner's tables right after a takeover, before any connection's next packet: what its
// targets told it (NEWCONN, Fig. 14 block 406) is in its CRT as the routing stack would have made
// it, IPsec flag and rule binding included, and its DPT counts those connections.

describe('the new owner’s tables right after a takeover', () => {
  it('mark the IPsec connections the targets told of as IPsec, and count them in the DPT', async () => {
    const sc: Scenario = { ...figure9, faults: [{ atUs: 1_000_000, node: 'MVS1', action: 'kill' }] };
    const r = new ScenarioRun(new InProcessRuntime());
    await r.load(sc);
    await r.run({
      time: 3_000_000,
      until: (x) => x.node === 'MVS5' && /^CRT: \d+ connection\(s\) from NEWCONN of /.test(x.summary),
    });
    const mvs5 = (await r.runtime.view('MVS5')).state as StackView;
    const learned = mvs5.vcrt.rows.filter((x) => x.dest.startsWith('203.0.113.11..'));
    expect(learned.length).toBeGreaterThan(0);
    // Every Figure 9 client connection to DVA1 is protected by the policy.
    expect(learned.every((x) => x.ipsec)).toBe(true);
    const rows = mvs5.vdpt.filter((x) => x.dest.startsWith('203.0.113.11..'));
    expect(rows.reduce((n, x) => n + x.activeConn, 0)).toBeGreaterThan(0);
    for (const x of rows) expect(x.totalConn).toBeGreaterThanOrEqual(x.activeConn);
  });
});
