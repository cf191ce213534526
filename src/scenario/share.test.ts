import fc from 'fast-check';
import { deflateSync, strToU8, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InProcessRuntime } from '../runtime/in-process';
import { ScenarioRun } from '../runtime/scenario-run';
import { figure9 } from './presets/figure9';
import { presets } from './presets/index';
import {
  canonicalDocument,
  type Issue,
  type Result,
  type ScenarioDocument,
  scenarioDocument,
} from './schema';
import {
  decodeShareHash,
  encodeShareHash,
  fromBase64Url,
  isShareHash,
  MAX_INFLATED_BYTES,
  toBase64Url,
  unzlibCapped,
} from './share';

const killAndRestart = {
  ...figure9,
  faults: [
    { atUs: 400_000, node: 'MVS1', action: 'kill' as const },
    { atUs: 1_200_000, node: 'MVS1', action: 'restart' as const },
  ],
};
const shared = scenarioDocument(killAndRestart, {
  eventIndex: 2500,
  selectedNode: 'MVS5',
  selectedRecord: 2400,
});
const issues = (r: Result<unknown, Issue[]>) => (r.ok ? [] : r.error);
const hashOf = (bytes: Uint8Array) => `#s1=${toBase64Url(bytes)}`;

describe('share hash: encode and decode', () => {
  it('fits Figure 9 with a kill, a restart and the view in 2,000 characters', () => {
    const hash = encodeShareHash(shared);
    expect(hash.startsWith('#s1=')).toBe(true);
    expect(hash.length).toBeLessThanOrEqual(2000);
    expect(hash).toMatch(/^#s1=[A-Za-z0-9_-]+$/);
  });

  it('round-trips the document, with or without the #', () => {
    const hash = encodeShareHash(shared);
    expect(decodeShareHash(hash)).toEqual({ ok: true, value: shared });
    expect(decodeShareHash(hash.slice(1))).toEqual({ ok: true, value: shared });
  });

  it('encodes the same document the same way whatever its key order', () => {
    const reordered = JSON.parse(JSON.stringify(shared), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as ScenarioDocument;
    expect(encodeShareHash(reordered)).toBe(encodeShareHash(shared));
    expect(canonicalDocument(reordered)).toEqual(shared);
  });

  it('tells our links from other hashes', () => {
    expect(isShareHash(encodeShareHash(shared))).toBe(true);
    expect(isShareHash('s2=abc')).toBe(true);
    for (const h of ['', '#', '#top', '#=1', '#1=2']) expect(isShareHash(h)).toBe(false);
  });
});

describe('share hash: a decoded link replays the same run', () => {
  it('gives the same fingerprint, views and selected packet at the shared event', async () => {
    const original = new ScenarioRun(new InProcessRuntime());
    await original.load(killAndRestart);
    await original.run({ time: 1_500_000 });
    const at = original.status();
    const sel = at.eventIndex - 50;
    const hash = encodeShareHash(
      scenarioDocument(original.scenario, { eventIndex: at.eventIndex, selectedRecord: sel }),
    );

    const r = decodeShareHash(hash);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const replay = new ScenarioRun(new InProcessRuntime());
    await replay.load(r.value.scenario);
    await replay.run({ maxEvents: r.value.view!.eventIndex });
    expect(replay.status().fingerprint).toBe(at.fingerprint);
    expect(await replay.runtime.views()).toEqual(await original.runtime.views());
    const pick = (run: ScenarioRun) =>
      run.runtime.records(sel, sel + 1).map((x) => [x.event, x.node, x.summary]);
    expect(pick(replay)).toEqual(pick(original));
    expect(pick(replay)).toHaveLength(1);
  });
});

describe('share hash: bad links are issues naming the part', () => {
  const hash = encodeShareHash(shared);
  const first = (h: string) => issues(decodeShareHash(h))[0];

  it('a missing or foreign prefix, or another share version', () => {
    expect(first('#top')).toEqual({
      path: 'url',
      offset: 1,
      message: 'not a scenario link: the part after # must start with "s1="',
    });
    expect(first('')).toMatchObject({ path: 'url' });
    expect(first(`#s2=${hash.slice(4)}`)).toEqual({
      path: 'url',
      offset: 1,
      message: 'the link is share format s2 (made by another version of the emulator); this one reads s1',
    });
  });

  it('a character that is not base64url, with its position', () => {
    const bad = `${hash.slice(0, 100)}+${hash.slice(101)}`;
    expect(first(bad)).toEqual({
      path: 'url.data',
      offset: 100,
      message: 'character 100 ("+") is not base64url',
    });
    // Whatever the insertion does to the length, the stray character is what is reported.
    for (const ins of ['%20', '%2', '%', ' ', 'é'])
      for (const at of [50, 100, 1000])
        expect(first(`${hash.slice(0, at)}${ins}${hash.slice(at)}`), `${ins} at ${at}`).toMatchObject({
          path: 'url.data',
          offset: at,
        });
  });

  it('a short run of something else is garbled, not cut short', () => {
    expect(first('#s1=garbage')).toEqual({
      path: 'url.data',
      message: 'the link data is garbled (not a zlib stream)',
    });
  });

  it('a link cut short, at every length', () => {
    for (let n = 0; n < hash.length; n += 7) {
      const r = decodeShareHash(hash.slice(0, n));
      expect(r.ok).toBe(false);
      for (const i of issues(r)) expect(i.path).toMatch(/^url/);
    }
    expect(first(hash.slice(0, 500))!.message).toMatch(/cut short/);
  });

  it('garbled data: a flipped bit is caught by the inflater or the checksum', () => {
    const bytes = fromBase64Url(hash, 4);
    if (!bytes.ok) throw new Error('own encoding');
    for (let bit = 0; bit < bytes.value.length * 8; bit += 37) {
      const b = bytes.value.slice();
      b[bit >> 3]! ^= 1 << (bit & 7);
      const r = decodeShareHash(hashOf(b));
      expect(r.ok, `bit ${bit}`).toBe(false);
      expect(issues(r)[0]!.path).toBe('url.data');
    }
  });

  it('a deflate bomb is refused at the size cap', () => {
    const big = new Uint8Array(16 * 1024 * 1024);
    const bomb = zlibSync(big, { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(first(hashOf(bomb))).toEqual({
      path: 'url.data',
      message: `the link inflates to more than ${MAX_INFLATED_BYTES} bytes (refused)`,
    });
    const r = unzlibCapped(bomb, 1000);
    expect(r).toEqual({ ok: false, error: 'the link inflates to more than 1000 bytes (refused)' });
  });

  it('raw deflate without the zlib wrapper, and a wrong checksum', () => {
    expect(first(hashOf(deflateSync(strToU8('{}'))))).toMatchObject({
      path: 'url.data',
      message: expect.stringMatching(/garbled|cut short/),
    });
    const z = zlibSync(strToU8(JSON.stringify(shared)));
    z[z.length - 1]! ^= 1;
    expect(first(hashOf(z))).toEqual({
      path: 'url.data',
      message: 'the link was altered or cut short (checksum mismatch)',
    });
  });

  it('bytes that are not UTF-8, and JSON with a syntax error at a position', () => {
    expect(first(hashOf(zlibSync(new Uint8Array([0x7b, 0xff, 0x7d]))))).toMatchObject({
      path: 'url.data',
      message: expect.stringMatching(/not UTF-8/),
    });
    expect(first(hashOf(zlibSync(strToU8('{"format": 1,,}'))))).toMatchObject({
      path: 'url.json',
      offset: 13,
      line: 1,
      column: 14,
    });
  });

  it('a valid link to an invalid document: schema issues with their paths', () => {
    const d = JSON.parse(JSON.stringify(shared));
    d.scenario.stacks[2].xcfAddr = '10.255.0.999';
    d.version = 3;
    expect(issues(decodeShareHash(hashOf(zlibSync(strToU8(JSON.stringify(d))))))).toEqual([
      {
        path: 'version',
        message: 'version 3 (made by a newer emulator) is not supported: this emulator reads version 1',
      },
    ]);
    d.version = 1;
    expect(issues(decodeShareHash(hashOf(zlibSync(strToU8(JSON.stringify(d))))))).toEqual([
      { path: 'scenario.stacks[2].xcfAddr', message: 'must be a dotted IPv4 address such as 203.0.113.11' },
    ]);
  });

  it('an empty, mis-cased or unknown link field is an issue naming the field', () => {
    expect(first('#s1=')).toEqual({
      path: '#s1',
      offset: 4,
      message: 'empty: the link field holds no scenario (a link is #s1= and its data)',
    });
    expect(first('#S1=')).toEqual({
      path: '#S1',
      offset: 1,
      message: 'the link field is "S1"; it is written "s1=" in lower case',
    });
    expect(first(`#S1=${hash.slice(4)}`)).toMatchObject({ path: '#S1' });
    expect(first('#x=abc')).toEqual({
      path: '#x',
      offset: 1,
      message: 'unknown link field "x": a scenario link is #s1= and its data',
    });
    for (const h of ['#S1=', '#foo=1', '#s=1', 'view=2']) expect(isShareHash(h), h).toBe(true);
  });

  it('a tampered moment: not a whole number, or out of bounds, named by its field', () => {
    const tampered = (
      edit: (d: { view: Record<string, unknown>; scenario: { faults: Record<string, unknown>[] } }) => void,
    ) => {
      const d = JSON.parse(JSON.stringify(shared));
      edit(d);
      return issues(decodeShareHash(hashOf(zlibSync(strToU8(JSON.stringify(d)))))).map(
        (i) => `${i.path}: ${i.message}`,
      );
    };
    for (const bad of [1.5, -1, '2500', 1e12, null])
      expect(
        tampered((d) => {
          d.view.eventIndex = bad;
        })[0],
        String(bad),
      ).toMatch(/^view\.eventIndex: /);
    expect(
      tampered((d) => {
        d.scenario.faults[0]!.afterEvent = 2.5;
      }),
    ).toEqual(['scenario.faults[0].afterEvent: must be a whole number from 0 to 1000000000 (got 2.5)']);
    // Pinned acts whose events and clocks disagree: the later event has the earlier clock.
    expect(
      tampered((d) => {
        d.scenario.faults[0]!.afterEvent = 900;
        d.scenario.faults[1]!.afterEvent = 1200;
      }),
    ).toEqual([]);
    expect(
      tampered((d) => {
        d.scenario.faults[0]!.afterEvent = 1200;
        d.scenario.faults[1]!.afterEvent = 900;
      }),
    ).toEqual([
      'scenario.faults[0].afterEvent: event 1200 at 400000 µs comes after event 900 of faults[1] at 1200000 µs: the clock cannot go back',
    ]);
    // Against the latest clock of every earlier event, not only the act sorted just before.
    expect(
      tampered((d) => {
        d.scenario.faults[0]!.afterEvent = 10;
        d.scenario.faults[1]!.afterEvent = 10;
        [d.scenario.faults[0]!.atUs, d.scenario.faults[1]!.atUs] = [1_200_000, 400_000];
        d.scenario.faults.push({ atUs: 500_000, afterEvent: 20, node: 'MVS2', action: 'kill' });
      }),
    ).toEqual([
      'scenario.faults[2].afterEvent: event 20 at 500000 µs comes after event 10 of faults[0] at 1200000 µs: the clock cannot go back',
    ]);
  });

  it('a __proto__ key is refused by the JSON scanner, with its path and position', () => {
    const text = JSON.stringify(shared).replace('"view":{', '"view":{"__proto__":{"x":1},');
    expect(first(hashOf(zlibSync(strToU8(text))))).toMatchObject({
      path: 'view.__proto__',
      message: 'forbidden key "__proto__" (refused, never used)',
    });
  });
});

describe('base64url', () => {
  it('round-trips every length and matches the RFC 4648 alphabet', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 255);
      const s = toBase64Url(b);
      expect(s.length).toBe(Math.ceil((n * 4) / 3));
      expect(fromBase64Url(s)).toEqual({ ok: true, value: b });
    }
    expect(toBase64Url(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(fromBase64Url('AA==')).toEqual({ ok: true, value: Uint8Array.from([0]) });
  });
});

describe('share hash: fuzz (fast-check)', () => {
  const docs = [shared, ...presets.map((p) => scenarioDocument(p, { eventIndex: 3 }))];
  const wellFormed = (r: Result<ScenarioDocument, Issue[]>) => {
    if (r.ok) return;
    expect(r.error.length).toBeGreaterThan(0);
    for (const i of r.error) {
      expect(i.path.length).toBeGreaterThan(0);
      expect(i.message.length).toBeGreaterThan(0);
      if (i.path === 'url.json') expect(i.offset).toBeTypeOf('number');
    }
  };
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it('any string: a Result with placed issues, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: fc.constantFrom(...B64), maxLength: 400 }).map((s) => `#s1=${s}`),
          fc.string({ maxLength: 20 }).map((s) => `#s${s}=`),
        ),
        (h) => wellFormed(decodeShareHash(h)),
      ),
      { numRuns: 400 },
    );
  });

  it('a valid link cut, bit-flipped or edited: refused, or exactly the original', () => {
    const edit = fc.record({
      doc: fc.nat(docs.length - 1),
      kind: fc.constantFrom('truncate', 'flip', 'insert', 'delete', 'replace'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bit: fc.nat(7),
      ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    });
    fc.assert(
      fc.property(edit, ({ doc, kind, at, bit, ch }) => {
        const d = docs[doc]!;
        const hash = encodeShareHash(d);
        const n = Math.floor(at * hash.length);
        let bad: string;
        if (kind === 'flip') {
          const bytes = fromBase64Url(hash, 4);
          if (!bytes.ok) throw new Error('own encoding');
          const b = bytes.value;
          b[Math.floor(at * b.length) % b.length]! ^= 1 << bit;
          bad = hashOf(b);
        } else if (kind === 'truncate') bad = hash.slice(0, n);
        else if (kind === 'insert') bad = hash.slice(0, n) + ch + hash.slice(n);
        else if (kind === 'delete') bad = hash.slice(0, n) + hash.slice(n + 1);
        else bad = hash.slice(0, n) + ch + hash.slice(n + 1);
        const r = decodeShareHash(bad);
        wellFormed(r);
        // Only an edit of the prefix's '#' or of the last character's unused bits can still decode.
        if (r.ok) expect(r.value).toEqual(d);
      }),
      { numRuns: 300 },
    );
  });

  it('well-compressed hostile JSON: prototype keys, deep nesting, huge numbers, random values', () => {
    const hostile = fc.oneof(
      fc.jsonValue({ depthSize: 'large' }).map((v) => JSON.stringify(v)),
      fc.nat(200).map((n) => `${'['.repeat(n)}1${']'.repeat(n)}`),
      fc.constantFrom('__proto__', 'constructor', 'prototype', '\\u005f_proto__').chain((k) =>
        fc.nat(2000).map((at) => {
          const json = JSON.stringify(shared);
          const i = json.indexOf('{', at % json.length);
          return i < 0
            ? `{"${k}":{"polluted":true}}`
            : `${json.slice(0, i + 1)}"${k}":{"polluted":true},${json.slice(i + 1)}`;
        }),
      ),
      fc
        .constantFrom(
          '1e999',
          '-1e999',
          '1e-999',
          '123456789012345678901234567890',
          '-0',
          '4294967296',
          '0.1',
        )
        .chain((num) =>
          fc
            .constantFrom('"seed":1', '"eventIndex":2500', '"port":60', '"atUs":400000', '"connections":4')
            .map((field) => JSON.stringify(shared).replace(field, `${field.split(':')[0]}:${num}`)),
        ),
    );
    fc.assert(
      fc.property(hostile, (text) => {
        const r = decodeShareHash(hashOf(zlibSync(strToU8(text))));
        wellFormed(r);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
