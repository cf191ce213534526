import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIkeEngine } from './engine';
import type { IkeDatagram, IkeEvent, IkePeerConfig } from './engine-types';
import { type HarnessNode, newHarness, newNode, request, run } from './harness';
import { idIpv4 } from './identity';
import { espSaTableLines, ikev2DecryptionTable, ikev2DecryptionTableLine } from './wireshark';

const TSHARK = '/usr/bin/tshark';
const PEER = '198.51.100.7';
const DVIPA = '203.0.113.11';

// ---- a minimal IPv4 + UDP encoder and a classic pcap writer, for this test only ------------------
const ip4 = (a: string) => a.split('.').map(Number);
function ipv4Udp(d: IkeDatagram, id: number): Uint8Array {
  const udpLen = 8 + d.bytes.length;
  const b = new Uint8Array(20 + udpLen);
  const v = new DataView(b.buffer);
  b[0] = 0x45;
  v.setUint16(2, b.length);
  v.setUint16(4, id);
  b[8] = 64;
  b[9] = 17;
  b.set(ip4(d.from.addr), 12);
  b.set(ip4(d.to.addr), 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += v.getUint16(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  v.setUint16(10, ~sum & 0xffff);
  v.setUint16(20, d.from.port);
  v.setUint16(22, d.to.port);
  v.setUint16(24, udpLen); // UDP checksum 0 = none (RFC 768, IPv4)
  b.set(d.bytes, 28);
  return b;
}
function pcap(packets: { atUs: number; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const gh = new DataView(new ArrayBuffer(24));
  gh.setUint32(0, 0xa1b2c3d4, true);
  gh.setUint16(4, 2, true);
  gh.setUint16(6, 4, true);
  gh.setUint32(16, 65535, true);
  gh.setUint32(20, 101, true); // LINKTYPE_RAW
  parts.push(new Uint8Array(gh.buffer));
  for (const p of packets) {
    const rh = new DataView(new ArrayBuffer(16));
    rh.setUint32(0, Math.floor(p.atUs / 1e6), true);
    rh.setUint32(4, p.atUs % 1e6, true);
    rh.setUint32(8, p.data.length, true);
    rh.setUint32(12, p.data.length, true);
    parts.push(new Uint8Array(rh.buffer), p.data);
  }
  return Uint8Array.from(parts.flatMap((x) => [...x]));
}

const cfg = (local: string, remote: string): IkePeerConfig => ({
  localAddr: local,
  remoteAddr: remote,
  localId: idIpv4(local),
  remoteId: idIpv4(remote),
  psk: new TextEncoder().encode('sysplex-secret'),
  ikeCiphers: ['aes-gcm-16-256', 'aes-gcm-16-128'],
  espCiphers: ['aes-gcm-16-128'],
});

const dir = mkdtempSync(join(tmpdir(), 'ikev2-ws-'));
afterAll(() => (process.env.KEEP_WS ? undefined : rmSync(dir, { recursive: true, force: true })));

describe('Wireshark decrypts the exported IKEv2 traffic', () => {
  it('formats ikev2_decryption_table lines in the UAT field order', () => {
    const line = ikev2DecryptionTableLine({
      spiI: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8),
      spiR: new Uint8Array(8).fill(0xff),
      cipher: 'aes-gcm-16-128',
      keys: {
        skD: new Uint8Array(32),
        skAi: new Uint8Array(0),
        skAr: new Uint8Array(0),
        skEi: new Uint8Array(20).fill(0xaa),
        skEr: new Uint8Array(20).fill(0xbb),
        skPi: new Uint8Array(32),
        skPr: new Uint8Array(32),
      },
    });
    expect(line).toBe(
      `0102030405060708,ffffffffffffffff,${'aa'.repeat(20)},${'bb'.repeat(20)},"AES-GCM-128 with 16 octet ICV [RFC5282]",,,"NONE [RFC4306]"`,
    );
  });

  it('tshark dissects every message of a full exchange without errors and decrypts the SK payloads', () => {
    if (!existsSync(TSHARK)) throw new Error(`tshark not found at ${TSHARK}: apt-get install -y tshark`);
    const peer = newNode('peer', [PEER], createIkeEngine({ peers: [cfg(PEER, DVIPA)] }), 11);
    const stack = newNode('mvs1', [DVIPA], createIkeEngine({ peers: [cfg(DVIPA, PEER)] }), 12);
    const h = newHarness([peer, stack]);
    request(h, peer, { kind: 'connect', localAddr: PEER, remoteAddr: DVIPA });
    run(h);
    const first = peer.events.find((e) => e.kind === 'child-sa-installed');
    if (first?.kind !== 'child-sa-installed') throw new Error('no child SA');
    request(h, peer, { kind: 'rekey-child', spiIn: first.child.spiIn, pfs: true });
    run(h);
    request(h, stack, { kind: 'liveness', ikeSaId: stack.state.sas[0]!.id });
    run(h);
    request(h, peer, { kind: 'delete-ike', ikeSaId: peer.state.sas[0]!.id });
    run(h);
    expect(h.wire.length).toBe(12);

    const established = (n: HarnessNode) =>
      n.events.filter(
        (e): e is Extract<IkeEvent, { kind: 'ike-sa-established' }> => e.kind === 'ike-sa-established',
      );
    const capture = join(dir, 'ike.pcap');
    writeFileSync(capture, pcap(h.wire.map((w, i) => ({ atUs: w.at, data: ipv4Udp(w.d, i + 1) }))));
    writeFileSync(join(dir, 'ikev2_decryption_table'), ikev2DecryptionTable(established(peer)));
    writeFileSync(join(dir, 'esp_sa'), `${espSaTableLines(first.child).join('\n')}\n`);
    writeFileSync(join(dir, 'preferences'), 'udp.check_checksum: FALSE\nip.check_checksum: TRUE\n');
    const env = { ...process.env, WIRESHARK_CONFIG_DIR: dir };

    const tshark = (args: string[]) => {
      const r = spawnSync(TSHARK, ['-r', capture, ...args], { env, encoding: 'utf8' });
      expect(r.stderr.replace(/Running as user.*\n?/, '')).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    };
    const verbose = tshark(['-V']);
    expect(verbose).not.toMatch(/Malformed|Expert Info \(Error|Expert Info \(Warning/);
    expect(verbose).not.toMatch(/Decryption failed|not decrypted|ICD mismatch|Checksum: .*\[incorrect/i);
    // decrypted inner payloads of IKE_AUTH, CREATE_CHILD_SA and INFORMATIONAL
    expect(verbose).toMatch(/Identification - Initiator/);
    expect(verbose).toMatch(/Identification - Responder/);
    expect(verbose).toMatch(/Authentication \(39\)/);
    expect(verbose).toMatch(/INITIAL_CONTACT/);
    expect(verbose).toMatch(/REKEY_SA/);
    expect(verbose).toMatch(/Delete \(42\)/);
    expect(verbose).toMatch(/Traffic Selector - Initiator/);

    const fields = tshark([
      '-T',
      'fields',
      '-E',
      'separator=;',
      '-e',
      'frame.number',
      '-e',
      'isakmp.exchangetype',
      '-e',
      'isakmp.enc.pad_length', // present only once decrypted
      '-e',
      'isakmp.id.data.ipv4_addr',
      '-e',
      '_ws.expert.severity',
    ])
      .trim()
      .split('\n')
      .map((l) => l.split(';'));
    expect(fields).toHaveLength(12);
    expect(fields.map((f) => f[1])).toEqual([
      '34',
      '34',
      '35',
      '35',
      '36',
      '36',
      '37',
      '37',
      '37',
      '37',
      '37',
      '37',
    ]);
    // every encrypted message (all but IKE_SA_INIT) shows decrypted data; IKE_AUTH shows the identities
    for (const f of fields.slice(2)) expect(f[2], `frame ${f[0]}`).not.toBe('');
    for (const f of fields) expect(f[4], `expert info in frame ${f[0]}`).toBe('');
    expect(fields[2]![3]).toContain(PEER);
    expect(fields[3]![3]).toContain(DVIPA);
  });
});
