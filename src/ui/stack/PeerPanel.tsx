import { useState } from 'react';
import type { TcpView } from '../../nodes/tcp/view';
import type { NodeView } from '../../sim/host';
import { phase1Sas, phase2Sas } from '../../store/derive/sas';
import { PagedTable } from '../common/PagedTable';
import { Table } from '../common/Table';

// A client host (kind 'peer'): its clients' counters, its TCP connections a page at a time, its
// IKE / ESP SAs, and drops by reason.

const TABS = ['Clients', 'CONN', 'SAs', 'Drops'] as const;
type Tab = (typeof TABS)[number];
const CLIENT_COLUMNS = [
  'name',
  'connectionsOpened',
  'connectionsAlive',
  'connectionsFailed',
  'requestsSent',
  'responsesVerified',
  'mismatches',
  'duplicates',
  'outOfOrder',
  'bytesLost',
];
const CONN_COLUMNS = ['local', 'remote', 'state', 'inFlight', 'unsent', 'retransmits', 'bytesIn', 'bytesOut'];

interface PeerViewLike {
  clients?: Record<string, unknown>[];
  tcp?: TcpView;
  drops?: Record<string, number>;
}

export function PeerPanel({ view }: { view: NodeView }) {
  const [tab, setTab] = useState<Tab>('Clients');
  const s = (view.state ?? {}) as PeerViewLike;
  return (
    <div className="stack-panel">
      <h3>
        {view.id} <span className="dim">(client host)</span>
      </h3>
      <div className="tabs" role="tablist" aria-label={`Tables of ${view.id}`}>
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            onClick={() => setTab(t)}
          >
            {t === 'SAs' ? 'Phase 1 / Phase 2 SAs' : t}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab} className="tab-body">
        {tab === 'Clients' && <Table rows={s.clients ?? []} columns={CLIENT_COLUMNS} label="Clients" />}
        {tab === 'CONN' &&
          (s.tcp ? (
            <PagedTable
              node={view.id}
              table="tcp"
              page={s.tcp.conns}
              label="TCP connections"
              columns={CONN_COLUMNS}
              empty="no connections"
            />
          ) : (
            <p className="dim">no TCP table</p>
          ))}
        {tab === 'SAs' && (
          <>
            <h4>Phase 1 (IKE SAs)</h4>
            <Table rows={phase1Sas(view.state)} label="Phase 1 SAs" empty="no SAs" />
            <h4>Phase 2 (ESP child SAs)</h4>
            <Table rows={phase2Sas(view.state)} label="Phase 2 SAs" empty="no SAs" />
          </>
        )}
        {tab === 'Drops' && (
          <Table
            rows={Object.entries(s.drops ?? {}).map(([reason, count]) => ({ reason, count }))}
            label="Drops"
            empty="no drops"
          />
        )}
      </div>
    </div>
  );
}
