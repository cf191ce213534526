import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { fromHex } from '../wire/bytes';
import { createEspSa, espOpen } from '../wire/esp';
import { readPcap } from '../wire/pcap';
import { actorKinds } from './actor-kinds';
import { type Capture, captureRun, frameClass } from './capture';
import { nodeAead } from './crypto/aead-node';
import { InMemorySoloWorker } from './in-memory-solo-worker';
import { InMemoryWorker } from './in-memory-worker';
import { InProcessRuntime } from './in-process';
import type { Runtime } from './runtime';
import { ScenarioRun } from './scenario-run';
import { SoloWorkerRuntime } from './solo-worker-runtime';
import { WorkerRuntime } from './worker-runtime';

// The key files of a capture must hold every SA a packet in it used, not only the SAs alive at the
// end: after a takeover and a takeback, the first SAs (MVS1's, gone with its crash) and the
// takeover's (MVS5's, deleted at the takeback) protected packets of the capture too. Checked on
// the browser's path (the solo Worker, here in memory, driven as the store drives it: acts at the
// current point, not scenario faults) by opening every ESP frame with the exported esp_sa keys and
// finding every encrypted IKE message's SA in the exported ikev2_decryption_table.

/** SPI → key material, per outer (src, dst), from an esp_sa file. */
function espSaKeys(file: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const line of file.split('\n').filter(Boolean)) {
    const f = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    out.set(`${f[1]} ${f[2]} ${Number.parseInt(f[3]!, 16)}`, fromHex(f[5]!.slice(2))!);
  }
  return out;
}

const ip = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const u32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** How many ESP frames open with the exported keys, and how many encrypted IKE messages have theirs. */
function check(cap: Capture) {
  const file = readPcap(cap.pcap);
  if (!file.ok) throw new Error(file.error.message);
  const esp = espSaKeys(cap.espSa);
  const ike = new Set(
    cap.ikev2
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(',').slice(0, 2).join(',')),
  );
  const n = { esp: 0, espOpened: 0, ikeEncrypted: 0, ikeKnown: 0 };
  for (const { data } of file.value.records) {
    const ihl = (data[0]! & 0x0f) * 4;
    const cls = frameClass(data);
    if (cls === 'esp') {
      n.esp++;
      const km = esp.get(`${ip(data, 12)} ${ip(data, 16)} ${u32(data, ihl)}`);
      if (!km) continue;
      const sa = createEspSa(nodeAead, { spi: u32(data, ihl), keyMaterial: km });
      if (espOpen(sa, data.subarray(ihl)).ok) n.espOpened++;
    } else if (cls === 'ike') {
      // UDP header, then the IKE header (RFC 7296 §3.1): SPIs, next payload, version, exchange type.
      let at = ihl + 8;
      if (((data[ihl + 2]! << 8) | data[ihl + 3]!) === 4500) at += 4; // non-ESP marker
      if (data[at + 16] === 46) {
        n.ikeEncrypted++; // an SK payload first: encrypted
        if (ike.has(`${hex(data.subarray(at, at + 8))},${hex(data.subarray(at + 8, at + 16))}`)) n.ikeKnown++;
      }
    }
  }
  return n;
}

/** Figure 9 with MVS1 killed at 1 s and restarted at 3 s, as the UI's acts, run to 4 s. */
async function failoverCapture(runtime: Runtime): Promise<Capture> {
  const run = new ScenarioRun(runtime);
  await run.load(figure9);
  await run.run({ time: 1_000_000 });
  await run.act({ node: 'MVS1', action: 'kill' });
  await run.run({ time: 3_000_000 });
  await run.act({ node: 'MVS1', action: 'restart' });
  await run.run({ time: 4_000_000 });
  const cap = await captureRun(runtime);
  runtime.dispose();
  return cap;
}

const TRACE = { traceLimit: 1_000_000 };

describe('the key files of a capture after a takeover and a takeback', () => {
  it('the solo Worker (the browser): every ESP frame opens with the exported keys, every IKE SA is there', async () => {
    const n = check(
      await failoverCapture(new SoloWorkerRuntime(() => new InMemorySoloWorker(actorKinds), TRACE)),
    );
    expect(n.esp).toBeGreaterThan(900);
    expect(n.espOpened).toBe(n.esp);
    // IKE_AUTH at the start, again by the backup at the takeover and by MVS1 at the takeback.
    expect(n.ikeEncrypted).toBeGreaterThanOrEqual(8);
    expect(n.ikeKnown).toBe(n.ikeEncrypted);
  });

  it('in-process and on a pool of Workers: the same capture, byte for byte', async () => {
    const a = await failoverCapture(new InProcessRuntime(actorKinds, TRACE));
    const b = await failoverCapture(new WorkerRuntime(() => new InMemoryWorker(actorKinds), TRACE));
    const n = check(a);
    expect(n.espOpened).toBe(n.esp);
    expect(n.ikeKnown).toBe(n.ikeEncrypted);
    expect(b).toEqual(a);
  });
});
