import { describe, expect, it } from 'vitest';
import { encodeCfFrame } from '../../nodes/cf/codec';
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
    expect(d.layers[0]!.fields.some((f) => f.name === 'app' && f.value === 'APP A')).toBe(true);
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
