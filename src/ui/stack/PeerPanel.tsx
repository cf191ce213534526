import { useState } from 'react';
import type { TcpView } from '../../nodes/tcp/view';
import type { NodeView } from '../../sim/host';
import { PagedTable } from '../common/PagedTable';
import { TabBar } from '../common/TabBar';
import { Table } from '../common/Table';
import { DropsTable, SaTables, saTabTitle } from './NodeTables';

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
  'bytesUnanswered',
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
      <TabBar
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
        label={`Tables of ${view.id}`}
        title={saTabTitle}
      />
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
        {tab === 'SAs' && <SaTables state={view.state} />}
        {tab === 'Drops' && <DropsTable drops={s.drops} />}
      </div>
    </div>
  );
}
