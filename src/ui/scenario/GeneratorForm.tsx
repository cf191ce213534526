import { useState } from 'react';
import type { Scenario } from '../../scenario/types';
import {
  DEFAULT_GENERATOR,
  GENERATOR_FIELDS,
  GENERATOR_METHODS,
  type GeneratorDraft,
  generateFromDraft,
  totalConnections,
} from './generator-model';

// A generated sysplex in the shape of Figure 9 (src/scenario/generate.ts): up to 32 stacks and 4
// DVIPAs, each with its backups, app servers on a mix of stacks, remote clients connecting to
// every DVIPA. Generate validates it like any scenario and restarts the run with it.

export function GeneratorForm({ onGenerate }: { onGenerate: (sc: Scenario) => void }) {
  const [draft, setDraft] = useState<GeneratorDraft>(DEFAULT_GENERATOR);
  const [issues, setIssues] = useState<string[]>([]);
  const edit = (patch: Partial<GeneratorDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setIssues([]);
  };
  const generate = () => {
    const r = generateFromDraft(draft);
    if (r.ok) onGenerate(r.scenario);
    else setIssues(r.issues);
  };
  const total = totalConnections(draft);
  return (
    <form
      className="generator"
      aria-label="Generate a sysplex"
      onSubmit={(e) => {
        e.preventDefault();
        generate();
      }}
    >
      <div className="generator-fields">
        {GENERATOR_FIELDS.map((f) => (
          <label className="field" key={f.key}>
            <span>
              {f.label}{' '}
              <span className="dim">
                ({f.min}–{f.max})
              </span>
            </span>
            <input
              inputMode="numeric"
              value={draft[f.key]}
              onChange={(e) => edit({ [f.key]: e.target.value })}
              aria-label={f.label}
            />
          </label>
        ))}
        <label className="field">
          <span>Distribution method</span>
          <select
            value={draft.distMethod}
            onChange={(e) => edit({ distMethod: e.target.value as GeneratorDraft['distMethod'] })}
            aria-label="Distribution method"
          >
            {GENERATOR_METHODS.map((m) => (
              <option key={m} value={m}>
                {m === 'mixed' ? 'mixed (one per statement)' : m}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Backups distribute to</span>
          <select
            value={draft.backupTargets}
            onChange={(e) => edit({ backupTargets: e.target.value as GeneratorDraft['backupTargets'] })}
            aria-label="Backups distribute to"
          >
            <option value="same-servers">the same servers</option>
            <option value="any">any stacks</option>
          </select>
        </label>
        <label className="field field-check">
          <input
            type="checkbox"
            checked={draft.ipsec}
            onChange={(e) => edit({ ipsec: e.target.checked })}
            aria-label="IPsec"
          />
          <span>Protect the DVIPAs with IPsec (Sysplex-wide IPsec)</span>
        </label>
      </div>
      {issues.length > 0 && (
        <ul className="editor-issues" role="alert" aria-label="Generator problems">
          {issues.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of messages
            <li key={i}>{t}</li>
          ))}
        </ul>
      )}
      <div className="editor-actions">
        <button type="submit" className="primary" aria-label="Generate">
          Generate
        </button>
        <span className="dim">
          {Number.isFinite(total) ? `${total.toLocaleString('en-US')} connections in all. ` : ''}
          Generate restarts the run with this sysplex.
        </span>
      </div>
    </form>
  );
}
