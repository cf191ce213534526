import type { StackView } from '../../nodes/stack/views';
import { NODE_TABLES } from '../../scenario/schema';
import { useAppStore } from '../../store/store';
import { PagedTable } from '../common/PagedTable';
import { TabBar } from '../common/TabBar';
import { Table } from '../common/Table';
import { DropsTable, SaTables, saTabTitle } from './NodeTables';
import { PeerPanel } from './PeerPanel';
import { ProfileText } from './ProfileText';

// The selected stack, NETSTAT-like: VIPADCFG, VIPADYN, VDPT, VCRT, its TCP connections (CONN),
// its Phase 1 / Phase 2 SAs, drops by reason, and its profile with the parser's diagnostics
// (line:column). VCRT and CONN come a page at a time (they grow with the connections).

const CONN_COLUMNS = [
  'local',
  'remote',
  'state',
  'open',
  'inFlight',
  'unsent',
  'retransmits',
  'bytesIn',
  'bytesOut',
];

export function StackPanel() {
  const node = useAppStore((s) => s.selectedNode);
  const view = useAppStore((s) => (node ? s.views[node] : undefined));
  const tab = useAppStore((s) => s.table);
  const setTab = useAppStore((s) => s.showTable);
  if (!node || !view) return <p className="dim">Click a stack in the topology to see its tables.</p>;
  if (view.kind === 'peer') return <PeerPanel view={view} />;
  if (view.kind !== 'stack')
    return (
      <div className="stack-panel">
        <h3>
          {node} <span className="dim">({view.kind})</span>
        </h3>
        <pre className="raw-view">{JSON.stringify(view.state, null, 1).slice(0, 6000)}</pre>
      </div>
    );
  const s = view.state as StackView;
  return (
    <div className={view.up ? 'stack-panel' : 'stack-panel stack-down'}>
      <h3>
        {node} {!view.up && <span className="chip chip-down">DOWN</span>}
        <span className="dim"> XCF {s.xcf}</span>
      </h3>
      {!view.up && (
        <p className="down-note" data-testid="down-note">
          {node} is down: these are its tables as they were when it failed, not live ones.
        </p>
      )}
      <TabBar
        tabs={NODE_TABLES}
        selected={tab}
        onSelect={setTab}
        label={`Tables of ${node}`}
        title={saTabTitle}
      />
      <div role="tabpanel" aria-label={tab} className="tab-body">
        {tab === 'VIPADCFG' && <Table rows={s.vipadcfg} label="VIPADCFG" />}
        {tab === 'VIPADYN' && <Table rows={s.vipadyn} label="VIPADYN" />}
        {tab === 'VDPT' && <Table rows={s.vdpt} label="VDPT" />}
        {tab === 'VCRT' && <PagedTable node={node} table="vcrt" page={s.vcrt} label="VCRT" />}
        {tab === 'CONN' && (
          <PagedTable
            node={node}
            table="tcp"
            page={s.tcp.conns}
            label="TCP connections"
            columns={CONN_COLUMNS}
            empty="no connections"
          />
        )}
        {tab === 'SAs' && <SaTables state={s} />}
        {tab === 'Drops' && <DropsTable drops={s.drops} />}
        {tab === 'Profile' && <ProfileText text={s.profile ?? ''} diagnostics={s.diagnostics ?? []} />}
      </div>
    </div>
  );
}
