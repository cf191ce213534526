// Chromium side of bench/suites/esp.ts: the same cases with noble and WebCrypto, measured side by
// side; the result goes to window.__benchResult for bench/browser.ts to collect.
import { webCryptoAead } from '../../src/runtime/crypto/aead-webcrypto';
import { nobleAead } from '../../src/wire/aead-noble';
import { type Figure, sideBySide } from '../harness';
import { ESP_SIZES, espCase } from '../suites/esp-cases';

const BATCH = 32;

async function run(): Promise<{ figures: Figure[] }> {
  const figures: Figure[] = [];
  for (const size of ESP_SIZES) {
    const noble = await espCase(nobleAead, size, 1);
    const web = await espCase(webCryptoAead, size, BATCH);
    // WebCrypto runs a burst of BATCH packets per call; per-packet rates below.
    const w = await sideBySide(web.full, web.bare, 7, 120);
    const n = await sideBySide(noble.full, noble.bare, 7, 120);
    const vs = await sideBySide(web.full, noble.full, 7, 120);
    const webFull = w.a * BATCH;
    figures.push(
      {
        suite: 'esp',
        name: `chromium noble: ESP packet seal+open, ${size} B`,
        value: n.a,
        unit: 'packets/s',
        ratio: n.ratio,
        baseline: 'bare noble AES-GCM seal+open',
      },
      {
        suite: 'esp',
        name: `chromium webcrypto: ESP packet seal+open, ${size} B`,
        value: webFull,
        unit: 'packets/s',
        ratio: w.ratio,
        baseline: 'bare WebCrypto AES-GCM seal+open',
        goal: size === 1400 ? '≥0.8' : undefined,
      },
      {
        suite: 'esp',
        name: `chromium webcrypto vs noble: ESP packets, ${size} B`,
        value: vs.a * BATCH,
        unit: 'packets/s',
        ratio: (vs.a * BATCH) / vs.b,
        baseline: 'noble ESP packets in Chromium',
        goal: size === 1400 ? '≥5' : undefined,
      },
    );
  }
  return { figures };
}

const w = window as unknown as { __benchResult?: unknown };
const out = document.getElementById('out');
run().then(
  (r) => {
    if (out) out.textContent = JSON.stringify(r, null, 2);
    w.__benchResult = r;
  },
  (e: unknown) => {
    w.__benchResult = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) };
  },
);
