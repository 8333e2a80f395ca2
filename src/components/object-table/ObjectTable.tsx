import { elementScroll, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import {
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { Place } from '../../hooks/use-route';
import { SortHeader, type SortState } from '../ui/SortHeader';
import { handleCollectionKey, openRowMenu } from './collection-keys';
import { RestedRows } from './rested-rows';
import type { Column, Row } from './rows';
import { ROW_HEIGHT, TableRow, type RowEvents } from './TableRow';
import { rowId } from './use-selection';

/** Rows drawn beyond each edge of the view: at rest, and while the table scrolls. */
const OVERSCAN = 12;
const SCROLLING_OVERSCAN = 3;
/** Fetch the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 300;
const TABLE_STEPS = { ArrowDown: 1, ArrowUp: -1 };

/** The scroll area's size as last measured: a new folder's table is the same size as the last one's. */
let lastRect: Rect | undefined;

/**
 * Measures the scroll area with a ResizeObserver only. The virtualizer's own version also reads its size at once,
 * which makes the browser lay out the new folder's page before its rows exist, and again after: a forced layout
 * between a folder's first page arriving and its rows being drawn. The first render guesses the size (the
 * last table's, else the window's) and the observer, which reports before the first paint, corrects it.
 */
function observeScrollRect(instance: Virtualizer<HTMLDivElement, Element>, report: (rect: Rect) => void) {
  const element = instance.scrollElement;
  if (!element) return;
  const observer = new ResizeObserver(() => {
    lastRect = { width: element.clientWidth, height: element.clientHeight };
    report(lastRect);
  });
  observer.observe(element);
  return () => observer.disconnect();
}

type ScrollToFn = Virtualizer<HTMLDivElement, Element>['options']['scrollToFn'];
const placed = new WeakSet<Virtualizer<HTMLDivElement, Element>>();

/**
 * Scrolls the table, except for the virtualizer's first write, which puts a new table at its start: a new element
 * is already there, and the write forced a layout before a new folder's rows were drawn.
 */
const scrollTable: ScrollToFn = (offset, options, instance) => {
  const first = !placed.has(instance);
  placed.add(instance);
  if (!(first && offset === 0)) elementScroll(offset, options, instance);
};

export interface ObjectTableProps {
  bucket: string;
  rows: Row[];
  sort: SortState<Column>;
  onSort: (next: SortState<Column>) => void;
  navigate: (place: Place) => void;
  /** The pointer went down on a folder: its listing can start before the click (see useFolderOpener). */
  warmFolder?: (place: Place) => void;
  filter: string;
  hasMore: boolean;
  loadMore: () => void;
  /** "Load all" is running: rows wait before asking for their access (see AccessCell). */
  loadingAll?: boolean;
  selected: ReadonlySet<string>;
  onToggle: (index: number, range: boolean) => void;
  onToggleAll: () => void;
  onClearSelection: () => void;
  /** Enter or a click on an object's name. */
  onOpenObject: (row: Extract<Row, { kind: 'object' }>) => void;
  /** The Delete key, with whatever is selected (or the focused row). */
  onDeleteRows: (rows: Row[]) => void;
  /** Buttons at the end of each row (download, share, delete, ...). */
  renderActions: (row: Row) => ReactNode;
  /** Replaces the name cell's link while the row is being renamed. */
  renderNameEditor?: (row: Row) => ReactNode | undefined;
  /** More keys (rename, cut, copy, paste): true when handled. `targets` is the selection, or the focused row. */
  onShortcut?: (event: KeyboardEvent, targets: Row[], focused: Row | undefined) => boolean;
  /**
   * A row's context menu was asked for: a right-click on it, or Shift+F10 / the menu key with it the focus row.
   * `at` is the pointer, or the row's name for the keyboard. Elsewhere the event bubbles on (the folder's menu).
   */
  onRowMenu?: (row: Row, at: { x: number; y: number }) => void;
  /** More attributes of a row: drag and drop handlers, a class. */
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & { draggable?: boolean };
}

/**
 * The listing as a real table whose rows are virtualized: only the visible rows (plus a margin) are in the DOM,
 * with spacer rows standing in for the rest, so 100,000 keys scroll like 100. Arrow keys move a focus row,
 * Space selects it, Enter opens it, Delete deletes (after confirmation), Escape clears the selection.
 */
export function ObjectTable(props: ObjectTableProps) {
  const { bucket, rows, sort, onSort, navigate, filter, hasMore, loadMore, selected } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  // A folder's first rows are drawn plain: only the rows on screen, without their access and action cells, which
  // follow at once in a background render, so the first rows appear sooner after a click.
  const withCells = useDeferredValue(true, false);
  // While the table scrolls, every frame draws the rows that came into view: fewer rows beyond the edges are less
  // work per frame, and the new ones are drawn plain (see RestedRows); their cells follow when the scrolling stops.
  // When none of the last frame's rows is still in view (a fling), the rows are also keyed by their place.
  const [scrolling, setScrolling] = useState(false);
  const drawn = useRef({ first: 0, last: -1 });
  const [rested] = useState(() => new RestedRows());
  // The app does not use the React Compiler, so the virtualizer's unmemoizable API is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: !withCells ? 0 : scrolling ? SCROLLING_OVERSCAN : OVERSCAN,
    onChange: (instance) => setScrolling(instance.isScrolling),
    initialRect: lastRect ?? { width: window.innerWidth, height: window.innerHeight },
    observeElementRect: observeScrollRect,
    scrollToFn: scrollTable,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;
  const firstIndex = items.length ? items[0].index : 0;
  const flung = scrolling && (firstIndex > drawn.current.last || lastIndex < drawn.current.first);
  const cells = withCells && !flung;
  useLayoutEffect(() => {
    drawn.current = { first: firstIndex, last: lastIndex };
    rested.drawn(
      items.map((item) => rowId(rows[item.index])),
      scrolling,
    );
  });

  useEffect(() => {
    if (!hasMore || lastIndex < rows.length - PREFETCH_ROWS) return;
    // The drawn table has the last word: a new, longer page can come with a range still at the end of the
    // shorter one, which would ask for a page nobody scrolled to. Its numbers come from the virtualizer, not the
    // DOM: reading scrollHeight here would force a layout before a new folder's rows are drawn.
    const below = virtualizer.getTotalSize() - (virtualizer.scrollOffset ?? 0);
    if ((below - (virtualizer.scrollRect?.height ?? 0)) / ROW_HEIGHT <= PREFETCH_ROWS) loadMore();
  }, [hasMore, lastIndex, rows.length, loadMore, virtualizer]);

  const top = items.length ? items[0].start : 0;
  const bottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(rowId(row)));

  const open = (row: Row) => {
    if (row.kind === 'folder') navigate({ bucket, prefix: row.prefix });
    else props.onOpenObject(row);
  };
  // The rows' callbacks stay the same from render to render and call the latest props, so a row that did not
  // change is not drawn again (see TableRow).
  const latest = useRef({ open, props });
  useLayoutEffect(() => {
    latest.current = { open, props };
  });
  const [events] = useState<RowEvents>(() => ({
    activate: setActive,
    toggle: (index, range) => latest.current.props.onToggle(index, range),
    open: (row) => latest.current.open(row),
    warmFolder: (place) => latest.current.props.warmFolder?.(place),
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) =>
    handleCollectionKey(event, {
      ...props,
      active,
      steps: TABLE_STEPS,
      moveTo: (index) => {
        setActive(index);
        virtualizer.scrollToIndex(index);
      },
      open,
    });

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) =>
    openRowMenu(
      event,
      {
        indexAt: (target) => {
          const row = target.closest<HTMLElement>('tr[aria-rowindex]');
          return row ? Number(row.getAttribute('aria-rowindex')) - 2 : undefined;
        },
        anchor: (index) => {
          const name = scrollRef.current
            ?.querySelector(`tr[aria-rowindex="${index + 2}"] .col-name`)
            ?.getBoundingClientRect();
          return name && { x: name.left + Math.min(name.width, 120), y: name.bottom };
        },
      },
      { rows, active, setActive, onRowMenu: props.onRowMenu },
    );

  return (
    <div
      className="table-scroll"
      ref={scrollRef}
      tabIndex={0}
      role="group"
      aria-label="Objects (arrow keys move, Space selects, Enter opens, Delete deletes, F2 renames, Shift+F10 opens the menu)"
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
    >
      <table className="table object-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input
                type="checkbox"
                aria-label="Select all loaded items"
                checked={allSelected}
                onChange={() => (allSelected ? props.onClearSelection() : props.onToggleAll())}
              />
            </th>
            <SortHeader column="name" label="Name" sort={sort} onSort={onSort} className="col-name" />
            <SortHeader column="size" label="Size" sort={sort} onSort={onSort} className="col-size" />
            <SortHeader
              column="modified"
              label="Last modified"
              sort={sort}
              onSort={onSort}
              className="col-date"
            />
            <th scope="col" className="col-access">
              Access
            </th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {items.map((item, slot) => {
            const row = rows[item.index];
            return (
              <TableRow
                // While flung, every row drawn is new: keyed by its place on screen, each reuses the elements
                // of the row that was there and only its text changes, instead of all of them being made anew.
                key={flung ? slot : rowId(row)}
                bucket={bucket}
                row={row}
                index={item.index}
                selected={selected.has(rowId(row))}
                active={item.index === active}
                cells={cells && rested.hasCells(rowId(row), scrolling)}
                loadingAll={props.loadingAll}
                events={events}
                renderActions={props.renderActions}
                renderNameEditor={props.renderNameEditor}
                rowProps={props.rowProps}
              />
            );
          })}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {hasMore ? 'Searching more names…' : `No names contain “${filter}”.`}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
