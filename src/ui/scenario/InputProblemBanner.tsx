import { useAppStore } from '../../store/store';

// A link or a file that could not be opened: what was wrong, as plain text (React escapes it;
// nothing from the input is interpreted), and a way out to the default preset.

export function InputProblemBanner({ onOpenDefault }: { onOpenDefault: () => void }) {
  const problem = useAppStore((s) => s.inputProblem);
  const ready = useAppStore((s) => s.ready);
  const dismiss = useAppStore((s) => s.dismissInputProblem);
  if (!problem) return null;
  return (
    <div className="input-banner" role="alert" aria-label="Input problem" data-testid="input-problem">
      <div className="input-banner-text">
        <strong>{problem.title}</strong>
        <ul>
          {problem.issues.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of messages
            <li key={i}>{line}</li>
          ))}
        </ul>
      </div>
      <div className="input-banner-actions">
        <button type="button" className="primary" onClick={onOpenDefault}>
          Open the default preset
        </button>
        {ready && (
          <button type="button" onClick={dismiss} aria-label="Dismiss the input problem">
            ✕
          </button>
        )}
      </div>
    </div>
  );
}
