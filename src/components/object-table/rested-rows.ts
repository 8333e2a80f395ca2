/**
 * Which rows of a scrolling table draw their access and action cells. A row drawn while the table rested keeps
 * them while it scrolls; a row that comes into view during the scrolling is drawn plain, and gets them when the
 * scrolling stops. A scroll then makes each frame draw only the new rows' names, sizes and dates: no buttons, and
 * no access read for a row that only passes by.
 */
export class RestedRows {
  private rested: ReadonlySet<string> = new Set();

  /** After a render: what it drew at rest is what keeps its cells through the next scroll. */
  drawn(ids: Iterable<string>, scrolling: boolean): void {
    if (!scrolling) this.rested = new Set(ids);
  }

  /** Whether the row with this id draws its cells now. */
  hasCells(id: string, scrolling: boolean): boolean {
    return !scrolling || this.rested.has(id);
  }
}
