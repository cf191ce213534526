import { DETAIL_PANELS } from '../scenario/schema';
import { useAppStore } from '../store/store';
import { TabBar } from './common/TabBar';
import { Inspector } from './inspector/Inspector';
import { MetricsPanel } from './metrics/MetricsPanel';
import { StackPanel } from './stack/StackPanel';

// Inspector, the selected node's tables, and the metrics, as tabs; selecting a record opens the
// inspector, selecting a node its tables (the store does: the open tab is part of a shared link).

export function SidePanel() {
  const tab = useAppStore((s) => s.panel);
  const setTab = useAppStore((s) => s.showPanel);
  const node = useAppStore((s) => s.selectedNode);
  return (
    <section className="side panel" aria-label="Details">
      <TabBar
        tabs={DETAIL_PANELS}
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
