import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type Session } from './browser';

// The Worker runtimes in Chromium against the in-process runtime on the same page: a pool of Web
// Workers, each hosting several nodes (the same fingerprint whatever the pool size), and the solo
// Worker the app uses (the whole simulation in one Worker); a throwing actor surfaces clearly.

describe('runtime in the browser: Web Workers against in-process', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openApp('/e2e/pages/runtime.html');
    await s.page.waitForFunction(
      () => document.getElementById('status')?.textContent === 'ready',
      undefined,
      {
        timeout: 30_000,
      },
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each([
    ['relays', 3000, 'the default pool', undefined],
    ['pingers', 1500, 'the default pool', undefined],
    ['relays', 3000, '1 Worker', 1],
    ['relays', 3000, '3 Workers', 3],
    ['relays', 3000, 'one Worker per node', 8],
  ])(
    '%s: identical fingerprint after %i events with %s, and after seeking back and forth',
    async (world, events, _, workers) => {
      const r = await s.page.evaluate(
        ([w, n, k]) => window.__runtimeTest.compare(w as string, n as number, k as number | undefined),
        [world, events, workers] as const,
      );
      expect(r.inProcess.eventIndex).toBe(events);
      expect(r.workers).toEqual(r.inProcess);
      expect(r.afterSeek.fingerprint).toBe(r.inProcess.fingerprint);
      expect(r.sameViews).toBe(true);
      expect(r.windows).toBeLessThan(events);
      if (workers !== undefined) expect(r.pool.length).toBe(workers);
      // Every node in exactly one Worker.
      const nodes = r.pool.flat();
      expect(new Set(nodes).size).toBe(nodes.length);
      expect(nodes.length).toBe(world === 'relays' ? 8 : 6);
    },
  );

  // Relays: the stopped seek's replay is quiet (no records up to a mark before its target) when it
  // stops; pingers are so cheap that a quiet replay of 3,000 events is over before the page can
  // stop it, so that one replays every event with its records (loudTail), and 12,000 of them: 3,000
  // loud ones were sometimes over too.
  it.each([
    ['relays', 6000, 512],
    ['pingers', 12000, 1e9],
  ])(
    'the solo Worker (the app runtime) on %s: the in-process run after %i events; a stopped seek (loud tail %i) lands exactly',
    async (world, events, loudTail) => {
      const r = await s.page.evaluate(
        ([w, n, tail]) => window.__runtimeTest.solo(w as string, n as number, tail as number),
        [world, events, loudTail] as const,
      );
      expect(r.inProcess.eventIndex).toBe(events);
      expect(r.workers).toEqual(r.inProcess);
      expect(r.sameRecords).toBe(true);
      expect(r.afterSeek.fingerprint).toBe(r.inProcess.fingerprint);
      expect(r.sameViews).toBe(true);
      expect(r.stopped).toBeGreaterThan(0);
      expect(r.stopped).toBeLessThan(events - 1);
      expect(r.stoppedExact).toBe(true);
    },
  );

  it.each([
    ['pool', 'a Worker of the pool'],
    ['solo', 'the solo Worker'],
  ] as const)(
    'a throwing actor in %s (%s): the step rejects naming node and event; the runtime goes on',
    async (runtime, _what) => {
      const r = await s.page.evaluate((rt) => window.__runtimeTest.failure(rt), runtime);
      expect(r.errorName).toBe('NodeFailureError');
      expect(r.error).toMatch(
        /node p1 \(faulty\) threw while handling event #\d+ \(.+ at t=\d+ µs\): synthetic failure/,
      );
      expect(r.status.eventIndex).toBe(300);
      expect(r.status.failed).toEqual([{ node: 'p1', message: 'synthetic failure on input 9' }]);
      expect(r.next.eventIndex).toBe(350);
      expect(r.failedView).toBe('synthetic failure on input 9');
    },
  );

  it('logs no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
