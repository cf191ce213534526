import type { RuntimeStatus } from '../runtime/runtime';
import { formatPath, type Issue, LIMITS, type ScenarioDocument } from '../scenario/schema';
import type { TraceRecord } from '../sim/types';

// What a shared or imported document names that its replayed run did not reach. The schema checks
// the moment is a whole number in bounds; only the replay shows whether the run gets there: it
// stops when the run has nothing left or its clock passes LIMITS.timeUs (no act of a document can
// be later, so no shared moment can either). A link edited by hand is caught here.

/** The clock past which opening a document stops replaying towards its moment. */
export const RESTORE_LIMIT_US = LIMITS.timeUs;

export function momentIssues(
  doc: ScenarioDocument,
  reached: RuntimeStatus,
  selected: TraceRecord | undefined,
  /** Records in the trace at the moment reached (an act's own record at that event is one). */
  presentRecords: number,
): Issue[] {
  const view = doc.view;
  if (!view) return [];
  const issues: Issue[] = [];
  const at = reached.eventIndex;
  if (at < view.eventIndex) {
    const why =
      reached.time > RESTORE_LIMIT_US
        ? `the run's clock passes ${RESTORE_LIMIT_US / 1_000_000} s (the limit of a scenario's times) at event ${at}`
        : `the run ends after ${at} events`;
    issues.push({
      path: 'view.eventIndex',
      message: `event ${view.eventIndex} is not reached: ${why}; the run is shown at event ${at}`,
    });
    doc.scenario.faults.forEach((f, i) => {
      if (f.afterEvent !== undefined && f.afterEvent > at)
        issues.push({
          path: formatPath(['scenario', 'faults', i, 'afterEvent']),
          message: `event ${f.afterEvent} is not reached (the run stopped at event ${at}); this act was not applied`,
        });
    });
  }
  if (view.selectedRecord !== undefined && (!selected || selected.index >= presentRecords))
    issues.push({
      path: 'view.selectedRecord',
      message: `the run has no trace record ${view.selectedRecord} by event ${at}; no packet is selected`,
    });
  return issues;
}
