import type { Page } from '../../sim/view-page';
import { useAppStore } from '../../store/store';
import { Table } from './Table';

// A node table that the view carries a page at a time (src/sim/view-page.ts): the page's rows and
// buttons that ask the store for the first, previous, next and last page.

// biome-ignore lint/suspicious/noExplicitAny: any row object (interfaces have no index signature)
type Row = Record<string, any>;

export function PagedTable({
  node,
  table,
  page,
  label,
  columns,
  empty,
}: {
  node: string;
  table: string;
  page: Page<Row>;
  label: string;
  columns?: readonly string[];
  empty?: string;
}) {
  const show = useAppStore((s) => s.showTablePage);
  const size = Math.max(1, page.rows.length);
  const { from, total } = page;
  const last = total ? Math.floor((total - 1) / size) * size : 0;
  const go = (to: number) => void show(node, table, to);
  return (
    <div className="paged-table">
      {total > page.rows.length && (
        <nav className="pager" aria-label={`${label} pages`}>
          <button type="button" disabled={from === 0} onClick={() => go(0)}>
            First
          </button>
          <button type="button" disabled={from === 0} onClick={() => go(Math.max(0, from - size))}>
            Previous
          </button>
          <span className="dim" data-testid={`${table}-rows`}>
            rows {(from + 1).toLocaleString('en-US')}–{(from + page.rows.length).toLocaleString('en-US')} of{' '}
            {total.toLocaleString('en-US')}
          </span>
          <button type="button" disabled={from + page.rows.length >= total} onClick={() => go(from + size)}>
            Next
          </button>
          <button type="button" disabled={from >= last} onClick={() => go(last)}>
            Last
          </button>
        </nav>
      )}
      <Table rows={page.rows} label={label} {...(columns ? { columns } : {})} {...(empty ? { empty } : {})} />
    </div>
  );
}
