import { encodeCfFrame } from '../../src/nodes/cf/codec';
import { espInstall } from '../../src/nodes/ipsec-host/esp-db';
import { sampleChildSa, sampleKeyMaterial } from '../../src/nodes/ipsec-host/sample-sa';
import type { StackActorConfig } from '../../src/nodes/stack/config';
import { crtAdd } from '../../src/nodes/stack/crt';
import { applySrvstat, dptKey } from '../../src/nodes/stack/dpt';
import { stackKind } from '../../src/nodes/stack/kind';
import type { StackState } from '../../src/nodes/stack/state';
import { figure9 } from '../../src/scenario/presets/figure9';
import { buildWorld } from '../../src/scenario/world';
import type { ActorContext, ActorRandom } from '../../src/sim/types';
import { nobleAead } from '../../src/wire/aead-noble';
import { createEspSa } from '../../src/wire/esp';
import { sealEspIpv4 } from '../../src/wire/esp-ipv4';
import { IPPROTO } from '../../src/wire/ipproto';
import { encodeTcp, TCP_FLAGS } from '../../src/wire/tcp';
import { type Figure, type Suite, sideBySide } from '../harness';
import { espCase } from './esp-cases';

// ESP packets/s through the routing stack (Fig. 12): the stack actor's own handle() takes an ESP
// packet from the network, finds the SA, checks replay, decrypts, looks the connection up in the
// CRT and sends it in GRE over XCF to the target — against the wire layer's bare ESP seal+open of
// the same packet, side by side in one run.

const SIZE = 1400;
const random: ActorRandom = { int: () => 0, float: () => 0, bytes: (n) => new Uint8Array(n) };
const ctx: ActorContext = { now: 0, node: 'MVS1', ports: [], random };

/** MVS2's APP A is bound and listening (as its SRVSTAT would say). */
function applySrvstatReady(s: StackState): void {
  const row = s.dpt[dptKey(0xcb00710b, 60)];
  if (!row || !applySrvstat(row, 0x0aff0002, true, 'APP A@MVS2', false))
    throw new Error('routing-esp bench: no DPT for DVA1:60');
}

function routingStack() {
  const cfg = buildWorld(figure9).actors.find((a) => a.id === 'MVS1')!.config as StackActorConfig;
  const s = stackKind.init(cfg, ctx);
  stackKind.handle(s, { type: 'control', action: 'start' }, ctx);
  // The CF grants the claim of DVA1: MVS1 owns it, its DPT is built.
  const granted = encodeCfFrame({
    t: 'reply',
    id: 1,
    reply: { op: 'claim', dvipa: 0xcb00710b, ok: true, previousOwner: null },
  });
  stackKind.handle(s, { type: 'frame', port: 'cf', link: 'cf:MVS1', frame: granted }, ctx);
  applySrvstatReady(s);
  s.members[String(0x0aff0002)] = { name: 'MVS2', alive: true };
  const child = sampleChildSa(9);
  espInstall(s.esp, child);
  crtAdd(s.crt, {
    srcAddr: 0xc6336407,
    srcPort: 20000,
    dvipa: 0xcb00710b,
    dstPort: 60,
    target: 0x0aff0002,
    ipsec: true,
    inboundRule: 0,
    outboundRule: 0,
    local: false,
  });
  const tcp = encodeTcp(
    {
      srcPort: 20000,
      dstPort: 60,
      seq: 1,
      ack: 1,
      flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
      window: 65535,
      urgent: 0,
      payload: new Uint8Array(SIZE).fill(5),
    },
    '198.51.100.7',
    '203.0.113.11',
  );
  const header = {
    dscp: 0,
    ecn: 0,
    id: 1,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 63,
    src: '198.51.100.7',
    dst: '203.0.113.11',
  };
  const sealed = sealEspIpv4(
    createEspSa(nobleAead, { spi: 0x1000abcd, keyMaterial: sampleKeyMaterial(9) }),
    header,
    tcp,
    IPPROTO.TCP,
  );
  if (!sealed.ok) throw new Error(sealed.error.message);
  const inbound = s.esp.bySpi[String(0x1000abcd)]!;
  return () => {
    // The same packet again and again: reset the replay window so it is not a replay (the window's
    // own cost is still paid on every packet).
    inbound.replay.top = 0;
    inbound.replay.bits.fill(0);
    const out =
      stackKind.handle(s, { type: 'frame', port: 'net', link: 'net:MVS1', frame: sealed.value }, ctx) ?? [];
    if (!Array.isArray(out) || !out.some((o) => o.type === 'send' && o.port === 'xcf:MVS2'))
      throw new Error('routing-esp bench: the packet did not reach MVS2 in GRE');
  };
}

export const suite: Suite = {
  name: 'routing-esp',
  async run(): Promise<Figure[]> {
    const path = routingStack();
    const bare = await espCase(nobleAead, SIZE, 1);
    const r = await sideBySide(path, bare.full);
    return [
      {
        suite: 'routing-esp',
        name: `ESP in → CRT → GRE to target, ${SIZE} B, noble`,
        value: r.a,
        unit: 'packets/s',
        ratio: r.ratio,
        baseline: 'wire ESP seal+open of the same packet',
      },
    ];
  },
};
