import { useEffect, useState } from 'react';
import { useAppStore } from '../store/store';
import { TabBar } from './common/TabBar';
import { Inspector } from './inspector/Inspector';
import { MetricsPanel } from './metrics/MetricsPanel';
import { StackPanel } from './stack/StackPanel';

// Inspector, the selected node's tables, and the metrics, as tabs; selecting a record opens the
// inspector, selecting a node its tables.

const TABS = ['Inspector', 'Node', 'Metrics'] as const;
type Tab = (typeof TABS)[number];

export function SidePanel() {
  const [tab, setTab] = useState<Tab>('Metrics');
  const record = useAppStore((s) => s.selectedRecord?.index);
  const node = useAppStore((s) => s.selectedNode);
  // A node selected with a record (a shared link restores both): the record's inspector wins.
  useEffect(() => {
    if (node) setTab('Node');
  }, [node]);
  useEffect(() => {
    if (record !== undefined) setTab('Inspector');
  }, [record]);
  return (
    <section className="side panel" aria-label="Details">
      <TabBar
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
        label="Detail panels"
        title={(t) => (t === 'Node' && node ? `Node ${node}` : t)}
      />
      <div className="side-body" role="tabpanel" aria-label={tab}>
        {tab === 'Inspector' && <Inspector />}
        {tab === 'Node' && <StackPanel />}
        {tab === 'Metrics' && <MetricsPanel />}
      </div>
    </section>
  );
}
