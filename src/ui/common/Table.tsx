// A plain table over rows of objects; columns default to the first row's keys.

// biome-ignore lint/suspicious/noExplicitAny: any row object (interfaces have no index signature)
type Row = Record<string, any>;

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function Table({
  rows,
  columns,
  label,
  empty = 'none',
  highlight,
}: {
  rows: readonly Row[];
  columns?: readonly string[];
  label: string;
  empty?: string;
  highlight?: (row: Row) => boolean;
}) {
  if (!rows.length) return <p className="dim table-empty">{empty}</p>;
  const cols = columns ?? Object.keys(rows[0]!);
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          {cols.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
          <tr key={i} className={highlight?.(r) ? 'hl' : ''}>
            {cols.map((c) => (
              <td key={c}>{cell(r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
