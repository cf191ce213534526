import { useEffect } from 'react';
import { defaultPreset } from '../scenario/presets';
import { formatIssue } from '../scenario/schema';
import { useAppStore } from '../store/store';
import { CfPanel } from './cf/CfPanel';
import { ErrorBanner } from './common/ErrorBanner';
import { EventList } from './events/EventList';
import { SidePanel } from './SidePanel';
import { InputProblemBanner } from './scenario/InputProblemBanner';
import { isShown, markShown, showPreset } from './scenario/location';
import { ScenarioBar } from './scenario/ScenarioBar';
import { startupFromLocation } from './scenario-param';
import { Toolbar } from './toolbar/Toolbar';
import { useShortcuts } from './toolbar/useShortcuts';
import { TopologyView } from './topology/TopologyView';

export function App() {
  const scenario = useAppStore((s) => s.scenario);
  const theme = useAppStore((s) => s.theme);
  // A bad link opened nothing: the Figure 9 drawn underneath is not a loaded scenario.
  const nothing = useAppStore((s) => s.inputProblem !== null && !s.ready && s.activity === null);
  const setTheme = useAppStore((s) => s.setTheme);
  useShortcuts();
  useEffect(() => {
    openFromLocation();
    // Back, Forward, or a link pasted into this tab's address bar: open what the URL now names,
    // so the URL and the scenario on screen never disagree. (Both events come for a traversal
    // that changes the hash; the second finds the URL already shown.)
    const onNavigate = () => {
      if (!isShown()) openFromLocation();
    };
    window.addEventListener('popstate', onNavigate);
    window.addEventListener('hashchange', onNavigate);
    return () => {
      window.removeEventListener('popstate', onNavigate);
      window.removeEventListener('hashchange', onNavigate);
    };
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Sysplex Distributor · Sysplex-wide IPsec failover emulator</h1>
        <span className="scenario-title" data-testid="scenario-title">
          {nothing ? 'no scenario loaded' : scenario.title}
        </span>
        <ScenarioBar />
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}
          aria-label={`Switch to the ${theme === 'light' ? 'dark' : 'light'} theme`}
        >
          {theme === 'light' ? '☾ dark' : '☀ light'}
        </button>
      </header>
      <InputProblemBanner onOpenDefault={openDefault} />
      <ErrorBanner />
      <Toolbar />
      <main className={nothing ? 'app-main nothing-loaded' : 'app-main'} inert={nothing}>
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

/** Opens what the URL names: a shared link (replayed to its moment), a preset, or the default. */
function openFromLocation(): void {
  const start = startupFromLocation(window.location.search, window.location.hash);
  markShown();
  const store = useAppStore.getState();
  if (start.kind === 'bad-link')
    store.showInputProblem({
      title: 'This link could not be opened; nothing was loaded.',
      issues: start.issues.map(formatIssue),
    });
  else void store.openDocument(start.doc);
}

function openDefault(): void {
  showPreset(null, 'replace');
  void useAppStore.getState().loadScenario(defaultPreset);
}
