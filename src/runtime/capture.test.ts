import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { ROUTER_ID } from '../scenario/world';
import type { NodeView } from '../sim/host';
import type { TraceRecord } from '../sim/types';
import { espSaLine } from '../wire/esp-sa-export';
import { LINKTYPE_RAW, readPcap } from '../wire/pcap';
import { buildCapture, captureRecords, captureRun, frameClass, isIpv4Frame, linkFrame } from './capture';
import { InProcessRuntime } from './in-process';
import { runMetrics } from './metrics';
import { collectKeys, KeyCollector } from './sa-keys';
import { ScenarioRun } from './scenario-run';

/** A bare IPv4 header (+ payload) with the given protocol. */
function ipv4(protocol: number, payload: number[] = []): Uint8Array {
  const f = new Uint8Array(20 + payload.length);
  f[0] = 0x45;
  f[9] = protocol;
  f.set(payload, 20);
  return f;
}
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const xcf = Uint8Array.from([...ascii('XC'), ...new Array(30).fill(1)]);
const cf = Uint8Array.from([...ascii('CF'), ...new Array(30).fill(1)]);

const rec = (r: Partial<TraceRecord>): TraceRecord => ({
  index: 0,
  event: 0,
  time: 0,
  node: 'MVS1',
  kind: 'frame',
  summary: '',
  ...r,
});

describe('which frames go into the capture', () => {
  it('takes IPv4, not the XCF and CF frames (whose "CF" reads like an IPv4 version nibble)', () => {
    expect(isIpv4Frame(ipv4(6))).toBe(true);
    expect(isIpv4Frame(xcf)).toBe(false);
    expect(isIpv4Frame(cf)).toBe(false);
    expect(isIpv4Frame(Uint8Array.of(0x45, 0))).toBe(false);
  });

  it('classes frames by what they carry', () => {
    expect(frameClass(ipv4(50))).toBe('esp');
    expect(frameClass(ipv4(47))).toBe('gre');
    expect(frameClass(ipv4(6))).toBe('tcp');
    expect(frameClass(ipv4(17, [0x01, 0xf4, 0x01, 0xf4]))).toBe('ike');
    expect(frameClass(ipv4(17, [0x11, 0x94, 0x01, 0xf4]))).toBe('ike');
    expect(frameClass(ipv4(17, [0x02, 0x08, 0x02, 0x08]))).toBe('udp');
    expect(frameClass(ipv4(1))).toBe('other-ip');
    expect(frameClass(cf)).toBe('non-ip');
  });

  it('takes each arrival once (a frame at a down node too), never the send, with its virtual time', () => {
    const tcp = ipv4(6);
    const gre = ipv4(47);
    const records = [
      rec({ kind: 'send', link: 'net:Client', frame: tcp, time: 5 }),
      rec({ kind: 'frame', link: 'net:Client', frame: tcp, time: 2_005, node: 'Router' }),
      rec({ kind: 'frame', link: 'net:MVS1', frame: tcp, time: 2_005 }),
      rec({ kind: 'frame', link: 'xcf:MVS1-MVS2', frame: xcf, time: 2_010 }),
      rec({ kind: 'drop', link: 'xcf:MVS1-MVS2', frame: gre, time: 2_060, summary: 'dropped …: node down' }),
      rec({ kind: 'note', frame: tcp, time: 2_070 }),
    ];
    expect(captureRecords(records)).toEqual([
      { timeUs: 2_005, data: tcp },
      { timeUs: 2_060, data: gre },
    ]);
  });
});

describe('key files', () => {
  const km = '00112233445566778899aabbccddeeff01020304';
  const stackView = (ipsec: unknown): NodeView => ({
    id: 'MVS1',
    kind: 'stack',
    up: true,
    failed: null,
    state: { ipsec },
  });
  const phase2 = [
    { spi: '0000c001', dir: 'in', local: '203.0.113.11', remote: '198.51.100.7', keyMaterial: km },
    { spi: '0000c002', dir: 'out', local: '203.0.113.11', remote: '198.51.100.7', keyMaterial: km },
  ];
  const phase1 = [
    {
      spiI: '0102030405060708',
      spiR: '1112131415161718',
      cipher: 'aes-gcm-16-128',
      skEi: 'aa'.repeat(20),
      skEr: 'bb'.repeat(20),
    },
  ];

  it('turns the views’ SA lists into esp_sa lines (direction → outer addresses) and IKEv2 table lines', () => {
    const keys = collectKeys([stackView({ phase1, phase2 })]);
    const cap = buildCapture([], keys);
    const bytes = Uint8Array.from(km.match(/../g)!, (h) => Number.parseInt(h, 16));
    expect(cap.espSa).toBe(
      `${espSaLine({ src: '198.51.100.7', dst: '203.0.113.11', spi: 0xc001, keyMaterial: bytes })}\n` +
        `${espSaLine({ src: '203.0.113.11', dst: '198.51.100.7', spi: 0xc002, keyMaterial: bytes })}\n`,
    );
    const ikeLines = cap.ikev2.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ikeLines).toEqual([
      `0102030405060708,1112131415161718,${'aa'.repeat(20)},${'bb'.repeat(20)},"AES-GCM-128 with 16 octet ICV [RFC5282]",,,"NONE [RFC4306]"`,
    ]);
  });

  it('keeps each SA once across both ends and samples, and skips what it cannot read', () => {
    const c = new KeyCollector();
    c.add([
      stackView({ phase1, phase2 }),
      { ...stackView({ phase2: [phase2[1]] }), id: 'Client', kind: 'peer' },
    ]);
    c.add([
      stackView({
        phase1: [{ ...phase1[0], skEi: null }],
        phase2: [{ ...phase2[0], keyMaterial: 'xyz' }, 7],
      }),
    ]);
    expect(c.keys.esp).toHaveLength(2);
    expect(c.keys.ike).toHaveLength(1);
    expect(collectKeys([stackView(undefined), stackView({ phase1: 'no' })])).toEqual({ esp: [], ike: [] });
  });
});

describe('capture of a Figure 9 run', () => {
  it('holds every IPv4 frame that crossed a link, readable back, and keys exactly when there is ESP', async () => {
    const run = new ScenarioRun(new InProcessRuntime(undefined, { traceLimit: 1_000_000 }));
    await run.load({ ...figure9, faults: [{ atUs: 400_000, node: 'MVS1', action: 'kill' }] });
    await run.run({ time: 1_200_000 });
    const cap = await captureRun(run.runtime);
    const m = await runMetrics(run);
    // Each packet once: arrivals at the router are the first half of a routed hop.
    const once = run.runtime
      .records()
      .filter((r) => r.node !== ROUTER_ID && isIpv4Frame(linkFrame(r) ?? new Uint8Array())).length;
    expect(cap.frames).toBe(once);
    expect(cap.frames).toBeLessThan(m.frames.total - m.frames['non-ip']);
    expect(cap.frames).toBeGreaterThan(100);
    const file = readPcap(cap.pcap);
    if (!file.ok) throw new Error(file.error.message);
    expect(file.value.linkType).toBe(LINKTYPE_RAW);
    expect(file.value.records).toHaveLength(cap.frames);
    expect(file.value.records.every((r) => r.data[0]! >> 4 === 4)).toBe(true);
    const times = file.value.records.map((r) => r.timeUs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.at(-1)).toBeLessThanOrEqual(1_200_000);
    const esp = m.frames.esp + m.frames.ike;
    if (esp === 0) expect([cap.espSa, cap.ikev2]).toEqual(['', '']);
    else expect(cap.espSa).not.toBe('');
  });
});
