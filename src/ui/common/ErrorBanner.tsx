import { useAppStore } from '../../store/store';

// Errors from the runtime (a node's handler threw, a Worker died) become this banner, never a
// blank page; the simulation stays usable.
export function ErrorBanner() {
  const error = useAppStore((s) => s.error);
  const dismiss = useAppStore((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{error}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss the error">
        ✕
      </button>
    </div>
  );
}
