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

  it('passes schema issues through with their paths', () => {
    const d = JSON.parse(exportScenarioJson(doc));
    d.scenario.faults[0].node = 'MVS6';
    expect(issues(importScenarioJson(JSON.stringify(d)))).toEqual([
      {
        path: 'scenario.faults[0].node',
        message: 'no node "MVS6" (nodes: MVS1, MVS2, MVS3, MVS4, MVS5, CF, Router, Client)',
      },
    ]);
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
