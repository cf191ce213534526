import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once every `ms` (0: at once): the latest value shows when the time is
 * up, never an older one, and at once when `ms` drops to 0 or `key` changes (what the value means
 * changed, e.g. the event list's filter: its old counts would show the wrong rows).
 */
export function useThrottled<T>(value: T, ms: number, key?: unknown): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  const shownKey = useRef(key);
  const latest = useRef(value);
  latest.current = value;
  const atOnce = ms <= 0 || !Object.is(key, shownKey.current);
  useEffect(() => {
    // At once: kept in step, so that throttling again starts from the latest value.
    if (atOnce) {
      shownKey.current = key;
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
  }, [value, ms, shown, key, atOnce]);
  return atOnce ? value : shown;
}
