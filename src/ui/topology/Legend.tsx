import { PACKET_KINDS } from '../../store/derive/packets';

export function Legend() {
  return (
    <div className="legend" role="note" aria-label="Legend">
      <div className="legend-row">
        {PACKET_KINDS.map((k) => (
          <span key={k.kind} className="legend-item">
            <svg width="10" height="10" aria-hidden="true">
              <circle cx="5" cy="5" r="4.5" className={`legend-dot packet-${k.kind}`} />
            </svg>
            {k.label}
          </span>
        ))}
      </div>
      <div className="legend-row">
        <span className="legend-item role role-routing">routing</span>
        <span className="legend-item role role-backup">backup n</span>
        <span className="legend-item role role-target">target</span>
        <span className="legend-item role role-down">down</span>
      </div>
    </div>
  );
}
