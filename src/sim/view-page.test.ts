import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageOf } from './view-page';

const keys = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('pageOf', () => {
  it('builds only the asked page, with the table size', () => {
    const built: number[] = [];
    const p = pageOf(keys(250), 'crt', { rows: 100, from: { crt: 100 } }, (k) => {
      built.push(k);
      return `row ${k}`;
    });
    expect(p).toMatchObject({ from: 100, total: 250 });
    expect(p.rows).toHaveLength(100);
    expect(p.rows[0]).toBe('row 100');
    expect(built).toEqual(keys(200).slice(100));
  });

  it('starts at the first row for other tables and for bad starts', () => {
    const starts: Record<string, number>[] = [
      {},
      { crt: -5 },
      { crt: 1.5 },
      { crt: Number.NaN },
      { other: 100 },
    ];
    for (const from of starts) expect(pageOf(keys(250), 'crt', { rows: 100, from }, (k) => k).from).toBe(0);
  });

  it('shows the last page for a start past the end, an empty page for an empty table', () => {
    expect(pageOf(keys(250), 'crt', { rows: 100, from: { crt: 9999 } }, (k) => k)).toMatchObject({
      from: 200,
      total: 250,
      rows: keys(250).slice(200),
    });
    expect(pageOf([], 'crt', { rows: 100, from: { crt: 300 } }, (k) => k)).toEqual({
      from: 0,
      total: 0,
      rows: [],
    });
  });

  it('pages cover every row exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 60 }), (n, rows) => {
        const seen: number[] = [];
        for (let from = 0; from < n; from += rows)
          seen.push(...pageOf(keys(n), 't', { rows, from: { t: from } }, (k) => k).rows);
        expect(seen).toEqual(keys(n));
      }),
    );
  });
});
