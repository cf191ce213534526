import { describe, expect, it } from 'vitest';
import { figure9 } from '../scenario/presets/figure9';
import { readPcap } from '../wire/pcap';
import { runHeadless } from './run-scenario';

describe('a headless run with capture', () => {
  it('has the key of every ESP frame in the capture, SAs replaced by the failover included', async () => {
    const scenario = {
      ...figure9,
      faults: [
        { atUs: 700_000, node: 'MVS1', action: 'kill' as const },
        { atUs: 1_800_000, node: 'MVS1', action: 'restart' as const },
      ],
    };
    const { metrics, capture, failures } = await runHeadless(scenario, 2_200_000, { capture: true });
    expect(failures).toEqual([]);
    expect(metrics.takeovers).toHaveLength(1);
    expect(metrics.takebacks).toHaveLength(1);
    const file = readPcap(capture!.pcap);
    if (!file.ok) throw new Error(file.error.message);
    const spis = new Set<string>();
    for (const { data } of file.value.records)
      if (data[9] === 50) {
        const o = (data[0]! & 0x0f) * 4;
        spis.add(`0x${[...data.subarray(o, o + 4)].map((b) => b.toString(16).padStart(2, '0')).join('')}`);
      }
    expect(spis.size > 0).toBe(metrics.frames.esp > 0);
    const missing = [...spis].filter((spi) => !capture!.espSa.includes(`"${spi}"`));
    expect(missing).toEqual([]);
  });
});
