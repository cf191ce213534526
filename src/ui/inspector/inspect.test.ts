import { describe, expect, it } from 'vitest';
import { encodeCfFrame } from '../../nodes/cf/codec';
import type { DissectField } from '../../wire/dissect';
import { encodeXcf } from '../../wire/xcf';
import { inspectFrame } from './inspect';

describe('inspectFrame', () => {
  it('decodes XCF frames with header ranges', () => {
    const b = encodeXcf({
      type: 'SRVSTAT',
      sender: 0x0aff0002,
      dvipa: 0xcb00710b,
      port: 60,
      ready: true,
      app: 'APP A',
    });
    const d = inspectFrame(b);
    expect(d.layers[0]!.protocol).toBe('XCF');
    expect(d.layers[0]!.summary).toBe('SRVSTAT');
    expect(d.layers[0]!.fields.find((f) => f.name === 'Sender XCF')).toMatchObject({
      value: '10.255.0.2',
      range: [8, 12],
    });
    expect(d.layers[0]!.fields.find((f) => f.name === 'DVIPA')?.value).toBe('203.0.113.11');
    expect(d.layers[0]!.fields.find((f) => f.name === 'Application')?.value).toBe('APP A');
  });

  it('shows a VIPA list with dotted addresses and readable destinations, never [object Object]', () => {
    const b = encodeXcf(
      {
        type: 'VIPA_LIST',
        sender: 0x0aff0001,
        entries: [
          {
            dvipa: 0xcb00710b,
            mask: 0xffffff00,
            owner: 0x0aff0001,
            distMethod: 'HOTSTANDBY',
            ports: [60, 61],
            destAll: false,
            dests: [
              { xcf: 0x0aff0002, weight: 1, standbyRank: 0 },
              { xcf: 0x0aff0003, weight: 2, standbyRank: 1 },
            ],
            backups: [{ xcf: 0x0aff0004, rank: 100 }],
            ipsec: true,
          },
        ],
      },
      0x0aff0005,
    );
    const fields = inspectFrame(b).layers[0]!.fields;
    const flat = (fs: readonly DissectField[]): DissectField[] =>
      fs.flatMap((f) => [f, ...flat(f.children ?? [])]);
    const all = flat(fields);
    const text = all.map((f) => `${f.name}: ${f.value}`).join('\n');
    expect(text).not.toMatch(/object Object/);
    // No address as a bare integer (0xcb00710b is 3405803787).
    expect(text).not.toMatch(/\d{7,}/);
    expect(fields.find((f) => f.name === 'Target XCF')).toMatchObject({
      value: '10.255.0.5',
      range: [12, 16],
    });
    const entry = all.find((f) => f.name === 'DVIPA 203.0.113.11')!;
    expect(entry.value).toBe('HOTSTANDBY, owner 10.255.0.1, IPsec');
    const child = (name: string) => entry.children!.find((f) => f.name === name);
    expect(child('Mask')?.value).toBe('255.255.255.0');
    expect(child('Ports')?.value).toBe('60, 61');
    expect(child('Destinations')!.children!.map((f) => f.value)).toEqual([
      '10.255.0.2 weight 1',
      '10.255.0.3 weight 2, standby rank 1',
    ]);
    expect(child('Backups')!.children!.map((f) => f.value)).toEqual(['10.255.0.4 rank 100']);
  });

  it('decodes CF frames', () => {
    const d = inspectFrame(encodeCfFrame({ t: 'req', id: 3, req: { op: 'claim', dvipa: 1 } }));
    expect(d.layers[0]).toMatchObject({ protocol: 'CF', summary: 'request claim' });
  });

  it('says why it stops on ESP without keys', () => {
    const b = new Uint8Array(20 + 40);
    b.set([0x45, 0, 0, 60, 0, 0, 0, 0, 64, 50], 0);
    b.set([198, 51, 100, 7, 203, 0, 113, 11], 12);
    b.set([0xc0, 0xff, 0xee, 0x01, 0, 0, 0, 1], 20);
    const d = inspectFrame(b);
    const esp = d.layers.find((l) => l.protocol === 'ESP')!;
    expect(esp.fields.map((f) => f.name)).toEqual(['SPI', 'Sequence number', 'IV', 'Encrypted data', 'ICV']);
    expect(esp.problem?.kind).toBe('no-sa');
  });
});
