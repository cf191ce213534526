import { nodeAead } from '../../src/runtime/crypto/aead-node';
import { nobleAead } from '../../src/wire/aead-noble';
import { runBrowserBench } from '../browser';
import { type Figure, type Suite, sideBySide } from '../harness';
import { ESP_SIZES, espCase, keyedCase } from './esp-cases';

// ESP seal+open of whole IPv4/TCP/ESP packets against the same provider's bare AES-GCM seal+open
// of the same bytes, side by side in one run (goal: ≥ 0.8 at 1400 bytes), in Node for noble and
// node:crypto; the noble provider's prepared key against noble's gcm() called per packet (what the
// provider did before it kept the key's schedule and GHASH table); then in Chromium
// (bench/pages/esp.html) noble against WebCrypto (goal: ≥ 5×).
export const suite: Suite = {
  name: 'esp',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    for (const provider of [nobleAead, nodeAead])
      for (const size of ESP_SIZES) {
        const c = await espCase(provider, size, 1);
        const r = await sideBySide(c.full, c.bare, 7, 150);
        figures.push({
          suite: 'esp',
          name: `node ${provider.name}: ESP packet seal+open, ${size} B`,
          value: r.a * c.batch,
          unit: 'packets/s',
          ratio: r.ratio,
          baseline: `bare ${provider.name} AES-GCM seal+open`,
          goal: size === 1400 ? '≥0.8' : undefined,
        });
      }
    for (const size of ESP_SIZES) {
      const c = keyedCase(size);
      const r = await sideBySide(c.keyed, c.library, 7, 150);
      figures.push({
        suite: 'esp',
        name: `node noble: prepared-key AES-GCM seal+open, ${size} B`,
        value: r.a,
        unit: 'packets/s',
        ratio: r.ratio,
        baseline: 'noble gcm(key, nonce, aad) per packet',
      });
    }
    const browser = (await runBrowserBench('/bench/pages/esp.html')) as { figures: Figure[] };
    figures.push(...browser.figures);
    return figures;
  },
};
