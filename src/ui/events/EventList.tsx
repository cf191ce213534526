import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TraceKind, TraceRecord } from '../../sim/types';
import { playingFast, speedById } from '../../store/speeds';
import { useAppStore } from '../../store/store';
import { isFiltered } from '../../store/trace-book';
import { millis } from '../common/format';
import { useThrottled } from '../common/use-throttled';

// The event log, like a network simulator's simulation mode: time, node, kind, summary. Only the
// visible rows are rendered (fixed row height); rows come from the store, which reads them from
// the runtime. Rows past the current event (remembered after stepping back) are dimmed. Clicking
// a row seeks to its moment and selects its packet. It follows the newest row unless scrolled up.

const ROW_H = 22;
const OVERSCAN = 8;
const KINDS: TraceKind[] = ['frame', 'send', 'note', 'drop', 'control', 'timer', 'link', 'lost', 'error'];

/**
 * While playing at 1× virtual time or faster, the rows change at most this often: they scroll by
 * faster than anyone reads them, and rewriting them at every refresh cost frames (at 100
 * connections as fast as possible, six runs each: 8.0% of frames over 20 ms before, 4.7–6.8%
 * after; bench/SCALE.md, twentieth session).
 */
export const FAST_ROWS_EVERY_MS = 100;

export function EventList() {
  const fast = useAppStore((s) => playingFast(s.playing, speedById(s.speed)));
  const filter = useAppStore((s) => s.filter);
  // A new filter shows at once: the old filter's counts would place the wrong rows.
  const trace = useThrottled(
    useAppStore((s) => s.trace),
    fast ? FAST_ROWS_EVERY_MS : 0,
    filter,
  );
  const selected = useAppStore((s) => s.selectedRecord?.index ?? null);
  const filtered = isFiltered(filter);
  const total = filtered ? trace.filteredTotal : trace.total;
  // The rows up to the present: the list follows the present, not the end of a remembered future.
  const presentRows = filtered ? trace.filteredCount : trace.count;

  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);
  const [follow, setFollow] = useState(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Follow the present: keep the row of the current event in view. The rows shown are worked out
  // from where the list will be scrolled (no layout read), and the scroll is set in the next
  // animation frame, where the browser lays the page out anyway: following forces no layout of its
  // own (it forced two, and a second render on the scroll event, on every refresh while playing).
  const followTop = follow ? Math.max(0, presentRows * ROW_H - height) : null;
  const written = useRef<number | null>(null);
  // Following skipped its own scroll events (onScroll): leaving it takes up where the list is, before
  // the browser paints.
  useLayoutEffect(() => {
    if (!follow && box.current) setScrollTop(box.current.scrollTop);
  }, [follow]);
  useEffect(() => {
    if (followTop === null) {
      written.current = null;
      return;
    }
    const frame = requestAnimationFrame(() => {
      const el = box.current;
      if (el && written.current !== followTop) {
        el.scrollTop = followTop;
        written.current = followTop;
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [followTop]);

  const top = followTop ?? scrollTop;
  const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
  const last = Math.min(total, Math.ceil((top + height) / ROW_H) + OVERSCAN);
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows change with the trace version
  const rows = useMemo(() => useAppStore.getState().rows(first, last), [first, last, trace.version, filter]);

  // Rows are keyed by their place modulo the number of places shown, not by record: when the list
  // moves by k rows, the k keys leaving are the k keys coming in, so React gives the rows scrolled
  // out to the rows scrolled in and rewrites their text, instead of creating ~11 DOM nodes per new
  // record (~300 rows a second while following at 10,000 connections, garbage a moment later).
  const slots = Math.max(1, last - first);

  return (
    <section className="events panel" aria-label="Event list">
      <div className="panel-head">
        <h2>Events</h2>
        <EventFilters />
        <label className="follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow
        </label>
        <span className="dim">{total} rows</span>
      </div>
      {trace.firstKept > 0 && (
        <p className="dim event-kept" role="note">
          Records before #{trace.firstKept} are not in memory: seek back to see them again.
        </p>
      )}
      <div className="event-header" aria-hidden="true">
        <span>#</span>
        <span>time ms</span>
        <span>node</span>
        <span>kind</span>
        <span>summary</span>
      </div>
      <div
        ref={box}
        className="event-rows"
        role="listbox"
        aria-label="Trace records"
        tabIndex={0}
        onScroll={(e) => {
          // Following, the list shows the present wherever it is scrolled: nothing to do (reading
          // scrollTop here laid the page out, one scroll event a frame while playing).
          if (follow) return;
          const el = e.currentTarget;
          setScrollTop(el.scrollTop);
          // Scrolling back to the end by hand follows again.
          if (!follow && el.scrollTop + el.clientHeight >= el.scrollHeight - 2) setFollow(true);
        }}
        onWheel={(e) => {
          if (e.deltaY < 0) setFollow(false);
        }}
        onKeyDown={(e) => {
          if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) setFollow(false);
          // ↑ / ↓ select the previous / next row (and seek to it).
          if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && selected !== null) {
            e.preventDefault();
            e.stopPropagation();
            const st = useAppStore.getState();
            const row = st.rowOf(selected) + (e.key === 'ArrowDown' ? 1 : -1);
            const next = row >= 0 ? st.rows(row, row + 1)[0] : undefined;
            if (next) {
              void st.selectRecord(next.index);
              const el = e.currentTarget;
              if (row * ROW_H < el.scrollTop || (row + 1) * ROW_H > el.scrollTop + el.clientHeight)
                el.scrollTop = Math.max(0, row * ROW_H - el.clientHeight / 2);
            }
          }
        }}
      >
        <div style={{ height: total * ROW_H, position: 'relative' }}>
          {rows.map((r, i) => {
            // Unfiltered, a row is its record's index: records not in memory (a trace that skipped
            // ahead) leave their rows empty instead of shifting the ones after them.
            const place = filtered ? first + i : r.index;
            return (
              <EventRow
                key={place % slots}
                record={r}
                top={place * ROW_H}
                selected={r.index === selected}
                future={r.index >= trace.count}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

/** The kind toggles and the node filter: re-rendered when the filter or the scenario changes, not per refresh. */
const EventFilters = memo(function EventFilters() {
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const scenario = useAppStore((s) => s.scenario);
  const nodes = useMemo(
    () => [...scenario.stacks.map((s) => s.name), 'CF', 'Router', ...scenario.clients.map((c) => c.name)],
    [scenario],
  );
  const toggleKind = (k: TraceKind) =>
    setFilter({
      ...filter,
      kinds: filter.kinds.includes(k) ? filter.kinds.filter((x) => x !== k) : [...filter.kinds, k],
    });
  return (
    <>
      <fieldset className="event-filters" aria-label="Filter by kind">
        {KINDS.map((k) => (
          <label key={k} className={`kind-toggle kind-${k}`}>
            <input
              type="checkbox"
              checked={filter.kinds.includes(k)}
              onChange={() => toggleKind(k)}
              aria-label={`Show ${k} records`}
            />
            {k}
          </label>
        ))}
      </fieldset>
      <select
        aria-label="Filter by node"
        value={filter.node ?? ''}
        onChange={(e) => setFilter({ ...filter, node: e.target.value || null })}
      >
        <option value="">all nodes</option>
        {nodes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </>
  );
});

const EventRow = memo(function EventRow({
  record: r,
  top,
  selected,
  future,
}: {
  record: TraceRecord;
  top: number;
  selected: boolean;
  future: boolean;
}) {
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={`record ${r.index}: ${r.node} ${r.kind} ${r.summary}`}
      data-kind={r.kind}
      className={`event-row${selected ? ' selected' : ''}${future ? ' future' : ''}${r.frame ? ' has-frame' : ''}`}
      style={{ top, height: ROW_H }}
      data-index={r.index}
      data-event={r.event}
      onClick={() => void useAppStore.getState().selectRecord(r.index)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void useAppStore.getState().selectRecord(r.index);
      }}
      tabIndex={-1}
    >
      <span className="num">{r.index}</span>
      <span className="num">{millis(r.time)}</span>
      <span>{r.node}</span>
      <span className={`kind kind-${r.kind}`}>{r.kind}</span>
      <span className="summary" title={r.summary}>
        {r.summary}
      </span>
    </div>
  );
});
