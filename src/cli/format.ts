import type { FailoverEpisode, RunMetrics } from '../runtime/metrics';
import type { Scenario } from '../scenario/types';
import { formatDuration } from './duration';

// The run's metrics as readable text tables, and the JSON object of --json. Pure: strings in, out.

/** Columns padded to their widest cell; the last column is not padded. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const r of rows) for (const [i, c] of r.entries()) widths[i] = Math.max(widths[i] ?? 0, c.length);
  return rows
    .map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

const n = (x: number) => x.toLocaleString('en-US');

export function faultText(f: { node: string; action: string; atUs: number }): string {
  return `${f.action} ${f.node} @ ${formatDuration(f.atUs)}`;
}

function episodes(title: string, list: readonly FailoverEpisode[], withDetection: boolean): string {
  if (list.length === 0) return `${title}: none`;
  const opt = (us: number | null) => (us === null ? '-' : formatDuration(us));
  const head = [
    'DVIPA',
    'from',
    'to',
    'fault',
    ...(withDetection ? ['detected after'] : []),
    'complete after',
    'SAs',
  ];
  const rows = list.map((e) => [
    e.dvipa,
    e.from ?? '?',
    e.to,
    e.fault ? faultText(e.fault) : '-',
    ...(withDetection ? [opt(e.detectionUs)] : []),
    opt(e.completionUs),
    String(e.sasRenegotiated),
  ]);
  return `${title}\n${table([head, ...rows])}`;
}

export interface RunHeader {
  scenario: Scenario;
  untilUs: number;
}

export function formatRun(
  h: RunHeader,
  m: RunMetrics,
  extra: { failures?: string[]; files?: string[] } = {},
): string {
  const sc = h.scenario;
  const f = m.frames;
  const kinds = (['tcp', 'esp', 'ike', 'gre', 'udp', 'other-ip'] as const)
    .filter((k) => f[k] > 0)
    .map((k) => `${k} ${n(f[k])}`);
  if (f['non-ip'] > 0) kinds.push(`XCF/CF ${n(f['non-ip'])}`);
  const owners = Object.entries(m.owners).map(([dvipa, o]) => [
    dvipa,
    o.length === 0 ? '(none: unavailable)' : o.length > 1 ? `${o.join(', ')} (CONFLICT)` : o[0]!,
  ]);
  const drops = Object.entries(m.drops)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, count]) => [reason, n(count)]);
  const c = m.connections;
  const b = m.bytes;
  const r = m.responses;
  const parts = [
    `${sc.id}: ${sc.title}`,
    `seed ${sc.seed}, until ${formatDuration(h.untilUs)}, faults: ${sc.faults.length ? sc.faults.map((x) => ('node' in x ? faultText(x) : `link ${x.link} ${x.up ? 'up' : 'down'} @ ${formatDuration(x.atUs)}`)).join(', ') : 'none'}`,
    '',
    table(
      [
        ['run', `${n(m.events)} events, virtual time ${formatDuration(m.timeUs)}`],
        [
          'connections',
          `opened ${c.opened}, established ${c.established}, alive ${c.alive}, failed ${c.failed}`,
        ],
        [
          'app bytes',
          `sent ${n(b.sent)}, received ${n(b.received)}, lost ${n(b.lost)}, duplicated ${n(b.duplicated)}`,
        ],
        [
          'responses',
          `verified ${n(r.verified)}, mismatches ${r.mismatches}, duplicates ${r.duplicates}, out of order ${r.outOfOrder}`,
        ],
        ['frames', `${n(f.total)}${kinds.length ? ` (${kinds.join(', ')})` : ''}`],
        ['CF records', String(m.cfRecords)],
      ],
      '',
    ),
    '',
    `DVIPA owners${owners.length ? `\n${table(owners)}` : ': none'}`,
    '',
    episodes('takeovers', m.takeovers, true),
    '',
    episodes('takebacks', m.takebacks, false),
    '',
    `drops${drops.length ? `\n${table(drops)}` : ': none'}`,
  ];
  if (!m.traceComplete)
    parts.push('', 'note: the trace was trimmed in memory; trace-based figures are partial');
  for (const x of extra.failures ?? []) parts.push('', `node failure: ${x}`);
  if (extra.files?.length) parts.push('', ...extra.files.map((x) => `wrote ${x}`));
  parts.push('', `fingerprint ${m.fingerprint}`);
  return parts.join('\n');
}

/** The --json object: the metrics with what was run. */
export function runJson(h: RunHeader, m: RunMetrics, extra: { failures?: string[]; files?: string[] } = {}) {
  return {
    scenario: { id: h.scenario.id, seed: h.scenario.seed, untilUs: h.untilUs, faults: h.scenario.faults },
    ...m,
    failures: extra.failures ?? [],
    files: extra.files ?? [],
  };
}

export function formatPresets(list: readonly Scenario[]): string {
  return table(
    list.map((p, i) => [p.id + (i === 0 ? ' (default)' : ''), p.title]),
    '',
  );
}
