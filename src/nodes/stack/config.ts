import type { IpsecPolicyConfig } from '../ipsec-host/policy';
import type { TcpConfig } from '../tcp/types';

// What the scenario gives a stack actor (plain data, it crosses to a Worker).

export interface StackAppConfig {
  name: string;
  /** The DVIPA it binds to (dotted quad). */
  bindAddr: string;
  port: number;
}

export interface StackPeerConfig {
  /** This stack's port whose XCF link leads to the peer. */
  port: string;
  name: string;
  xcf: string;
  /** The peer reaches the external network (it can be a gateway). */
  hasNet: boolean;
}

export interface StackActorConfig {
  name: string;
  xcfAddr: string;
  /** Present when the stack reaches the network; its link is the port 'net'. */
  externalAddr?: string;
  /** Where RIP advertisements of owned DVIPAs go. */
  routerAddr: string;
  profile: string;
  apps: StackAppConfig[];
  peers: StackPeerConfig[];
  /** XCF status interval: how often the stack tells the group it is alive. */
  statusIntervalUs: number;
  /** Representative IPsec header size taken off the MSS of IPsec connections (source, Fig. 6 text). */
  mssReduction: number;
  tcp?: Partial<TcpConfig>;
  /** See Scenario.mode: the source's design, or one of the comparison modes. */
  mode?: 'default' | 'no-recovery' | 'not-distributed';
  /** Sysplex-wide IPsec policy for the DVIPAs (absent: no IPsec). */
  ipsec?: IpsecPolicyConfig;
}

export const CF_PORT = 'cf';
export const NET_PORT = 'net';
