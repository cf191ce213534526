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
    // At once (ms 0): kept in step, so that when ms goes up again it starts from the latest value.
    if (ms <= 0) {
      shownAt.current = performance.now();
      if (!Object.is(value, shown)) setShown(() => value);
      return;
    }
    if (Object.is(value, shown)) return;
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
