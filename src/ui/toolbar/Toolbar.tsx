import { PHASE_KINDS } from '../../nodes/phase';
import { PHASE_LABELS } from '../../store/phases';
import { SPEEDS } from '../../store/speeds';
import { type AppState, type PhaseTarget, useAppStore } from '../../store/store';
import { seconds } from '../common/format';
import { Scrubber } from './Scrubber';

// Stepping: one event, to the next packet, play/pause at a speed, run to the next phase, step
// back; the status line; the timeline scrubber. Space, → and ← do the same (useShortcuts).

export function Toolbar() {
  const ready = useAppStore((s) => s.ready);
  const playing = useAppStore((s) => s.playing);
  const speed = useAppStore((s) => s.speed);
  const phaseTarget = useAppStore((s) => s.phaseTarget);
  const activity = useAppStore((s) => s.activity);
  const notice = useAppStore((s) => s.notice);
  const atStart = useAppStore((s) => s.status.eventIndex === 0);
  const a = useAppStore.getState();
  return (
    <div className="toolbar" role="toolbar" aria-label="Simulation controls">
      <div className="toolbar-row">
        <button
          type="button"
          onClick={() => void a.stepBack()}
          disabled={!ready || atStart}
          aria-label="Step back"
          title="Step back one event (←)"
        >
          ‹ Back
        </button>
        <button
          type="button"
          onClick={() => void a.step()}
          disabled={!ready}
          aria-label="Step one event"
          title="Step one event (→)"
        >
          Step ›
        </button>
        <button
          type="button"
          onClick={() => void a.nextPacket()}
          disabled={!ready}
          aria-label="Step to the next packet"
        >
          Next packet
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => a.togglePlay()}
          disabled={!ready}
          aria-label={playing ? 'Pause' : 'Play'}
          title="Play / pause (Space)"
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <label className="field">
          <span>Speed</span>
          <select value={speed} onChange={(e) => a.setSpeed(e.target.value)} aria-label="Play speed">
            {SPEEDS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-sep" />
        <label className="field">
          <span>Run to</span>
          <select
            value={phaseTarget}
            onChange={(e) => a.setPhaseTarget(e.target.value as PhaseTarget)}
            aria-label="Phase to run to"
          >
            <option value="any">next phase</option>
            {PHASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {PHASE_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void a.runToPhase()} disabled={!ready} aria-label="Run to phase">
          Run »
        </button>
        {activity && (
          <span className="activity" role="status">
            {activity}{' '}
            <button type="button" onClick={() => a.pause()} aria-label="Stop running">
              Stop
            </button>
          </span>
        )}
        {notice && !activity && (
          <span className="notice" role="status" data-testid="notice">
            {notice}
          </span>
        )}
        <Status />
      </div>
      <Scrubber />
    </div>
  );
}

/** What seeking back can use: the runtime's checkpoints and their rough size against the budget. */
function Checkpoints() {
  const cp = useAppStore((s) => s.checkpoints);
  if (cp.count === 0) return null;
  const mb = (b: number) => (b / 1024 ** 2).toFixed(b < 10 * 1024 ** 2 ? 1 : 0);
  return (
    <span
      className="status-checkpoints"
      data-testid="checkpoints"
      title={`${cp.count} checkpoints for stepping back hold about ${mb(cp.bytes)} MB of a ${mb(cp.budget)} MB budget`}
    >
      {' '}
      · {cp.count} checkpoints, {mb(cp.bytes)} MB
    </span>
  );
}

/**
 * A long seek (thousands of events to replay): how far the replay has got, in the status line's
 * place (what that shows is stale until the seek ends), so the toolbar does not reflow and the
 * timeline stays where the user may click again.
 */
function SeekProgress({ seeking }: { seeking: NonNullable<AppState['seeking']> }) {
  const stopSeek = useAppStore((s) => s.stopSeek);
  const { from, done, target } = seeking;
  return (
    <span
      className="seeking"
      data-testid="seek-progress"
      title={`replaying from event ${from} to event ${target}`}
    >
      seeking to event {target}: {done - from} of {target - from} replayed{' '}
      <progress value={done - from} max={target - from} aria-label="Seek progress" />{' '}
      <button
        type="button"
        onClick={stopSeek}
        title="Stop here: the run stays at the event the replay has reached"
      >
        Stop
      </button>
    </span>
  );
}

function Status() {
  const eventIndex = useAppStore((s) => s.status.eventIndex);
  const time = useAppStore((s) => s.status.time);
  const fingerprint = useAppStore((s) => s.status.fingerprint);
  const ready = useAppStore((s) => s.ready);
  const nothing = useAppStore((s) => s.inputProblem !== null && !s.ready && s.activity === null);
  const seeking = useAppStore((s) => s.seeking);
  const restoring = useAppStore((s) => s.restoring);
  return (
    <output className="status" aria-label="Simulation status" data-testid="status">
      {ready && seeking ? (
        <SeekProgress seeking={seeking} />
      ) : ready ? (
        <>
          event <b data-testid="event-index">{eventIndex}</b> · t = <b>{seconds(time)}</b> ·{' '}
          <span
            title={`trace fingerprint ${fingerprint}`}
            data-testid="fingerprint"
            data-fingerprint={fingerprint}
          >
            fp {fingerprint.slice(0, 10)}
          </span>
          <Checkpoints />
        </>
      ) : nothing ? (
        'no scenario loaded'
      ) : restoring ? (
        <span data-testid="restore-progress">
          opening the shared run at event {restoring.target}{' '}
          <progress value={restoring.done} max={restoring.target} aria-label="Replay progress" />
        </span>
      ) : (
        'starting the Workers…'
      )}
    </output>
  );
}
