import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../sim/types';
import { TraceBook } from './trace-book';

const rec = (index: number, event: number, node = 'A', kind: TraceRecord['kind'] = 'note'): TraceRecord => ({
  index,
  event,
  time: event * 10,
  node,
  kind,
  summary: `r${index}`,
});

function setup(n: number) {
  let runtime: TraceRecord[] = [];
  const book = new TraceBook((from, to) => runtime.slice(from, to));
  const push = (rs: TraceRecord[]) => {
    runtime = [...runtime, ...rs];
    book.append(rs);
  };
  push(Array.from({ length: n }, (_, i) => rec(i, Math.floor(i / 2), i % 3 === 0 ? 'B' : 'A')));
  return {
    book,
    push,
    cut: (count: number) => {
      runtime = runtime.slice(0, count);
      book.truncate(count);
    },
  };
}

describe('TraceBook', () => {
  it('keeps the records cut by seeking back as the future, and drops them as they come back', () => {
    const { book, push, cut } = setup(10);
    book.stashFuture(3); // records with event ≥ 3 are cut: indexes 6..9
    cut(6);
    expect(book.count).toBe(6);
    expect(book.total).toBe(10);
    expect(book.rows(4, 10, false).map((r) => r.index)).toEqual([4, 5, 6, 7, 8, 9]);
    push([rec(6, 3), rec(7, 3)]);
    expect(book.future.map((r) => r.index)).toEqual([8, 9]);
    expect(book.total).toBe(10);
  });

  it('filters by node across present and future', () => {
    const { book, cut } = setup(10);
    book.setFilter({ kinds: [], node: 'B' });
    expect(book.rows(0, 10, true).map((r) => r.index)).toEqual([0, 3, 6, 9]);
    book.stashFuture(3);
    cut(6);
    expect(book.filteredTotal).toBe(4);
    expect(book.rowOf(9, true)).toBe(3);
  });

  it('forgets the future when the timeline branches', () => {
    const { book, cut } = setup(10);
    book.stashFuture(3);
    cut(6);
    book.dropFuture();
    expect(book.total).toBe(6);
  });
});
