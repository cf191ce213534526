import { useEffect, useState } from 'react';
import { useAppStore } from '../store/store';
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
      <div className="tabs" role="tablist" aria-label="Detail panels">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : ''}
            onClick={() => setTab(t)}
          >
            {t === 'Node' ? (node ? `Node ${node}` : 'Node') : t}
          </button>
        ))}
      </div>
      <div className="side-body" role="tabpanel" aria-label={tab}>
        {tab === 'Inspector' && <Inspector />}
        {tab === 'Node' && <StackPanel />}
        {tab === 'Metrics' && <MetricsPanel />}
      </div>
    </section>
  );
}
