import type { IpsecSpec, Scenario } from '../types';

// What the presets and generated sysplexes share: the coupling facility, the network router, the
// latencies, the failure detection delay, the workload, and the demonstration IPsec policy.

export const SYSPLEX_DEFAULTS = {
  cf: { name: 'CF01', structure: 'EZBDVIPA' },
  router: { name: 'Router', addr: '198.51.100.1' },
  xcfLatencyUs: 50,
  externalLatencyUs: 2_000,
  failureDetectionUs: 500_000,
  workload: {
    startUs: 200_000,
    staggerUs: 10_000,
    requestBytes: 200,
    requestsPerConnection: 0,
    intervalUs: 100_000,
    stopUs: null,
  },
} satisfies Pick<
  Scenario,
  'cf' | 'router' | 'xcfLatencyUs' | 'externalLatencyUs' | 'failureDetectionUs' | 'workload'
>;

/** The demonstration policy: AES-GCM-128 ESP for these DVIPA:ports, one pre-shared key. */
export function demoIpsec(protect: { dvipa: string; port: number }[]): IpsecSpec {
  return { psk: 'sysplex-demo-psk', cipher: 'aes-gcm-16-128', protect };
}
