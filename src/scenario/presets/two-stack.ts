import type { Scenario } from '../types';
import { demoIpsec, SYSPLEX_DEFAULTS } from './defaults';

// The smallest sysplex that fails over: MVS1 routes one DVIPA to itself and MVS2; MVS2 is its
// backup and has the same distribution ready for when it takes the DVIPA over. Both reach the
// network and run IKE, so the IPsec SAs move with the DVIPA.

const DVA = '203.0.113.11';
const XCF1 = '10.255.0.1';
const XCF2 = '10.255.0.2';
const distribute = `VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN ${DVA} PORT 60 DESTIP ${XCF1} ${XCF2}`;

export const twoStack: Scenario = {
  version: 1,
  id: 'two-stack',
  title: 'Minimal: two stacks, one DVIPA and its backup',
  description:
    'MVS1 routes DVA1:60 to MVS1 and MVS2; MVS2 backs DVA1 up (rank 100) with the same distribution.',
  seed: 1,
  stacks: [
    {
      name: 'MVS1',
      xcfAddr: XCF1,
      externalAddr: '203.0.113.1',
      runsIke: true,
      apps: [{ name: 'APP A', bindAddr: DVA, port: 60 }],
      profile: `; MVS1: routing stack of DVA1
IPCONFIG DYNAMICXCF ${XCF1} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 ${DVA}
  ${distribute}
ENDVIPADYNAMIC
`,
    },
    {
      name: 'MVS2',
      xcfAddr: XCF2,
      externalAddr: '203.0.113.2',
      runsIke: true,
      apps: [{ name: 'APP A', bindAddr: DVA, port: 60 }],
      profile: `; MVS2: target of DVA1 and its backup (rank 100)
IPCONFIG DYNAMICXCF ${XCF2} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
VIPADYNAMIC
  VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0 ${DVA}
  ${distribute}
ENDVIPADYNAMIC
`,
    },
  ],
  ...SYSPLEX_DEFAULTS,
  clients: [{ name: 'Client', addr: '198.51.100.7', targets: [{ addr: DVA, port: 60 }], connections: 4 }],
  ipsec: demoIpsec([{ dvipa: DVA, port: 60 }]),
  faults: [],
};
