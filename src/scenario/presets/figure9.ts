import type { Scenario } from '../types';
import { demoIpsec, SYSPLEX_DEFAULTS } from './defaults';

// The source's Figure 9 example (DESIGN.md §3): five MVS images; MVS1 routes DVA1 port 60 to
// XCF1, XCF2, XCF4; MVS5 routes DVB1 port 60 to ALL and has its own VIPADISTRIBUTE for DVA1
// (XCF2, XCF3, XCF4) used when it takes DVA1 over; VIPABACKUP 30 DVB1 on MVS1 and VIPABACKUP 10
// DVA1 on MVS5. APP A on MVS1, MVS2, MVS4; APP B on MVS2, MVS3, MVS5. Only MVS1 and MVS5 reach
// the network and run IKE.

export const DVA1 = '203.0.113.11';
export const DVB1 = '203.0.113.21';
const XCF = ['10.255.0.1', '10.255.0.2', '10.255.0.3', '10.255.0.4', '10.255.0.5'] as const;

const targetProfile = (
  xcf: string,
  name: string,
) => `; ${name}: a candidate target stack. It has no DVIPA definitions of its own:
; it learns DVA1 and DVB1 from the VIPA lists MVS1 and MVS5 broadcast.
IPCONFIG DYNAMICXCF ${xcf} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
`;

const appA = (bindAddr: string) => ({ name: 'APP A', bindAddr, port: 60 });
const appB = (bindAddr: string) => ({ name: 'APP B', bindAddr, port: 60 });

export const figure9: Scenario = {
  version: 1,
  id: 'figure9',
  title: 'Figure 9: five-stack sysplex, DVA1 and DVB1',
  description:
    'MVS1 routes DVA1:60 to MVS1, MVS2, MVS4; MVS5 routes DVB1:60 to all stacks. ' +
    'MVS5 backs up DVA1 (rank 10), MVS1 backs up DVB1 (rank 30).',
  seed: 1,
  stacks: [
    {
      name: 'MVS1',
      xcfAddr: XCF[0],
      externalAddr: '203.0.113.1',
      runsIke: true,
      apps: [appA(DVA1)],
      profile: `; MVS1: routing stack of DVA1, backup (rank 30) of DVB1
IPCONFIG DYNAMICXCF ${XCF[0]} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 ${DVA1}
  VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN ${DVA1} PORT 60 DESTIP ${XCF[0]} ${XCF[1]} ${XCF[3]}
  VIPABACKUP 30 MOVEABLE IMMEDIATE 255.255.255.0 ${DVB1}
ENDVIPADYNAMIC
`,
    },
    {
      name: 'MVS2',
      xcfAddr: XCF[1],
      runsIke: false,
      apps: [appA(DVA1), appB(DVB1)],
      profile: targetProfile(XCF[1], 'MVS2'),
    },
    {
      name: 'MVS3',
      xcfAddr: XCF[2],
      runsIke: false,
      apps: [appB(DVB1)],
      profile: targetProfile(XCF[2], 'MVS3'),
    },
    {
      name: 'MVS4',
      xcfAddr: XCF[3],
      runsIke: false,
      apps: [appA(DVA1)],
      profile: targetProfile(XCF[3], 'MVS4'),
    },
    {
      name: 'MVS5',
      xcfAddr: XCF[4],
      externalAddr: '203.0.113.5',
      runsIke: true,
      apps: [appB(DVB1)],
      profile: `; MVS5: routing stack of DVB1, backup (rank 10) of DVA1 with its own distribution for DVA1
IPCONFIG DYNAMICXCF ${XCF[4]} 255.255.255.0 1 IPSECURITY
IPSEC DVIPSEC
ENDIPSEC
VIPADYNAMIC
  VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 ${DVB1}
  VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN ${DVB1} PORT 60 DESTIP ALL
  VIPABACKUP 10 MOVEABLE IMMEDIATE 255.255.255.0 ${DVA1}
  VIPADISTRIBUTE DEFINE DISTMETHOD ROUNDROBIN ${DVA1} PORT 60 DESTIP ${XCF[1]} ${XCF[2]} ${XCF[3]}
ENDVIPADYNAMIC
`,
    },
  ],
  ...SYSPLEX_DEFAULTS,
  clients: [
    {
      name: 'Client',
      addr: '198.51.100.7',
      targets: [
        { addr: DVA1, port: 60 },
        { addr: DVB1, port: 60 },
      ],
      connections: 4,
    },
  ],
  ipsec: demoIpsec([
    { dvipa: DVA1, port: 60 },
    { dvipa: DVB1, port: 60 },
  ]),
  faults: [],
};
