import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once every `ms` (0: at once): the latest value shows when the time is
 * up, never an older one, and at once when `ms` drops to 0.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (ms <= 0 || Object.is(value, shown)) return;
    const show = () => {
      shownAt.current = performance.now();
      setShown(() => latest.current);
    };
    const wait = shownAt.current + ms - performance.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, ms, shown]);
  return ms <= 0 ? value : shown;
}
