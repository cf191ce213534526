import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../wire/bytes';
import { createEspSa } from '../../wire/esp';
import { sealEspTcp } from '../../wire/esp-ipv4';
import { espSaFile } from '../../wire/esp-sa-export';
import { writePcap } from '../../wire/pcap';
import { TCP_FLAGS, type TcpSegment } from '../../wire/tcp';
import { testIpHeader } from '../../wire/testing/ip-header';
import { nodeAead } from './aead-node';

// The independent oracle (DESIGN.md §5): Wireshark's own ESP dissector decrypts a capture we wrote
// with the esp_sa file we exported, and must find every RFC 4106 ICV and every inner TCP checksum
// good. tshark is required: CI installs it; without it this test fails rather than skips.
const repoRoot = resolve(__dirname, '..', '..', '..');
const oracle = resolve(repoRoot, '..', 'shared', 'oracles', 'esp-wireshark-check.sh');

const CLIENT = '198.51.100.7';
const DVIPA = '203.0.113.11';

const ipHeader = (src: string, dst: string, id: number) => testIpHeader(id, src, dst);

describe('Wireshark oracle (tshark + ../shared/oracles/esp-wireshark-check.sh)', () => {
  it('verifies every ESP frame of an exported two-way capture: ICV good, inner TCP checksum good', () => {
    const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
    if (tshark.error || tshark.status !== 0)
      throw new Error(
        'tshark is not installed: apt-get install -y tshark (CI installs it; this test does not skip)',
      );

    // One SA per direction, AES-128 one way and AES-256 the other (key ‖ salt).
    const kmIn = fromHex('4c80cdefbb5d10da906ac73c3613a634' + '2e443b68')!;
    const kmOut = fromHex('abbccddef00112233445566778899aababbccddef00112233445566778899aab' + '11223344')!;
    const toDvipa = createEspSa(nodeAead, { spi: 0x1000abcd, keyMaterial: kmIn });
    const toClient = createEspSa(nodeAead, { spi: 0x2000beef, keyMaterial: kmOut });

    const enc = new TextEncoder();
    const base = { window: 65535, urgent: 0 };
    const c = { srcPort: 40001, dstPort: 60 };
    const s = { srcPort: 60, dstPort: 40001 };
    const flows: [boolean, TcpSegment][] = [
      [
        true,
        { ...c, ...base, seq: 1000, ack: 0, flags: TCP_FLAGS.SYN, mss: 1400, payload: new Uint8Array(0) },
      ],
      [
        false,
        {
          ...s,
          ...base,
          seq: 5000,
          ack: 1001,
          flags: TCP_FLAGS.SYN | TCP_FLAGS.ACK,
          mss: 1400,
          payload: new Uint8Array(0),
        },
      ],
      [true, { ...c, ...base, seq: 1001, ack: 5001, flags: TCP_FLAGS.ACK, payload: new Uint8Array(0) }],
      [
        true,
        {
          ...c,
          ...base,
          seq: 1001,
          ack: 5001,
          flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
          payload: enc.encode('GET /app-a\r\n'),
        },
      ],
      [
        false,
        {
          ...s,
          ...base,
          seq: 5001,
          ack: 1013,
          flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
          payload: new Uint8Array(1200).map((_, i) => i),
        },
      ],
      [
        false,
        {
          ...s,
          ...base,
          seq: 6201,
          ack: 1013,
          flags: TCP_FLAGS.ACK | TCP_FLAGS.PSH,
          payload: enc.encode('served by MVS2'),
        },
      ],
      [
        true,
        {
          ...c,
          ...base,
          seq: 1013,
          ack: 6215,
          flags: TCP_FLAGS.ACK | TCP_FLAGS.FIN,
          payload: new Uint8Array(0),
        },
      ],
      [
        false,
        {
          ...s,
          ...base,
          seq: 6215,
          ack: 1014,
          flags: TCP_FLAGS.ACK | TCP_FLAGS.FIN,
          payload: new Uint8Array(0),
        },
      ],
    ];
    const records = flows.map(([up, seg], i) => {
      const r = up
        ? sealEspTcp(toDvipa, ipHeader(CLIENT, DVIPA, i + 1), seg)
        : sealEspTcp(toClient, ipHeader(DVIPA, CLIENT, i + 1), seg);
      if (!r.ok) throw new Error(r.error.message);
      return { timeUs: 1_000_000 + i * 1500, data: r.value };
    });

    const dir = mkdtempSync(join(tmpdir(), 'esp-oracle-'));
    try {
      const cap = join(dir, 'esp.pcap');
      const sa = join(dir, 'esp_sa');
      writeFileSync(cap, writePcap(records));
      writeFileSync(
        sa,
        espSaFile([
          { src: CLIENT, dst: DVIPA, spi: toDvipa.spi, keyMaterial: toDvipa.keyMaterial },
          { src: DVIPA, dst: CLIENT, spi: toClient.spi, keyMaterial: toClient.keyMaterial },
        ]),
      );
      const run = spawnSync(oracle, [cap, sa], { encoding: 'utf8' });
      const out = `${run.stdout}\n${run.stderr}`;
      expect(run.status, out).toBe(0);
      const frames = run.stdout
        .split('\n')
        .filter((l) => /^\d+ 0x/.test(l))
        .map((l) => l.split(' '));
      expect(frames, out).toHaveLength(flows.length);
      for (const [frame, spi, , icvGood, icvBad, nextHeader, tcpSum] of frames) {
        expect({ frame, spi, icvGood, icvBad, nextHeader, tcpSum }, out).toMatchObject({
          icvGood: '1',
          icvBad: '0',
          nextHeader: '0x06',
          tcpSum: '1',
        });
      }
      expect(out).toContain(`${flows.length} ESP frames, ${flows.length} verified, 0 not verified`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
