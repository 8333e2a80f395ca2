/** One page of a paged S3 listing and the cursor of the next one (absent on the last page). */
export interface Paged<T, Cursor> {
  items: T[];
  next?: Cursor;
}

/**
 * Walks a paged listing one page at a time, asking for the next page as soon as the current one arrives: the
 * caller's work on a page (deleting its keys, drawing its rows) overlaps the request for the next. A failed
 * request surfaces when its page is reached; a caller that stops early leaves at most one request behind (pass a
 * signal to `fetchPage` to cancel it).
 */
export async function* pagesAhead<T, Cursor>(
  fetchPage: (cursor: Cursor | undefined) => Promise<Paged<T, Cursor>>,
): AsyncGenerator<T[]> {
  let pending: Promise<Paged<T, Cursor>> | undefined = fetchPage(undefined);
  while (pending) {
    const page: Paged<T, Cursor> = await pending;
    pending = page.next === undefined ? undefined : fetchPage(page.next);
    // A rejection is handled when the page is awaited above; until then it must not count as unhandled.
    pending?.catch(() => undefined);
    yield page.items;
  }
}
