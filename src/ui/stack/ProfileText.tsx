import type { Diagnostic } from '../../profile/types';

// The TCP/IP profile with line numbers; lines with a diagnostic are marked and listed as
// line:column messages.

export function ProfileText({ text, diagnostics }: { text: string; diagnostics: readonly Diagnostic[] }) {
  const marked = new Set(diagnostics.map((d) => d.line));
  return (
    <div className="profile">
      {diagnostics.length > 0 ? (
        <ul className="diagnostics" aria-label="Profile diagnostics">
          {diagnostics.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics are a fixed list
            <li key={i} className={`diag diag-${d.severity}`}>
              {d.line}:{d.column} {d.severity}: {d.message} <span className="dim">({d.statement})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="dim">The profile parsed without diagnostics.</p>
      )}
      <pre className="profile-text">
        {text.split('\n').map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
          <div key={i} className={marked.has(i + 1) ? 'diag-line' : ''}>
            <span className="line-no">{String(i + 1).padStart(3)}</span> {line}
          </div>
        ))}
      </pre>
    </div>
  );
}
