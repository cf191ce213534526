import { useAppStore } from '../store/store';
import { TopologyView } from './topology/TopologyView';

export function App() {
  const scenario = useAppStore((s) => s.scenario);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Sysplex Distributor · Sysplex-wide IPsec failover emulator</h1>
        <span className="scenario-title" data-testid="scenario-title">
          {scenario.title}
        </span>
      </header>
      <main className="app-main">
        <TopologyView />
      </main>
    </div>
  );
}
