import type { Scenario } from '../types';
import { demoIpsec, SYSPLEX_DEFAULTS } from './defaults';

// DISTMETHOD HOTSTANDBY: every new connection goes to the PREFERRED target (MVS2) while it is
// ready; when it is not, to the ready BACKUP of highest rank (MVS3, then MVS1). MVS3 also backs
// up the DVIPA itself, with the same hot-standby distribution.

const DVA = '203.0.113.11';
const XCF = ['10.255.0.1', '10.255.0.2', '10.255.0.3'] as const;
const distribute = `VIPADISTRIBUTE DEFINE DISTMETHOD HOTSTANDBY ${DVA} PORT 60
    DESTIP ${XCF[1]} PREFERRED ${XCF[2]} BACKUP 20 ${XCF[0]} BACKUP 10`;
const header = (xcf: string, what: string) => `; ${what}
IPCONFIG DYNAMICXCF ${xcf} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
`;
const app = { name: 'APP A', bindAddr: DVA, port: 60 };

export const hotStandby: Scenario = {
  version: 1,
  id: 'hotstandby',
  title: 'HOTSTANDBY: a preferred target and ranked backups',
  description:
    'MVS1 routes DVA1:60 with DISTMETHOD HOTSTANDBY: MVS2 PREFERRED, MVS3 BACKUP 20, MVS1 BACKUP 10. ' +
    'MVS3 backs DVA1 up (rank 50).',
  seed: 1,
  stacks: [
    {
      name: 'MVS1',
      xcfAddr: XCF[0],
      externalAddr: '203.0.113.1',
      runsIke: true,
      apps: [app],
      profile: `${header(XCF[0], 'MVS1: routing stack of DVA1, hot-standby backup target (rank 10)')}VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 ${DVA}
  ${distribute}
ENDVIPADYNAMIC
`,
    },
    {
      name: 'MVS2',
      xcfAddr: XCF[1],
      runsIke: false,
      apps: [app],
      profile: header(XCF[1], 'MVS2: the PREFERRED target; learns DVA1 from the VIPA list'),
    },
    {
      name: 'MVS3',
      xcfAddr: XCF[2],
      externalAddr: '203.0.113.3',
      runsIke: true,
      apps: [app],
      profile: `${header(XCF[2], 'MVS3: hot-standby backup target (rank 20) and backup of DVA1 (rank 50)')}VIPADYNAMIC
  VIPABACKUP 50 MOVEABLE IMMEDIATE 255.255.255.0 ${DVA}
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
