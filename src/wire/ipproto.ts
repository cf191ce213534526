// IANA "Assigned Internet Protocol Numbers" used by the emulator: the IPv4 Protocol field
// (RFC 791 §3.1) and the ESP Next Header field (RFC 4303 §2.6) share this space.
export const IPPROTO = {
  ICMP: 1,
  IPV4: 4, // IP-in-IP: ESP tunnel mode (RFC 4303 §3.1.2)
  TCP: 6,
  UDP: 17,
  GRE: 47,
  ESP: 50,
  NONE: 59, // "No Next Header": ESP dummy packets (RFC 4303 §2.6)
} as const;

const NAMES: Record<number, string> = {
  1: 'ICMP',
  4: 'IPv4',
  6: 'TCP',
  17: 'UDP',
  47: 'GRE',
  50: 'ESP',
  59: 'No Next Header',
};

export function ipprotoName(p: number): string {
  return NAMES[p] ?? `protocol ${p}`;
}
