/**
 * Whether the person is scrolling a table of rows (a folder's listing, a search's results). Work that can wait
 * yields to the frames meanwhile: "Load all" reads and hands over its pages just after a frame, a running search
 * asks for one page at a time. No React: the table sets it, the listing and the search's workers follow it.
 */
let scrolling = false;
const listeners = new Set<(scrolling: boolean) => void>();

export function setTableScrolling(now: boolean): void {
  if (now === scrolling) return;
  scrolling = now;
  for (const listener of listeners) listener(now);
}

export function isTableScrolling(): boolean {
  return scrolling;
}

/** Calls `listener` on every change; returns the unsubscribe. */
export function onTableScrolling(listener: (scrolling: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
