import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../../runtime/in-process';
import { figure9 } from '../../scenario/presets/figure9';
import { buildWorld } from '../../scenario/world';
import { collectEspKeys, collectIkeKeys } from '../../store/derive/sas';
import { inspectFrame } from './inspect';

// The inspector on Figure 9's real frames, with the keys the stack views hold: ESP decrypts to
// TCP, IKE's Encrypted payload opens.

describe('inspecting Figure 9 frames with the views keys', () => {
  it('decrypts ESP and opens IKE_AUTH', async () => {
    const rt = new InProcessRuntime();
    await rt.load(buildWorld(figure9));
    await rt.run({ time: 400_000 });
    const states = (await rt.views()).filter((v) => v.kind === 'stack').map((v) => v.state);
    const esp = collectEspKeys(states);
    const ike = collectIkeKeys(states);
    const inspect = (b: Uint8Array) =>
      inspectFrame(
        b,
        (spi) => (esp.has(spi) ? { keyMaterial: esp.get(spi)! } : undefined),
        (i, r) => ike.get(`${i}/${r}`),
      );
    const frames = rt.records().filter((r) => r.kind === 'frame' && r.frame && r.frame[0] === 0x45);
    const espFrame = frames.find((r) => r.frame![9] === 50)!;
    const d = inspect(espFrame.frame!);
    expect(d.layers.map((l) => l.protocol).slice(0, 3)).toEqual(['IPv4', 'ESP', 'TCP']);
    expect(d.layers[1]!.fields.find((f) => f.name === 'ICV')!.value).toMatch(/\[verified\]$/);

    const auth = frames
      .map((r) => inspect(r.frame!).layers.find((l) => l.protocol === 'IKEv2'))
      .find((l) => l?.summary.startsWith('IKE_AUTH'));
    expect(auth?.summary).toMatch(/→ \[.*AUTH.*\]/);
    expect(auth?.fields.find((f) => f.name === 'Payload SK')?.value).toMatch(/ICV verified/);
    // The peers identify by address (ID_IPV4_ADDR, RFC 7296 §3.5): shown as one, not as text.
    const sk = auth!.fields.find((f) => f.name === 'Payload SK')!;
    const ids = (sk.children ?? []).filter((f) => f.name === 'IDi' || f.name === 'IDr').map((f) => f.value);
    expect(ids.length).toBeGreaterThan(0);
    for (const v of ids) expect(v).toMatch(/^ID_IPV4_ADDR \d+\.\d+\.\d+\.\d+$/);
  });
});
