import { useEffect, useRef, useState } from 'react';
import { PHASE_LABELS } from '../../store/phases';
import { useAppStore } from '../../store/store';

// The timeline over event indexes: drag to seek (on release), markers for faults (the user's acts
// too) and failover phases.

export function Scrubber() {
  const eventIndex = useAppStore((s) => s.status.eventIndex);
  const horizon = useAppStore((s) => s.horizon);
  const phases = useAppStore((s) => s.phases);
  const faults = useAppStore((s) => s.faults);
  const seek = useAppStore((s) => s.seek);
  const [draft, setDraft] = useState<number | null>(null);
  /** The pointer is down on the timeline: a draft being dragged outlives a long seek ending. */
  const dragging = useRef(false);
  // A new position from the store ends the drag's draft.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on every move of the event index
  useEffect(() => {
    if (!dragging.current) setDraft(null);
  }, [eventIndex]);
  const max = Math.max(horizon, eventIndex, 1);
  const pct = (e: number) => `${(Math.min(e, max) / max) * 100}%`;
  const commit = () => {
    if (draft !== null && draft !== eventIndex) void seek(draft);
  };
  return (
    <div className="scrubber">
      <div className="scrubber-track">
        <input
          type="range"
          min={0}
          max={max}
          value={draft ?? eventIndex}
          aria-label="Timeline (event index)"
          aria-valuetext={`event ${draft ?? eventIndex} of ${max}`}
          onChange={(e) => setDraft(Number(e.target.value))}
          onPointerDown={(e) => {
            // Captured, so the release reaches the timeline even outside it and ends the drag.
            e.currentTarget.setPointerCapture(e.pointerId);
            dragging.current = true;
          }}
          onPointerUp={() => {
            dragging.current = false;
            commit();
          }}
          onPointerCancel={() => {
            dragging.current = false;
          }}
          onKeyUp={commit}
        />
        <div className="scrubber-marks" aria-hidden="true">
          {faults.map(
            (f) =>
              f.event !== null && (
                <span
                  key={`f${f.event}${f.label}`}
                  className="mark mark-fault"
                  style={{ left: pct(f.event) }}
                  title={f.label}
                />
              ),
          )}
          {phases.map((p) => (
            <span
              key={`p${p.index}`}
              className={`mark mark-phase mark-${p.kind}`}
              style={{ left: pct(p.event) }}
              title={`${PHASE_LABELS[p.kind]} ${p.subject} at ${p.at} (event ${p.event})`}
            />
          ))}
        </div>
      </div>
      <span className="scrubber-end">{max}</span>
    </div>
  );
}
