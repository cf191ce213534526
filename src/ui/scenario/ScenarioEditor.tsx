import { useEffect, useRef, useState } from 'react';
import { parseProfile } from '../../profile/parse';
import type { Diagnostic } from '../../profile/types';
import { SCENARIO_MODES, type Scenario } from '../../scenario/types';
import {
  checkDraft,
  connectionsLabel,
  draftOf,
  type EditorDraft,
  NUMBER_FIELDS,
  offsetOf,
  profileLabel,
} from './editor-model';

// Each stack's TCP/IP profile with live diagnostics (line:column, parsed a moment after typing
// stops), the workload and timing. Apply validates the whole scenario with the schema and refuses
// while it has problems; a valid one restarts the run.

const DEBOUNCE_MS = 200;

export function ScenarioEditor({
  scenario,
  onApply,
  onClose,
}: {
  scenario: Scenario;
  onApply: (sc: Scenario) => void;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<EditorDraft>(() => draftOf(scenario));
  const [stack, setStack] = useState(scenario.stacks[0]?.name ?? '');
  const [diags, setDiags] = useState<readonly Diagnostic[]>([]);
  const [issues, setIssues] = useState<string[]>([]);
  const area = useRef<HTMLTextAreaElement>(null);
  const text = draft.profiles[stack] ?? '';

  useEffect(() => {
    const t = setTimeout(() => setDiags(parseProfile(text).diagnostics), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  const edit = (patch: Partial<EditorDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setIssues([]);
  };
  const apply = () => {
    const r = checkDraft(scenario, draft);
    if (!r.ok) {
      setIssues(r.issues);
      return;
    }
    onApply(r.scenario);
  };
  const goTo = (d: Diagnostic) => {
    const el = area.current;
    if (!el) return;
    const at = offsetOf(text, d.line, d.column);
    el.focus();
    el.setSelectionRange(at, at + Math.max(1, (d.endColumn ?? d.column + 1) - d.column));
  };
  const num = (key: (typeof NUMBER_FIELDS)[number]['key']) => {
    const label = NUMBER_FIELDS.find((f) => f.key === key)!.label;
    return (
      <label className="field">
        <span>{label}</span>
        <input
          inputMode="numeric"
          value={draft[key]}
          onChange={(e) => edit({ [key]: e.target.value })}
          aria-label={label}
        />
      </label>
    );
  };

  return (
    <div className="editor">
      <div className="editor-profile">
        <div className="tabs" role="tablist" aria-label="Profiles">
          {scenario.stacks.map((s) => (
            <button
              key={s.name}
              type="button"
              role="tab"
              aria-selected={stack === s.name}
              className={stack === s.name ? 'active' : ''}
              onClick={() => setStack(s.name)}
            >
              {s.name}
            </button>
          ))}
        </div>
        <textarea
          ref={area}
          className="profile-editor"
          value={text}
          spellCheck={false}
          wrap="off"
          aria-label={profileLabel(stack)}
          onChange={(e) => edit({ profiles: { ...draft.profiles, [stack]: e.target.value } })}
        />
        <ul className="diagnostics" aria-label={`Diagnostics of ${stack}`} aria-live="polite">
          {diags.length === 0 && <li className="dim">No diagnostics.</li>}
          {diags.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of diagnostics
            <li key={i} className={`diag diag-${d.severity}`}>
              <button
                type="button"
                className="link"
                onClick={() => goTo(d)}
                aria-label={`Go to line ${d.line}`}
              >
                {d.line}:{d.column}
              </button>{' '}
              {d.severity}: {d.message}
            </li>
          ))}
        </ul>
      </div>
      <div className="editor-params">
        <fieldset>
          <legend>Workload</legend>
          {scenario.clients.map((c) => (
            <label className="field" key={c.name}>
              <span>{connectionsLabel(c.name)}</span>
              <input
                inputMode="numeric"
                value={draft.connections[c.name] ?? ''}
                onChange={(e) => edit({ connections: { ...draft.connections, [c.name]: e.target.value } })}
                aria-label={connectionsLabel(c.name)}
              />
            </label>
          ))}
          {num('requestBytes')}
          {num('intervalUs')}
        </fieldset>
        <fieldset>
          <legend>Timing and run</legend>
          {num('failureDetectionUs')}
          {num('seed')}
          <label className="field">
            <span>Mode</span>
            <select
              value={draft.mode}
              onChange={(e) => edit({ mode: e.target.value as EditorDraft['mode'] })}
              aria-label="Mode"
            >
              {SCENARIO_MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        {issues.length > 0 && (
          <ul className="editor-issues" role="alert" aria-label="Scenario problems">
            {issues.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of messages
              <li key={i}>{t}</li>
            ))}
          </ul>
        )}
        <p className="dim">Apply restarts the run from the start with this scenario.</p>
        <div className="editor-actions">
          <button type="button" className="primary" onClick={apply}>
            Apply
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
