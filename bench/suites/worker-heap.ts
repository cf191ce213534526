import type { CDPSession } from 'playwright-core';

// The JS heaps of a page's dedicated Workers, read through the browser's DevTools protocol
// (Runtime.getHeapUsage in each Worker target): Workers have no performance.memory. The renderer's
// PSS (scale.ts) says how much memory the page holds in all; this says how much of it is the
// Workers' heaps, and how much of those is garbage not collected yet (allocated minus used).

interface Usage {
  usedSize: number;
  totalSize: number;
  /** ArrayBuffer backing stores (frames, keys: outside the JS heap). */
  backingStorageSize?: number;
  /** Blink's own objects. */
  embedderHeapUsedSize?: number;
}

export interface WorkerHeaps {
  /** Heap bytes in use (live objects and garbage not yet found), summed over the Workers. */
  used: number;
  /** Heap bytes allocated, summed over the Workers. */
  total: number;
  /** ArrayBuffer backing stores, summed over the Workers. */
  buffers: number;
  workers: number;
  /** The page's main thread: heap in use, allocated, and its ArrayBuffer backing stores. */
  main: { used: number; total: number; buffers: number };
}

export class WorkerHeapReader {
  private sessions = new Map<string, string>();
  private nextId = 1;
  private readonly waiting = new Map<number, (v: Usage | null) => void>();

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: Usage };
      if (m.id !== undefined) this.waiting.get(m.id)?.(m.result ?? null);
    });
  }

  async read(): Promise<WorkerHeaps> {
    const { targetInfos } = (await this.cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string }[];
    };
    const out: WorkerHeaps = {
      used: 0,
      total: 0,
      buffers: 0,
      workers: 0,
      main: { used: 0, total: 0, buffers: 0 },
    };
    for (const t of targetInfos) {
      if (t.type !== 'worker' && t.type !== 'page') continue;
      let session = this.sessions.get(t.targetId);
      if (!session) {
        const r = (await this.cdp.send('Target.attachToTarget', {
          targetId: t.targetId,
          flatten: false,
        })) as {
          sessionId: string;
        };
        session = r.sessionId;
        this.sessions.set(t.targetId, session);
      }
      const u = await this.ask(session);
      if (!u) continue;
      if (t.type === 'page') {
        out.main = { used: u.usedSize, total: u.totalSize, buffers: u.backingStorageSize ?? 0 };
        continue;
      }
      out.buffers += u.backingStorageSize ?? 0;
      out.used += u.usedSize;
      out.total += u.totalSize;
      out.workers++;
    }
    return out;
  }

  private ask(sessionId: string): Promise<Usage | null> {
    const id = this.nextId++;
    return new Promise<Usage | null>((resolve) => {
      const timer = setTimeout(() => finish(null), 2000);
      const finish = (v: Usage | null) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(v);
      };
      this.waiting.set(id, finish);
      const message = JSON.stringify({ id, method: 'Runtime.getHeapUsage' });
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => finish(null));
    });
  }
}
