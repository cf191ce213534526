import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../runtime/runtime';
import { figure9 } from '../scenario/presets/figure9';
import { formatIssue, scenarioDocument } from '../scenario/schema';
import type { TraceRecord } from '../sim/types';
import { momentIssues, RESTORE_LIMIT_US } from './moment-issues';

const status = (eventIndex: number, time: number, nextTime: number | null = time + 1): RuntimeStatus => ({
  eventIndex,
  time,
  fingerprint: '',
  pending: nextTime === null ? 0 : 1,
  nextTime,
  failed: [],
});
const record = (index: number, event: number) =>
  ({ index, event, time: 0, node: 'MVS1', kind: 'frame', summary: '' }) as TraceRecord;
const sc = {
  ...figure9,
  faults: [
    { atUs: 400_000, afterEvent: 300, node: 'MVS1', action: 'kill' as const },
    { atUs: 900_000_000, afterEvent: 5_000_000, node: 'MVS1', action: 'restart' as const },
  ],
};

describe('what a replayed document names that its run did not reach', () => {
  it('nothing when the run reached the moment and holds the record', () => {
    const doc = scenarioDocument(sc, { eventIndex: 2_500, selectedRecord: 4_000 });
    expect(momentIssues(doc, status(2_500, 1_000_000), record(4_000, 2_499), 4_010)).toEqual([]);
    expect(momentIssues(scenarioDocument(sc), status(10, 5), undefined, 30)).toEqual([]);
    // An act's own record, written at the moment's event before it runs, is the moment's.
    expect(momentIssues(doc, status(2_500, 1_000_000), record(4_000, 2_500), 4_001)).toEqual([]);
  });

  it('a moment past the clock limit: the moment and the acts it skipped, by field', () => {
    const doc = scenarioDocument(sc, { eventIndex: 999_999_999 });
    const lines = momentIssues(doc, status(302_485, RESTORE_LIMIT_US + 1), undefined, 900_000).map(
      formatIssue,
    );
    expect(lines).toEqual([
      "view.eventIndex: event 999999999 is not reached: the run's clock passes 3600 s (the limit of a scenario's times) at event 302485; the run is shown at event 302485",
      'scenario.faults[1].afterEvent: event 5000000 is not reached (the run stopped at event 302485); this act was not applied',
    ]);
  });

  it('a run that ends first, and a selected record it does not have', () => {
    const doc = scenarioDocument(figure9, { eventIndex: 900, selectedRecord: 77_777 });
    expect(momentIssues(doc, status(800, 2_000, null), undefined, 2_000).map(formatIssue)).toEqual([
      'view.eventIndex: event 900 is not reached: the run ends after 800 events; the run is shown at event 800',
      'view.selectedRecord: the run has no trace record 77777 by event 800; no packet is selected',
    ]);
    // A record of an event after the moment (from the remembered future) is not the moment's.
    const at = scenarioDocument(figure9, { eventIndex: 900, selectedRecord: 5 });
    expect(momentIssues(at, status(900, 2_000), record(5, 950), 5).map((i) => i.path)).toEqual([
      'view.selectedRecord',
    ]);
  });
});
