import { describe, expect, it } from 'vitest';
import { ackAdvance } from './ack';
import { tcpConfig } from './config';
import { seqAdd } from './seq';
import { emptyResult } from './table';
import { newConn } from './tcb';

// What an acknowledgement leaves in the send buffer: the unacknowledged rest as a view, or, once
// everything is acknowledged, an empty buffer of its own (a copy of the TCB, e.g. a checkpoint's,
// copies the whole buffer a view is over).

describe('ackAdvance and the send buffer', () => {
  const cfg = tcpConfig({});
  const conn = () => {
    const c = newConn('k', { addr: 1, port: 1 }, { addr: 2, port: 2 }, 1000, 'active', 'ESTABLISHED', cfg);
    c.sndBuf = new Uint8Array(200).fill(7);
    c.sndUna = c.sndBufSeq;
    c.sndNxt = c.sndMax = seqAdd(c.sndBufSeq, 200);
    return c;
  };

  it('a partial acknowledgement keeps the rest as a view over the buffer', () => {
    const c = conn();
    ackAdvance(c, seqAdd(c.sndBufSeq, 60), cfg, 0, emptyResult());
    expect(c.sndBuf.length).toBe(140);
    expect(c.sndBuf.buffer.byteLength).toBe(200);
  });

  it('acknowledging everything leaves an empty buffer that holds nothing of the old one', () => {
    const c = conn();
    const end = seqAdd(c.sndBufSeq, 200);
    ackAdvance(c, end, cfg, 0, emptyResult());
    expect(c.sndBuf.length).toBe(0);
    expect(c.sndBuf.buffer.byteLength).toBe(0);
    expect(c.sndBufSeq).toBe(end);
  });
});
