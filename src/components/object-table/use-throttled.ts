import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but while `active` at most one new value per `intervalMs` (the latest one, at the end of the wait).
 * When inactive it is `value` itself, without delay.
 */
export function useThrottled<T>(value: T, intervalMs: number, active: boolean): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  // Inactive, it follows `value` (set during render, React's way to derive state), so that when it becomes active
  // it starts from what is on screen, never from an older value.
  if (!active && shown !== value) setShown(value);
  useEffect(() => {
    if (!active) return;
    const wait = Math.max(0, last.current + intervalMs - performance.now());
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs, active]);
  return active ? shown : value;
}
