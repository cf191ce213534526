import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium-flags';

// Where a big run's memory is, by Chromium's own accounting: builds bench/pages/scale.html, plays
// the scale scenario (N connections, default 10,000) for PLAY_MS (default 40 s), then asks the
// browser for a detailed memory dump (memory-infra, CDP Tracing.requestMemoryDump) and prints each
// process's allocators: V8 (main thread and Workers), Blink's GC heap, malloc, PartitionAlloc…
// with the biggest parts of the largest renderer. Not a benchmark (no ratios, no goals): a tool.
//
//   npx tsx bench/memory-dump.ts            N=2000 PLAY_MS=20000 npx tsx bench/memory-dump.ts

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.N ?? 10_000);
const PLAY_MS = Number(process.env.PLAY_MS ?? 40_000);

interface Allocator {
  attrs?: Record<string, { value: string }>;
}
interface TraceEvent {
  ph: string;
  pid: number;
  name: string;
  args?: { name?: string; dumps?: { allocators?: Record<string, Allocator> } };
}

const outDir = mkdtempSync(join(tmpdir(), 'memory-dump-'));
await build({
  root,
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    rollupOptions: { input: { scale: join(root, 'bench/pages/scale.html') } },
  },
});
const server = await preview({
  root,
  build: { outDir },
  preview: { port: 0, host: '127.0.0.1' },
  logLevel: 'warn',
});
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const base = `${server.resolvedUrls!.local[0]!.replace(/\/$/, '')}/bench/pages/scale.html`;
  await page.goto(`${base}?mode=ui&connections=${N}&stacks=32&budget=${PLAY_MS}`);
  await page.waitForTimeout(PLAY_MS + 3000);
  const cdp = await browser.newBrowserCDPSession();
  const complete = new Promise<string>((resolve) =>
    cdp.on('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')),
  );
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      memoryDumpConfig: { triggers: [] },
    },
    transferMode: 'ReturnAsStream',
  } as never);
  await cdp.send(
    'Tracing.requestMemoryDump' as never,
    { deterministic: false, levelOfDetail: 'detailed' } as never,
  );
  await cdp.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const r = (await cdp.send('IO.read', { handle: stream, size: 1 << 20 })) as {
      data: string;
      eof: boolean;
      base64Encoded?: boolean;
    };
    text += r.base64Encoded ? Buffer.from(r.data, 'base64').toString() : r.data;
    if (r.eof) break;
  }
  const events = (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
  const names = new Map(
    events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name]),
  );
  const mb = (a: Allocator | undefined) => Number.parseInt(a?.attrs?.size?.value ?? '0', 16) / 1e6;
  for (const e of events) {
    const al = e.args?.dumps?.allocators;
    if (e.ph !== 'v' || !al) continue;
    const top = Object.keys(al).filter((k) => !k.includes('/'));
    const sum = top.reduce((s, k) => s + mb(al[k]), 0);
    console.log(`pid ${e.pid} ${names.get(e.pid) ?? ''}: ${sum.toFixed(0)} MB`);
    const depth = sum > 300 ? 4 : 2;
    const parts = Object.keys(al)
      .filter((k) => k.split('/').length <= depth && mb(al[k]) > 2)
      .sort((a, b) => mb(al[b]) - mb(al[a]))
      .slice(0, sum > 300 ? 50 : 8);
    for (const k of parts) console.log(`  ${mb(al[k]).toFixed(1).padStart(8)} ${k}`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
