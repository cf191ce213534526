import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../../runtime/in-process';
import { figure9 } from '../../scenario/presets/figure9';
import { buildWorld } from '../../scenario/world';
import { collectEspKeys, collectIkeKeys } from '../../store/derive/sas';
import { setRuntimeFactory } from '../../store/session';
import { useAppStore } from '../../store/store';
import { inspectArrival, inspectFrame } from './inspect';

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

describe('inspecting a packet the node dropped', () => {
  it('no-recovery: an ESP packet MVS5 held no SA for shows the drop and no SA, never a verified ICV', async () => {
    setRuntimeFactory(() => new InProcessRuntime());
    const st = () => useAppStore.getState();
    const kill = { atUs: 1_000_000, node: 'MVS1', action: 'kill' as const };
    await st().loadScenario({ ...figure9, mode: 'no-recovery', faults: [kill] });
    st().setPhaseTarget('takeover-complete');
    await st().runToPhase();
    await st().seek(st().status.eventIndex + 3_000);
    const rows = st().rows(0, st().trace.count);
    const drop = rows.find((r) => r.node === 'MVS5' && r.summary.startsWith('drop (esp-unknown-spi)'))!;
    expect(drop.kind).toBe('drop');
    const arrival = rows.find((r) => r.event === drop.event && r.kind === 'frame')!;
    expect(arrival.node).toBe('MVS5');

    await st().selectRecord(arrival.index);
    expect(st().dropOf(arrival)?.index).toBe(drop.index);
    const esp = inspectArrival(arrival.frame!, arrival.node, st().views).layers.find(
      (l) => l.protocol === 'ESP',
    )!;
    expect(esp.problem?.kind).toBe('no-sa');
    expect(esp.fields.find((f) => f.name === 'ICV')!.value).not.toMatch(/verified/);
    // A packet MVS5 did accept opens with its own inbound SA.
    const accepted = st()
      .rows(0, st().trace.count)
      .find((r) => r.node === 'MVS5' && r.kind === 'frame' && r.frame?.[9] === 50 && !st().dropOf(r));
    expect(accepted).toBeDefined();
    await st().selectRecord(accepted!.index);
    const open = inspectArrival(accepted!.frame!, 'MVS5', st().views).layers.find(
      (l) => l.protocol === 'ESP',
    )!;
    expect(open.fields.find((f) => f.name === 'ICV')!.value).toMatch(/\[verified\]$/);
  });
});
