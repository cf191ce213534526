import { readdirSync, readFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

// The memory of the page under test, as the proportional set size (PSS: shared pages such as the
// Chromium binary and fonts split between the processes sharing them) of its renderer process,
// which also runs the page's dedicated Workers. Chromium runs other renderers beside it that are
// not the page's: its own browser UI ("top chrome", a WebUI renderer started with
// --top-chrome-webui, ~65–80 MB even beside about:blank) and a spare renderer kept ready for the
// next navigation (~20 MB). Up to the fifteenth session the memory goal was judged on the sum of
// all of them; each is still printed. The page's renderer is the one running a dedicated Worker
// (a thread named "DedicatedWorker"): the scale page always has one once it has loaded.

export interface RendererMemory {
  /** PSS of the page's renderer (the process with a dedicated Worker), bytes. */
  page: number;
  /** PSS of every renderer process, bytes. */
  all: number;
  /** Each renderer: its role, PSS and split (anonymous / shared memory / file), MB. */
  parts: string;
}

type Role = 'page' | 'browser UI (WebUI)' | 'other';

export async function rendererMemory(cdp: CDPSession): Promise<RendererMemory> {
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  let page = 0;
  let all = 0;
  let notUi = 0;
  const parts: string[] = [];
  for (const p of info.processInfo) {
    if (p.type !== 'renderer') continue;
    try {
      const text = readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
      const pss = kb('Pss') * 1024;
      const role = roleOf(p.id);
      all += pss;
      if (role === 'page') page += pss;
      if (role !== 'browser UI (WebUI)') notUi += pss;
      const split = [kb('Pss_Anon'), kb('Pss_Shmem'), kb('Pss_File')]
        .map((x) => Math.round(x / 1024))
        .join('/');
      parts.push(`${role} ${Math.round(pss / 1024 ** 2)} (${split})`);
    } catch {
      // gone
    }
  }
  // Before the page's Worker thread has started, every renderer but Chromium's UI.
  return { page: page || notUi, all, parts: parts.join(', ') };
}

function roleOf(pid: number): Role {
  // Chromium rewrites its command line into one string (its process title): look for the word.
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (/(^|[\s\0])--top-chrome-webui([\s\0]|$)/.test(cmdline)) return 'browser UI (WebUI)';
  const threads = readdirSync(`/proc/${pid}/task`).map((t) => {
    try {
      return readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  });
  return threads.some((t) => t.startsWith('DedicatedWorker')) ? 'page' : 'other';
}
