import { demoIpsec, SYSPLEX_DEFAULTS } from './presets/defaults';
import type { ClientSpec, Scenario, StackSpec } from './types';

// Generated sysplexes in the shape of Figure 9 (DESIGN.md §3), for the property tests of DESIGN.md
// §5 and the UI's larger topologies: stacks MVS1…MVSn (XCF 10.255.0.i), DVIPAs 203.0.113.(11+10k)
// port 60, each defined (VIPADEFINE + VIPADISTRIBUTE) on one stack that reaches the network and
// backed up (VIPABACKUP, distinct ranks) by other network stacks — some with their own
// VIPADISTRIBUTE, as MVS5 has for DVA1 — app servers on a mix of stacks, and remote clients
// 198.51.100.x connecting to every DVIPA:60. Deterministic in `seed`.

export type GeneratedDistMethod = 'ROUNDROBIN' | 'WEIGHTEDACTIVE' | 'BASEWLM' | 'HOTSTANDBY';

export interface GenerateOptions {
  /** 2–32 stacks (a sysplex has at most 32 systems; the property tests use 2–8). */
  stacks: number;
  /** 1–4 DVIPAs. */
  dvipas: number;
  /** VIPABACKUP stacks per DVIPA (capped by the other network stacks there are). */
  backupsPerDvipa: number;
  /** 1–50 remote clients. */
  clients: number;
  /** Connections of each client to each DVIPA:60. */
  connections: number;
  seed?: number;
  /** Protect every DVIPA:60 with the sysplex IPsec policy (AES-GCM ESP, IKEv2 with a PSK). */
  ipsec: boolean;
  /**
   * A backup's own VIPADISTRIBUTE names random targets ('any', the default), or exactly the stacks
   * that serve the DVIPA under the primary's distribution plus some that serve nothing
   * ('same-servers'), so a takeover never leaves a serving target out.
   */
  backupTargets?: 'any' | 'same-servers';
  /** Every VIPADISTRIBUTE's method; 'mixed' picks one per statement. Default ROUNDROBIN. */
  distMethod?: GeneratedDistMethod | 'mixed';
}

export const GENERATED_PORT = 60;
export const MAX_GENERATED_STACKS = 32;
export const MAX_GENERATED_DVIPAS = 4;

export const generatedDvipa = (k: number) => `203.0.113.${11 + 10 * k}`;
const xcfOf = (i: number) => `10.255.0.${i + 1}`;
/** External addresses away from the DVIPAs (.11, .21, .31, .41): .101–.132. */
const extOf = (i: number) => `203.0.113.${101 + i}`;
const clientAddr = (i: number) => `198.51.100.${10 + i}`;

/** mulberry32: a small seeded PRNG (the generator only; the runs use the kernel's). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { next, int, shuffle };
}
type Rng = ReturnType<typeof prng>;

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.floor(n)));

interface Distribution {
  method: GeneratedDistMethod;
  /** Stack indexes named in DESTIP; null = DESTIP ALL. */
  dests: number[] | null;
}

interface DvipaPlan {
  addr: string;
  primary: number;
  dist: Distribution;
  backups: { stack: number; rank: number; dist: Distribution | null }[];
  /** Stacks running the app server for this DVIPA. */
  servers: number[];
}

function pickMethod(rng: Rng, m: GenerateOptions['distMethod']): GeneratedDistMethod {
  if (m === 'mixed') return (['ROUNDROBIN', 'WEIGHTEDACTIVE', 'BASEWLM', 'HOTSTANDBY'] as const)[rng.int(4)]!;
  return m ?? 'ROUNDROBIN';
}

function pickDistribution(rng: Rng, n: number, method: GeneratedDistMethod): Distribution {
  // HOTSTANDBY needs an explicit list: one PREFERRED and at least one BACKUP (EZZ0165I, EZZ0827I).
  if (method !== 'HOTSTANDBY' && rng.next() < 0.25) return { method, dests: null };
  const min = method === 'HOTSTANDBY' ? 2 : 1;
  const size = Math.min(n, min + rng.int(n - min + 1));
  const all = Array.from({ length: n }, (_, i) => i);
  return { method, dests: rng.shuffle(all).slice(0, size) };
}

function distributeLine(rng: Rng, addr: string, d: Distribution): string {
  const head = `  VIPADISTRIBUTE DEFINE DISTMETHOD ${d.method} ${addr} PORT ${GENERATED_PORT} DESTIP`;
  if (!d.dests) return `${head} ALL`;
  const dests = d.dests.map((s, j) => {
    if (d.method === 'HOTSTANDBY') return j === 0 ? `${xcfOf(s)} PREFERRED` : `${xcfOf(s)} BACKUP ${j}`;
    if (d.method === 'WEIGHTEDACTIVE') return `${xcfOf(s)} WEIGHT ${1 + rng.int(100)}`;
    return xcfOf(s);
  });
  return `${head} ${dests.join(' ')}`;
}

/** A generated sysplex scenario (see the file comment). */
export function generateSysplex(opts: GenerateOptions): Scenario {
  const seed = (opts.seed ?? 1) >>> 0;
  const rng = prng(seed ^ 0x5eed);
  const n = clamp(opts.stacks, 2, MAX_GENERATED_STACKS);
  const nDvipas = clamp(opts.dvipas, 1, MAX_GENERATED_DVIPAS);
  const wantBackups = clamp(opts.backupsPerDvipa, 0, n - 1);
  const nClients = clamp(opts.clients, 1, 50);
  const all = Array.from({ length: n }, (_, i) => i);

  // Network stacks: enough for an owner and its backups, at least half the sysplex; MVS1 is one.
  const netCount = Math.min(n, Math.max(wantBackups + 1, Math.ceil(n / 2), 2));
  const net = [0, ...rng.shuffle(all.slice(1)).slice(0, netCount - 1)].sort((a, b) => a - b);

  const plans: DvipaPlan[] = [];
  for (let k = 0; k < nDvipas; k++) {
    const primary = net[k % net.length]!;
    const others = rng.shuffle(net.filter((s) => s !== primary)).slice(0, wantBackups);
    // Distinct ranks 1–254, the highest takes over first (DESIGN.md §2): multiples of 10 for up to
    // 25 backups (what sysplexes of up to 16 stacks always got, so their seeds make the same
    // scenarios), multiples of 5 past that (up to 31 backups in a 32-stack sysplex).
    const step = others.length <= 25 ? 10 : 5;
    const ranks = rng
      .shuffle(Array.from({ length: 250 / step }, (_, r) => step * (r + 1)))
      .slice(0, others.length)
      .sort((a, b) => b - a);
    const dist = pickDistribution(rng, n, pickMethod(rng, opts.distMethod));
    // Servers on a mix of stacks, at least one among the primary's targets.
    const candidates = dist.dests ?? all;
    const servers = new Set(all.filter(() => rng.next() < 0.5));
    servers.add(candidates[rng.int(candidates.length)]!);
    const serving = candidates.filter((s) => servers.has(s));
    const backups = others.map((stack, j) => {
      if (rng.next() >= 0.5) return { stack, rank: ranks[j]!, dist: null };
      let own = pickDistribution(rng, n, pickMethod(rng, opts.distMethod));
      if (opts.backupTargets === 'same-servers' && (own.dests || dist.dests)) {
        // The serving targets of the primary, in the same order (HOTSTANDBY keeps its PREFERRED),
        // and others that run no server for this DVIPA.
        const dests = [...serving, ...(own.dests ?? all).filter((s) => !servers.has(s))];
        const method = own.method === 'HOTSTANDBY' && dests.length < 2 ? 'ROUNDROBIN' : own.method;
        own = { method, dests };
      }
      return { stack, rank: ranks[j]!, dist: own };
    });
    plans.push({
      addr: generatedDvipa(k),
      primary,
      dist,
      backups,
      servers: [...servers].sort((a, b) => a - b),
    });
  }

  const stacks: StackSpec[] = all.map((i) => {
    const name = `MVS${i + 1}`;
    const hasNet = net.includes(i);
    const lines = [
      `; ${name}: generated (seed ${seed})${hasNet ? ', reaches the network' : ', a target stack'}`,
      `IPCONFIG DYNAMICXCF ${xcfOf(i)} 255.255.255.0 1${opts.ipsec ? ' IPSECURITY' : ''}`,
      ...(opts.ipsec ? ['IPSEC DVIPSEC', 'ENDIPSEC'] : []),
    ];
    const dyn: string[] = [];
    for (const p of plans) {
      if (p.primary === i) {
        dyn.push(`  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 ${p.addr}`);
        dyn.push(distributeLine(rng, p.addr, p.dist));
      }
      const b = p.backups.find((x) => x.stack === i);
      if (b) {
        dyn.push(`  VIPABACKUP ${b.rank} MOVEABLE IMMEDIATE 255.255.255.0 ${p.addr}`);
        if (b.dist) dyn.push(distributeLine(rng, p.addr, b.dist));
      }
    }
    if (dyn.length) lines.push('VIPADYNAMIC', ...dyn, 'ENDVIPADYNAMIC');
    const apps = plans
      .filter((p) => p.servers.includes(i))
      .map((p) => ({
        name: `APP ${String.fromCharCode(65 + plans.indexOf(p))}`,
        bindAddr: p.addr,
        port: GENERATED_PORT,
      }));
    return {
      name,
      xcfAddr: xcfOf(i),
      ...(hasNet ? { externalAddr: extOf(i) } : {}),
      profile: `${lines.join('\n')}\n`,
      apps,
      runsIke: hasNet && opts.ipsec,
    };
  });

  const clients: ClientSpec[] = Array.from({ length: nClients }, (_, c) => ({
    name: nClients === 1 ? 'Client' : `Client${c + 1}`,
    addr: clientAddr(c),
    targets: plans.map((p) => ({ addr: p.addr, port: GENERATED_PORT })),
    connections: clamp(opts.connections, 0, 1000),
  }));

  return {
    version: 1,
    id: `generated-${n}x${nDvipas}-${seed}`,
    title: `Generated sysplex: ${n} stacks, ${nDvipas} DVIPA(s)`,
    description: plans
      .map(
        (p) =>
          `${p.addr}:${GENERATED_PORT} on MVS${p.primary + 1}` +
          (p.backups.length
            ? `, backups ${p.backups.map((b) => `MVS${b.stack + 1} (${b.rank})`).join(', ')}`
            : ', no backup'),
      )
      .join('; '),
    seed,
    stacks,
    ...SYSPLEX_DEFAULTS,
    clients,
    ...(opts.ipsec
      ? {
          ipsec: demoIpsec(plans.map((p) => ({ dvipa: p.addr, port: GENERATED_PORT }))),
        }
      : {}),
    faults: [],
  };
}
