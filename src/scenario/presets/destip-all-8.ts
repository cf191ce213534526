import type { AppSpec, Scenario, StackSpec } from '../types';
import { SYSPLEX_DEFAULTS } from './defaults';

// A larger sysplex: eight stacks and three DVIPAs, each distributed with DESTIP ALL (every stack of
// the sysplex is a candidate target, present or future). MVS1, MVS2 and MVS3 route DVA1, DVA2 and
// DVA3; MVS4 and MVS5 back them up. Every stack runs APP A; APP B and APP C on alternate stacks.

const DVA = ['203.0.113.11', '203.0.113.12', '203.0.113.13'] as const;
const PORT = [60, 61, 62] as const;
const xcf = (i: number) => `10.255.0.${i + 1}`;
const dist = (d: number) =>
  `VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN ${DVA[d]} PORT ${PORT[d]} DESTIP ALL`;
const define = (d: number) => `VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 ${DVA[d]}`;
const backup = (rank: number, d: number) => `VIPABACKUP ${rank} MOVEABLE IMMEDIATE 255.255.255.0 ${DVA[d]}`;

/** The VIPADYNAMIC statements of each stack (empty: a plain target). */
const dynamic: string[][] = [
  [define(0), dist(0)],
  [define(1), dist(1)],
  [define(2), dist(2)],
  [backup(100, 0), dist(0), backup(50, 1), dist(1)],
  [backup(100, 2), dist(2), backup(80, 1), dist(1), backup(50, 0), dist(0)],
  [],
  [],
  [],
];

function stack(i: number): StackSpec {
  const name = `MVS${i + 1}`;
  const statements = dynamic[i]!;
  const apps: AppSpec[] = [{ name: 'APP A', bindAddr: DVA[0], port: PORT[0] }];
  if (i % 2 === 0) apps.push({ name: 'APP B', bindAddr: DVA[1], port: PORT[1] });
  else apps.push({ name: 'APP C', bindAddr: DVA[2], port: PORT[2] });
  const external = statements.length > 0;
  return {
    name,
    xcfAddr: xcf(i),
    ...(external ? { externalAddr: `203.0.113.${i + 1}` } : {}),
    runsIke: external,
    apps,
    profile: `; ${name}
IPCONFIG DYNAMICXCF ${xcf(i)} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
${statements.length ? `VIPADYNAMIC\n${statements.map((s) => `  ${s}\n`).join('')}ENDVIPADYNAMIC\n` : ''}`,
  };
}

export const destipAll8: Scenario = {
  version: 1,
  id: 'destip-all-8',
  title: 'DESTIP ALL: eight stacks, three DVIPAs',
  description:
    'MVS1, MVS2, MVS3 route DVA1:60, DVA2:61, DVA3:62 to all stacks; MVS4 backs up DVA1 and DVA2, ' +
    'MVS5 backs up all three. APP A on every stack, APP B on MVS1, 3, 5, 7, APP C on MVS2, 4, 6, 8.',
  seed: 1,
  stacks: Array.from({ length: 8 }, (_, i) => stack(i)),
  ...SYSPLEX_DEFAULTS,
  clients: [
    {
      name: 'Client1',
      addr: '198.51.100.7',
      targets: [
        { addr: DVA[0], port: PORT[0] },
        { addr: DVA[1], port: PORT[1] },
      ],
      connections: 4,
    },
    {
      name: 'Client2',
      addr: '198.51.100.8',
      targets: [
        { addr: DVA[2], port: PORT[2] },
        { addr: DVA[0], port: PORT[0] },
      ],
      connections: 4,
    },
  ],
  ipsec: {
    psk: 'sysplex-demo-psk',
    cipher: 'aes-gcm-16-256',
    protect: DVA.map((dvipa, d) => ({ dvipa, port: PORT[d]! })),
  },
  faults: [],
};
