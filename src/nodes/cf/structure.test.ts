import { describe, expect, it } from 'vitest';
import type { Phase1Record, Phase2Record } from './records';
import { applyCfRequest, emptyStructure, recordCount } from './structure';

const DVA1 = 0xcb00710b;
const MVS1 = 0x0aff0001;
const MVS5 = 0x0aff0005;
const p1 = (id: string): Phase1Record => ({
  id,
  dvipa: DVA1,
  peerAddr: 0xc6336407,
  peerId: '198.51.100.7',
  localId: '203.0.113.11',
  proposal: 'AES-GCM-16-128/PRF-HMAC-SHA2-256/X25519',
  policy: 'DVA1-APP',
  spiI: '0011223344556677',
  spiR: '8899aabbccddeeff',
  negotiatedBy: MVS1,
});
const ts = { protocol: 6, startAddr: DVA1, endAddr: DVA1, startPort: 60, endPort: 60 };
const p2 = (id: string, phase1Id: string): Phase2Record => ({
  id,
  dvipa: DVA1,
  phase1Id,
  localTs: ts,
  remoteTs: { ...ts, startAddr: 0xc6336407, endAddr: 0xc6336407, startPort: 0, endPort: 65535 },
  inboundSpi: '1000abcd',
  outboundSpi: '2000abcd',
  protocol: 'ESP',
  mode: 'transport',
  transform: 'AES-GCM-16-128',
});

describe('EZBDVIPA structure', () => {
  it('holds correlated phase 1 and phase 2 records of the owner, and none after deletes', () => {
    const s = emptyStructure('EZBDVIPA');
    expect(applyCfRequest(s, MVS1, { op: 'claim', dvipa: DVA1 })).toMatchObject({
      ok: true,
      previousOwner: null,
    });
    expect(applyCfRequest(s, MVS1, { op: 'write-phase1', record: p1('a') }).ok).toBe(true);
    expect(applyCfRequest(s, MVS1, { op: 'write-phase2', record: p2('a.1', 'a') }).ok).toBe(true);
    expect(recordCount(s)).toBe(2);
    expect(applyCfRequest(s, MVS1, { op: 'delete-phase2', dvipa: DVA1, id: 'a.1' }).ok).toBe(true);
    expect(applyCfRequest(s, MVS1, { op: 'delete-phase1', dvipa: DVA1, id: 'a' }).ok).toBe(true);
    expect(recordCount(s)).toBe(0);
  });

  it('refuses a phase 2 record without its phase 1 correlation', () => {
    const s = emptyStructure('EZBDVIPA');
    applyCfRequest(s, MVS1, { op: 'claim', dvipa: DVA1 });
    expect(applyCfRequest(s, MVS1, { op: 'write-phase2', record: p2('x.1', 'x') })).toMatchObject({
      ok: false,
      reason: 'correlation',
    });
  });

  it('deleting a phase 1 record removes the phase 2 records correlated with it', () => {
    const s = emptyStructure('EZBDVIPA');
    applyCfRequest(s, MVS1, { op: 'claim', dvipa: DVA1 });
    applyCfRequest(s, MVS1, { op: 'write-phase1', record: p1('a') });
    applyCfRequest(s, MVS1, { op: 'write-phase2', record: p2('a.1', 'a') });
    applyCfRequest(s, MVS1, { op: 'write-phase2', record: p2('a.2', 'a') });
    applyCfRequest(s, MVS1, { op: 'delete-phase1', dvipa: DVA1, id: 'a' });
    expect(recordCount(s)).toBe(0);
  });

  it('keeps the entries stable once another stack claims the DVIPA (Fig. 15)', () => {
    const s = emptyStructure('EZBDVIPA');
    applyCfRequest(s, MVS5, { op: 'claim', dvipa: DVA1 });
    applyCfRequest(s, MVS5, { op: 'write-phase1', record: p1('b') });
    expect(applyCfRequest(s, MVS1, { op: 'claim', dvipa: DVA1 })).toMatchObject({
      ok: true,
      previousOwner: MVS5,
    });
    expect(applyCfRequest(s, MVS5, { op: 'delete-phase1', dvipa: DVA1, id: 'b' })).toMatchObject({
      ok: false,
      reason: 'not-owner',
    });
    expect(applyCfRequest(s, MVS5, { op: 'write-phase1', record: p1('c') })).toMatchObject({
      ok: false,
      reason: 'not-owner',
    });
    const read = applyCfRequest(s, MVS1, { op: 'read', dvipa: DVA1 });
    expect(read).toMatchObject({ ok: true, records: { owner: MVS1 } });
    expect(Object.keys((read as { records: { phase1: object } }).records.phase1)).toEqual(['b']);
  });

  it('hands out a copy on read, so the reader cannot change the structure', () => {
    const s = emptyStructure('EZBDVIPA');
    applyCfRequest(s, MVS1, { op: 'claim', dvipa: DVA1 });
    applyCfRequest(s, MVS1, { op: 'write-phase1', record: p1('a') });
    const r = applyCfRequest(s, MVS1, { op: 'read', dvipa: DVA1 }) as {
      records: { phase1: Record<string, Phase1Record> };
    };
    r.records.phase1.a!.peerId = 'changed';
    expect(s.entries[String(DVA1)]!.phase1.a!.peerId).toBe('198.51.100.7');
  });
});
