import { forwardRef } from 'react';

// Where a stack is dropped to kill it (at the current virtual time, recorded in the timeline).
export const KillZone = forwardRef<HTMLElement, { armed: boolean; dragging: boolean }>(function KillZone(
  { armed, dragging },
  ref,
) {
  return (
    <section
      ref={ref}
      className={`kill-zone${armed ? ' kill-zone-armed' : ''}${dragging ? ' kill-zone-dragging' : ''}`}
      aria-label="Kill zone: drop a stack here to kill it"
      data-testid="kill-zone"
    >
      <span aria-hidden="true">☠</span> Drop a stack here to kill it
    </section>
  );
});
