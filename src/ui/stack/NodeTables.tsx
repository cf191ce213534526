import { phase1Sas, phase2Sas } from '../../store/derive/sas';
import { Table } from '../common/Table';

// Tables a stack and a client host both have: their IKE / ESP SAs and their drops by reason.

export const saTabTitle = (t: string) => (t === 'SAs' ? 'Phase 1 / Phase 2 SAs' : t);

export function SaTables({ state }: { state: unknown }) {
  return (
    <>
      <h4>Phase 1 (IKE SAs)</h4>
      <Table rows={phase1Sas(state)} label="Phase 1 SAs" empty="no SAs" />
      <h4>Phase 2 (ESP child SAs)</h4>
      <Table rows={phase2Sas(state)} label="Phase 2 SAs" empty="no SAs" />
    </>
  );
}

export function DropsTable({ drops }: { drops: Record<string, number> | undefined }) {
  return (
    <Table
      rows={Object.entries(drops ?? {}).map(([reason, count]) => ({ reason, count }))}
      label="Drops"
      empty="no drops"
    />
  );
}
