import { useAppStore } from '../../store/store';
import { Plot } from './Plot';

// Metrics over virtual time and the invariant monitor (with the event at which one broke).

export function MetricsPanel() {
  const samples = useAppStore((s) => s.samples);
  const phases = useAppStore((s) => s.phases);
  const faults = useAppStore((s) => s.faults);
  const invariants = useAppStore((s) => s.invariants);
  const breaks = useAppStore((s) => s.invariantBreaks);
  const seek = useAppStore((s) => s.seek);
  const last = samples[samples.length - 1];
  return (
    <section className="metrics" aria-label="Metrics">
      <div className="metrics-now" data-testid="metrics-now">
        <span className="series-alive-key">■</span> alive connections{' '}
        <b data-testid="alive">{last?.alive ?? 0}</b>
        {' · '}
        <span className="series-verified-key">■</span> verified responses <b>{last?.verified ?? 0}</b>
        {' · '}failed {last?.failed ?? 0}
      </div>
      <Plot samples={samples} phases={phases} faults={faults} />
      <h4>Invariants</h4>
      <ul className="invariants" aria-label="Invariants">
        {invariants.map((c) => {
          const b = breaks[c.id];
          return (
            <li key={c.id} className={`inv inv-${c.state.replace('/', '')}`}>
              <span className="inv-state">{c.state}</span> <b>{c.label}</b>
              <div className="dim">{c.detail}</div>
              {b && (
                <div className="problem">
                  broke by event {b.event}: {b.detail}{' '}
                  <button type="button" onClick={() => void seek(b.event)}>
                    go there
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
