// Node views carry their big tables a page at a time (the TCP connections, the CRT), in the tables'
// own order (the order the connections were made: no sort per refresh). At 10,000 connections the
// whole tables made every view refresh ~5 MB of rows built in the Workers, copied to the main
// thread and kept there (100–140 ms a refresh, which every step back paid). A view says how many
// rows a table has and holds one page of them; the UI asks for another page by table name, and
// only for the node it shows (the others' views hold the totals and no rows).

/** Rows per table page in a node view. */
export const VIEW_ROWS = 100;

/** The first row wanted, per table name (a missing name: the first page). */
export type TablePages = Readonly<Record<string, number>>;

/** Pages wanted, per node id. */
export type ViewPages = Readonly<Record<string, TablePages>>;

export interface ViewOptions {
  /** Rows per page; 0: the totals only. */
  rows: number;
  from: TablePages;
  /**
   * Only the node's IPsec part (its SA lists), for the capture's keys after each IKE message
   * (runtime/sa-keys.ts): a whole stack view walks its tables, O(connections).
   */
  only?: 'ipsec';
}

export const FIRST_PAGES: ViewOptions = { rows: VIEW_ROWS, from: {} };

/** What a views() call asks for. */
export interface ViewRequest {
  /** The table pages by node id (the first pages when absent). */
  pages?: ViewPages;
  /** Only these nodes' views hold table rows, the others the totals; every node's when absent. */
  rowsOf?: readonly string[];
}

/** The options of one node's view under a request. */
export function viewOptions(node: string, request: ViewRequest): ViewOptions {
  const rows = !request.rowsOf || request.rowsOf.includes(node) ? VIEW_ROWS : 0;
  return { rows, from: request.pages?.[node] ?? {} };
}

/** One page of a table's rows, with where it starts and how many rows the whole table has. */
export interface Page<T> {
  from: number;
  total: number;
  rows: T[];
}

/**
 * The page of `keys` (the table's entries in display order) that `opts` asks for under `name`,
 * made into rows; only that page's rows are built. A start past the end shows the last page; a start
 * that is not a whole non-negative number shows the first.
 */
export function pageOf<K, T>(
  keys: readonly K[],
  name: string,
  opts: ViewOptions,
  row: (key: K) => T,
): Page<T> {
  const total = keys.length;
  const rows = Math.floor(opts.rows);
  if (!(rows > 0)) return { from: 0, total, rows: [] };
  const asked = opts.from[name] ?? 0;
  let from = Number.isSafeInteger(asked) && asked > 0 ? asked : 0;
  if (from >= total) from = total ? Math.floor((total - 1) / rows) * rows : 0;
  return { from, total, rows: keys.slice(from, from + rows).map(row) };
}
