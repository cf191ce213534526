import { useEffect } from 'react';
import { useAppStore } from '../store/store';
import { CfPanel } from './cf/CfPanel';
import { ErrorBanner } from './common/ErrorBanner';
import { EventList } from './events/EventList';
import { SidePanel } from './SidePanel';
import { scenarioFromLocation } from './scenario-param';
import { Toolbar } from './toolbar/Toolbar';
import { useShortcuts } from './toolbar/useShortcuts';
import { TopologyView } from './topology/TopologyView';

export function App() {
  const scenario = useAppStore((s) => s.scenario);
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  useShortcuts();
  useEffect(() => {
    void useAppStore.getState().loadScenario(scenarioFromLocation(window.location.search));
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Sysplex Distributor · Sysplex-wide IPsec failover emulator</h1>
        <span className="scenario-title" data-testid="scenario-title">
          {scenario.title}
        </span>
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}
          aria-label={`Switch to the ${theme === 'light' ? 'dark' : 'light'} theme`}
        >
          {theme === 'light' ? '☾ dark' : '☀ light'}
        </button>
      </header>
      <ErrorBanner />
      <Toolbar />
      <main className="app-main">
        <div className="col-main">
          <TopologyView />
          <EventList />
        </div>
        <div className="col-side">
          <CfPanel />
          <SidePanel />
        </div>
      </main>
    </div>
  );
}
