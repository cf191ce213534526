import { useEffect } from 'react';
import { useAppStore } from '../../store/store';

// Space plays/pauses, → steps, ← steps back — unless the focus is in a field (or Space on a
// button, which presses it).

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      const tag = t?.tagName ?? '';
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(tag) || t?.isContentEditable) return;
      const s = useAppStore.getState();
      if (!s.ready) return;
      if (e.key === ' ' && tag !== 'BUTTON') {
        e.preventDefault();
        s.togglePlay();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        void s.step();
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        void s.stepBack();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
