import { useLayoutEffect, useRef } from 'react';

/**
 * A ref to the value of the last committed render. Handlers made once (to keep a function the same from render to
 * render, so memoized rows are not drawn again) call through it and so always act on the latest state.
 */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
