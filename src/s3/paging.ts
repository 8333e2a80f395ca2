/** One page of a paged S3 listing and the cursor of the next one (absent on the last page). */
export interface Paged<T, Cursor> {
  /** The items, or how to read them: a function runs after the request for the next page has gone out. */
  items: T[] | (() => T[]);
  next?: Cursor;
}

/**
 * A whole page as it arrives (one listing answer): where the next one starts read at once, the page itself only
 * when asked for, so the request for the next page can go out first (see pagesAhead).
 */
export interface ArrivingPage<Page, Cursor> {
  next?: Cursor;
  read: () => Page;
}

/**
 * Walks a paged listing one page at a time, asking for the next page as soon as the current one arrives: the
 * caller's work on a page (deleting its keys, drawing its rows) overlaps the request for the next. A failed
 * request surfaces when its page is reached; a caller that stops early leaves at most one request behind (pass a
 * signal to `fetchPage` to cancel it).
 *
 * A page whose `items` is a function is read only once the next request is on its way (`fetchPage` calls `sent`
 * then): reading 1000 entries is main-thread time the next request would otherwise wait behind.
 */
export async function* pagesAhead<T, Cursor>(
  fetchPage: (cursor: Cursor | undefined, sent: () => void) => Promise<Paged<T, Cursor>>,
  /** Where to start: the first page by default, or the cursor of a page already listed. */
  from?: Cursor,
): AsyncGenerator<T[]> {
  let pending: Promise<Paged<T, Cursor>> | undefined = fetchPage(from, () => undefined);
  while (pending) {
    const page: Paged<T, Cursor> = await pending;
    let markSent = () => {};
    const sent = new Promise<void>((resolve) => (markSent = resolve));
    pending = page.next === undefined ? undefined : fetchPage(page.next, markSent);
    // A rejection is handled when the page is awaited above; until then it must not count as unhandled.
    const settled = pending?.then(
      () => undefined,
      () => undefined,
    );
    if (typeof page.items !== 'function') yield page.items;
    else {
      if (settled) await Promise.race([sent, settled]);
      yield page.items();
    }
  }
}
