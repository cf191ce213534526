import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exportScenarioJson,
  importScenarioJson,
  lineColumn,
  MAX_JSON_CHARS,
  parseJsonText,
  scanJson,
} from './import-export';
import { figure9 } from './presets/figure9';
import { presets } from './presets/index';
import { type Issue, type Result, scenarioDocument } from './schema';

const doc = scenarioDocument(
  { ...figure9, faults: [{ atUs: 400_000, node: 'MVS1', action: 'kill' }] },
  { eventIndex: 12, selectedNode: 'MVS1' },
);
const issues = (r: Result<unknown, Issue[]>) => (r.ok ? [] : r.error);

describe('exportScenarioJson', () => {
  it('writes pretty JSON in the schema order, which imports back to the same document', () => {
    const text = exportScenarioJson(doc);
    expect(
      text.startsWith(
        '{\n  "format": "sysplex-ipsec-emulator",\n  "version": 1,\n  "scenario": {\n    "version": 1,\n    "id": "figure9",',
      ),
    ).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(importScenarioJson(text)).toEqual({ ok: true, value: doc });
  });

  it('is stable: the key order of the input does not matter', () => {
    const shuffled = JSON.parse(JSON.stringify(doc), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(exportScenarioJson(shuffled)).toBe(exportScenarioJson(doc));
  });
});

describe('importScenarioJson', () => {
  it('accepts a bare scenario (the CLI shape) as a document without a view', () => {
    expect(importScenarioJson(JSON.stringify(figure9))).toEqual({
      ok: true,
      value: scenarioDocument(figure9),
    });
  });

  it('reports JSON syntax errors with line:column', () => {
    const cases: [string, Partial<Issue>][] = [
      ['', { line: 1, column: 1, message: 'the text ends: expected a value' }],
      ['{"a": 1,\n  "b": [1, 2,]}', { line: 2, column: 14, message: 'unexpected "]": expected a value' }],
      ['{"a": 1 "b": 2}', { line: 1, column: 9, message: `unexpected "\\"": expected ',' or '}'` }],
      ['{"a": "x\ny"}', { line: 1, column: 9, message: 'a control character inside a string (escape it)' }],
      ['{"a": "\\x"}', { line: 1, column: 8, message: 'a bad escape in a string' }],
      ['{"a": "open', { line: 1, column: 7, message: 'a string is not closed' }],
      ['{"a": 01}', { line: 1, column: 8, message: `unexpected "1": expected ',' or '}'` }],
      ['{} {}', { line: 1, column: 4, message: 'unexpected "{" after the end of the JSON value' }],
      ["{'a': 1}", { line: 1, column: 2, message: `unexpected "'": expected a field name in quotes` }],
      ['{"a" 1}', { line: 1, column: 6, message: `unexpected "1": expected ':' after the field name` }],
      ['[NaN]', { line: 1, column: 2, message: 'unexpected "N": expected a value' }],
    ];
    for (const [text, want] of cases)
      expect(issues(importScenarioJson(text)), text).toEqual([
        { path: 'json', offset: expect.any(Number), ...want },
      ]);
  });

  it('refuses forbidden keys (also when escaped) and duplicate keys before building anything', () => {
    expect(issues(importScenarioJson('{"scenario": {"stacks": [{"\\u005f_proto__": {}}]}}'))).toEqual([
      {
        path: 'scenario.stacks[0].__proto__',
        message: 'forbidden key "__proto__" (refused, never used)',
        offset: 26,
        line: 1,
        column: 27,
      },
    ]);
    expect(issues(importScenarioJson('{"format": 1, "format": 2}'))).toEqual([
      { path: 'format', message: 'duplicate key "format"', offset: 14, line: 1, column: 15 },
    ]);
    expect(issues(importScenarioJson('{"a": {"constructor": 1}}'))[0]!.path).toBe('a.constructor');
  });

  it('refuses deep nesting and oversized text without recursing', () => {
    expect(issues(importScenarioJson('['.repeat(200_000)))).toEqual([
      { path: 'json', message: 'nested deeper than 32 levels', offset: 32, line: 1, column: 33 },
    ]);
    const big = `{"description": "${'x'.repeat(MAX_JSON_CHARS)}"}`;
    expect(issues(importScenarioJson(big))).toEqual([
      { path: 'json', message: `too large: ${big.length} characters; at most ${MAX_JSON_CHARS}` },
    ]);
  });

  it('passes schema issues through with their paths, placed at line:column in the text', () => {
    const d = JSON.parse(exportScenarioJson(doc));
    d.scenario.faults[0].node = 'MVS6';
    const text = exportScenarioJson(d);
    const at = text.indexOf('"MVS6"');
    expect(issues(importScenarioJson(text))).toEqual([
      {
        path: 'scenario.faults[0].node',
        message: 'no node "MVS6" (nodes: MVS1, MVS2, MVS3, MVS4, MVS5, CF, Router, Client)',
        ...lineColumn(text, at),
      },
    ]);
    // On one line, the column alone says where.
    const line = issues(importScenarioJson(JSON.stringify(d)))[0]!;
    expect(line).toMatchObject({ line: 1, column: JSON.stringify(d).indexOf('"MVS6"') + 1 });
  });

  it('places a missing field at the object that lacks it, in a bare scenario too', () => {
    const d = JSON.parse(exportScenarioJson(doc));
    delete d.scenario.stacks[1].xcfAddr;
    const text = JSON.stringify(d.scenario, null, 2);
    const [issue] = issues(importScenarioJson(text));
    expect(issue!.path).toMatch(/^stacks\[1\]/);
    // stacks[1] opens on the line after stacks[0]'s closing brace.
    const open = text.indexOf('{', text.indexOf('},', text.indexOf('"stacks"')));
    expect(issue).toMatchObject(lineColumn(text, open));
  });
});

describe('the JSON scanner', () => {
  it('agrees with JSON.parse on what is valid', () => {
    const valid = [
      '0',
      '-0.5e+10',
      '"\\u00e9\\n"',
      '{"a":[true,false,null,{}],"b":[]}',
      ' [ 1 , 2 ] ',
      '1E5',
    ];
    for (const t of valid) expect(scanJson(t), t).toBeNull();
    const invalid = [
      '01',
      '1.',
      '.5',
      '+1',
      '-',
      '[1,]',
      '{"a":1,}',
      'tru',
      'nul',
      '"\t"',
      '[',
      '{"a"}',
      '1 2',
    ];
    for (const t of invalid) {
      expect(() => JSON.parse(t), t).toThrow();
      expect(scanJson(t), t).not.toBeNull();
    }
  });

  it('parseJsonText gives the value, and lineColumn counts from 1', () => {
    expect(parseJsonText('{"a":[1]}', 'json')).toEqual({ ok: true, value: { a: [1] } });
    expect(lineColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(lineColumn('ab\ncd', 2)).toEqual({ line: 1, column: 3 });
  });
});

describe('importScenarioJson: fuzz (fast-check)', () => {
  const wellFormed = (r: Result<unknown, Issue[]>) => {
    if (r.ok) return;
    expect(r.error.length).toBeGreaterThan(0);
    for (const i of r.error) {
      expect(i.path.length).toBeGreaterThan(0);
      expect(i.message.length).toBeGreaterThan(0);
      if (i.path === 'json') expect(i.offset).toBeTypeOf('number');
      if (i.offset !== undefined) expect(i.line).toBeGreaterThanOrEqual(1);
    }
  };
  const texts = [exportScenarioJson(doc), ...presets.map((p) => exportScenarioJson(scenarioDocument(p)))];

  it('any string: a Result with placed issues, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (t) => wellFormed(importScenarioJson(t))),
      { numRuns: 400 },
    );
  });

  it('the scanner accepts exactly what JSON.parse accepts (short JSON-ish strings)', () => {
    const unit = fc.constantFrom(...'{}[]",:0123456789.eE+-truefalsn \\\n\tu/'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (t) => {
        let parses = true;
        try {
          JSON.parse(t);
        } catch {
          parses = false;
        }
        const err = scanJson(t);
        // The scanner also refuses duplicate keys (JSON.parse keeps the last one).
        if (parses && err) expect(err.message).toMatch(/^duplicate key/);
        if (!parses) expect(err).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('a valid export cut, edited or with a hostile field: a Result, Object.prototype untouched', () => {
    const edit = fc.record({
      text: fc.nat(texts.length - 1),
      kind: fc.constantFrom('truncate', 'insert', 'delete', 'replace', 'proto', 'number', 'deep'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', '\\u005f_proto__', 'extra'),
      num: fc.constantFrom('1e999', '-1', '1.5', '99999999999999999999', '-0', '0'),
    });
    fc.assert(
      fc.property(edit, ({ text, kind, at, ch, key, num }) => {
        const t = texts[text]!;
        const n = Math.floor(at * t.length);
        const next = (c: string) => Math.max(0, t.indexOf(c, n));
        const bad =
          kind === 'truncate'
            ? t.slice(0, n)
            : kind === 'insert'
              ? t.slice(0, n) + ch + t.slice(n)
              : kind === 'delete'
                ? t.slice(0, n) + t.slice(n + ch.length)
                : kind === 'replace'
                  ? t.slice(0, n) + ch + t.slice(n + ch.length)
                  : kind === 'proto'
                    ? `${t.slice(0, next('{') + 1)}"${key}": {"polluted": true},${t.slice(next('{') + 1)}`
                    : kind === 'number'
                      ? t.slice(0, next(':') + 1) + num + t.slice(next(':') + 1).replace(/^ ?[^,\n]*/, '')
                      : `${t.slice(0, next('{') + 1)}"x": ${'['.repeat(40 + n)}${']'.repeat(40 + n)},${t.slice(next('{') + 1)}`;
        const r = importScenarioJson(bad);
        wellFormed(r);
        if (kind === 'proto' && key !== 'extra') expect(r.ok).toBe(false);
        if (kind === 'deep') expect(r.ok).toBe(false);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('random JSON values: a Result, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: 'large' }), (v) =>
        wellFormed(importScenarioJson(JSON.stringify(v))),
      ),
      { numRuns: 300 },
    );
  });
});
