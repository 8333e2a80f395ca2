import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

/** The scroll area counts as at rest this long after its last scroll event. */
const SCROLL_REST_MS = 150;

/** The scroll area's height as last measured: a new folder's table is the same size as the last one's. */
let lastHeight: number | undefined;

interface WindowState {
  /** The row at the top of the scroll area. */
  top: number;
  /** How many rows the scroll area's height holds (see rowsIn). */
  rows: number;
  scrolling: boolean;
  /** The last scroll moved the view by a screen or more: none of the rows drawn before is in view. */
  jumped: boolean;
}

/**
 * The rows to draw for a view whose top row is `top` and which holds `rows` rows, with `overscan` more beyond each
 * edge, out of `count`: clamped to the rows there are (a filter can shorten the list under a scrolled view).
 */
export function rangeInView(
  { top, rows }: { top: number; rows: number },
  count: number,
  overscan: number,
): { first: number; last: number; lastInView: number } {
  const lastInView = Math.min(count - 1, top + rows - 1);
  return {
    first: Math.max(0, Math.min(top, count - 1) - overscan),
    last: Math.min(count - 1, lastInView + overscan),
    lastInView,
  };
}

/** How many rows a scroll area of `height` pixels holds: one more than fit whole, for the row cut at the bottom. */
const rowsIn = (height: number, rowHeight: number) => Math.ceil(height / rowHeight) + 1;

export interface RowWindow {
  /** The first and the last row in view, `overscan` rows beyond each edge included; last < first without rows. */
  first: number;
  last: number;
  /** The last row in view, without the overscan. */
  lastInView: number;
  scrolling: boolean;
  /** The table is flung: the last scroll moved it by a screen or more, so none of the rows drawn before is in view. */
  flung: boolean;
  /** Scrolls as little as needed to bring the row into view. */
  scrollToIndex: (index: number) => void;
}

/**
 * Which of `count` rows of `rowHeight` pixels are in view of the scroll area, and whether it is scrolling. Every
 * row has the same height, so the rows in view follow from the scroll offset alone: nothing is measured or kept
 * per row, and a render of a listing of 100,000 rows costs what one of 100 does (a general virtualizer places every
 * row again each time the count changes, which a listing growing under "Load all" does twice a second).
 * The area's size comes from a ResizeObserver only (its first answer comes before the first paint): reading it at
 * once would make the browser lay out a new folder's page before its rows exist.
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  {
    count,
    rowHeight,
    overscan,
  }: { count: number; rowHeight: number; overscan: (scrolling: boolean) => number },
): RowWindow {
  const [state, setState] = useState<WindowState>(() => ({
    top: 0,
    rows: rowsIn(lastHeight ?? window.innerHeight, rowHeight),
    scrolling: false,
    jumped: false,
  }));
  /** The state last asked for (a render may not have happened yet). */
  const current = useRef(state);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const update = (next: WindowState, sync: boolean) => {
      const now = current.current;
      const same =
        next.top === now.top &&
        next.rows === now.rows &&
        next.scrolling === now.scrolling &&
        next.jumped === now.jumped;
      if (same) return;
      current.current = next;
      // While scrolling, the rows coming into view are drawn before the frame is painted, never a frame late.
      if (sync) flushSync(() => setState(next));
      else setState(next);
    };
    let rest: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      clearTimeout(rest);
      rest = setTimeout(
        () => update({ ...current.current, scrolling: false, jumped: false }, false),
        SCROLL_REST_MS,
      );
      const now = current.current;
      const top = Math.floor(element.scrollTop / rowHeight);
      update({ ...now, top, scrolling: true, jumped: Math.abs(top - now.top) >= now.rows }, true);
    };
    const observer = new ResizeObserver(() => {
      lastHeight = element.clientHeight;
      update({ ...current.current, rows: rowsIn(lastHeight, rowHeight) }, false);
    });
    observer.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(rest);
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [scrollRef, rowHeight]);

  return {
    ...rangeInView(state, count, overscan(state.scrolling)),
    scrolling: state.scrolling,
    flung: state.scrolling && state.jumped,
    scrollToIndex: (index) => {
      const element = scrollRef.current;
      if (!element) return;
      const start = index * rowHeight;
      const end = start + rowHeight;
      const offset = element.scrollTop;
      const height = element.clientHeight;
      if (end >= offset + height) element.scrollTop = end - height;
      else if (start <= offset) element.scrollTop = start;
    },
  };
}
