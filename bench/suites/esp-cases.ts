// The ESP benchmark cases, shared by the Node suite (esp.ts) and the Chromium page
// (bench/pages/esp-bench.ts); no Node or DOM APIs here. Exports no `suite`: not run on its own.
//
// "full": the whole packet path of a stack — a TCP segment with `size` payload bytes, checksummed,
// ESP-sealed in transport mode under an IPv4 header, then the outer header decoded, the SA looked
// up, the replay window checked, the ESP opened and the TCP checksum verified.
// "bare": the provider's AES-GCM seal + open of the same number of plaintext bytes (TCP header,
// payload, ESP trailer), nothing else. Both process `batch` packets per call: 1 for synchronous
// providers, more for async ones (a burst in flight at once, as a worker would have).
import { gcm } from '@noble/ciphers/aes.js';
import { type AeadProvider, isPromise } from '../../src/wire/aead';
import { nobleAead } from '../../src/wire/aead-noble';
import { createEspSa, type EspSa, espPadLength } from '../../src/wire/esp';
import { openEspIpv4, sealEspTcp } from '../../src/wire/esp-ipv4';
import { decodeTcpFull, TCP_FLAGS, type TcpSegment } from '../../src/wire/tcp';

export const ESP_SIZES = [64, 512, 1400] as const;

const KM128 = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff);
const SRC = '198.51.100.7';
const DST = '203.0.113.11';
const IP = {
  dscp: 0,
  ecn: 0,
  id: 1,
  dontFragment: true,
  moreFragments: false,
  fragmentOffset: 0,
  ttl: 64,
  src: SRC,
  dst: DST,
};

export interface EspCase {
  size: number;
  batch: number;
  full: () => unknown | Promise<unknown>;
  bare: () => unknown | Promise<unknown>;
}

function fail(msg: string): never {
  throw new Error(`esp bench: ${msg}`);
}

export async function espCase(provider: AeadProvider, size: number, batch: number): Promise<EspCase> {
  const spi = 0x1000abcd;
  const out: EspSa = await createEspSa(provider, { spi, keyMaterial: KM128, replayWindow: 1024 });
  const inb: EspSa = await createEspSa(provider, { spi, keyMaterial: KM128, replayWindow: 1024 });
  const lookup = (s: number) => (s === spi ? inb : undefined);
  const seg: TcpSegment = {
    srcPort: 40001,
    dstPort: 60,
    seq: 1,
    ack: 1,
    flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
    window: 65535,
    urgent: 0,
    payload: Uint8Array.from({ length: size }, (_, i) => i & 0xff),
  };
  const checkOpened = (r: Awaited<ReturnType<typeof openEspIpv4>>) => {
    if (!r.ok) fail(r.error.message);
    const t = decodeTcpFull(r.value.esp.payload, r.value.ip.src, r.value.ip.dst);
    if (!t.ok || t.value.payload.length !== size) fail('TCP did not verify');
  };

  // Once, untimed: this provider's packet is noble's, byte for byte (in Chromium the route WebCrypto
  // takes, its encrypt() output grown into the packet, is exercised nowhere else).
  const same = await Promise.all(
    [provider, nobleAead].map(async (p) => {
      const sa: EspSa = await createEspSa(p, { spi, keyMaterial: KM128 });
      const r = await sealEspTcp(sa, IP, seg);
      return r.ok
        ? Array.from(r.value, (b) => b.toString(16).padStart(2, '0')).join('')
        : fail(r.error.message);
    }),
  );
  if (same[0] !== same[1]) fail(`${provider.name} and noble seal different bytes`);

  const ptLength = 20 + size + espPadLength(20 + size) + 2;
  const key = await provider.prepareKey(KM128.subarray(0, 16));
  const nonce = new Uint8Array(12).fill(7);
  const aad = new Uint8Array(8).fill(1);
  const pt = new Uint8Array(ptLength).fill(3);

  const probe = key.seal(nonce, aad, pt);
  if (!isPromise(probe)) {
    if (batch !== 1) fail('synchronous providers run with batch 1');
    return {
      size,
      batch,
      full: () => {
        const p = sealEspTcp(out, IP, seg);
        if (isPromise(p)) fail('unexpected promise');
        if (!p.ok) fail(p.error.message);
        const r = openEspIpv4(lookup, p.value);
        if (isPromise(r)) fail('unexpected promise');
        checkOpened(r);
      },
      bare: () => {
        const ct = key.seal(nonce, aad, pt) as Uint8Array;
        if (key.open(nonce, aad, ct) === null) fail('bare open failed');
      },
    };
  }
  await probe;
  const n = Array.from({ length: batch });
  return {
    size,
    batch,
    full: async () => {
      const sealed = await Promise.all(n.map(() => sealEspTcp(out, IP, seg)));
      const opened = await Promise.all(
        sealed.map((p) => (p.ok ? openEspIpv4(lookup, p.value) : fail(p.error.message))),
      );
      for (const r of opened) checkOpened(r);
    },
    bare: async () => {
      const cts = await Promise.all(n.map(() => key.seal(nonce, aad, pt)));
      const pts = await Promise.all(cts.map((ct) => key.open(nonce, aad, ct)));
      if (pts.some((x) => x === null)) fail('bare open failed');
    },
  };
}

/**
 * The noble provider's prepared key (KeyedGcm: key schedule and GHASH table kept) against the
 * library's `gcm(key, nonce, aad)` per packet, as the provider called it before: seal + open of
 * `size` plaintext bytes each. Checks once that both give the same bytes.
 */
export function keyedCase(size: number): { keyed: () => void; library: () => void } {
  const keyBytes = KM128.subarray(0, 16);
  const key = nobleAead.prepareKey(keyBytes);
  const nonce = new Uint8Array(12).fill(7);
  const aad = new Uint8Array(8).fill(1);
  const pt = new Uint8Array(size).fill(3);
  const a = key.seal(nonce, aad, pt) as Uint8Array;
  const b = gcm(keyBytes, nonce, aad).encrypt(pt);
  if (a.length !== b.length || a.some((x, i) => x !== b[i]))
    fail('the prepared key and gcm() seal different bytes');
  return {
    keyed: () => {
      const ct = key.seal(nonce, aad, pt) as Uint8Array;
      if (key.open(nonce, aad, ct) === null) fail('prepared-key open failed');
    },
    library: () => {
      const ct = gcm(keyBytes, nonce, aad).encrypt(pt);
      gcm(keyBytes, nonce, aad).decrypt(ct);
    },
  };
}
