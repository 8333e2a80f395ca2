import {
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { useTableScrolling } from '../../hooks/use-table-scrolling';
import type { Place } from '../../hooks/use-route';
import { SortHeader, type SortState } from '../ui/SortHeader';
import { handleCollectionKey, openRowMenu } from './collection-keys';
import { RestedRows } from './rested-rows';
import type { Column, Row } from './rows';
import { ROW_HEIGHT, TableRow, type RowEvents } from './TableRow';
import { useRowWindow } from './row-window';
import { rowId } from './use-selection';

/** Rows drawn beyond each edge of the view: at rest, and while the table scrolls. */
const OVERSCAN = 12;
const SCROLLING_OVERSCAN = 3;
/** Fetch the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 300;
const TABLE_STEPS = { ArrowDown: 1, ArrowUp: -1 };

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
  // follow at once in a background render, so the first rows appear sooner after a click. The same for the first
  // rows of a table drawn empty (a search's, before its first match).
  const withCells = useDeferredValue(rows.length > 0, false);
  // While the table scrolls, every frame draws the rows that came into view: fewer rows beyond the edges are less
  // work per frame, and the new ones are drawn plain (see RestedRows); their cells follow when the scrolling stops.
  // When none of the last frame's rows is still in view (a fling), the rows are also keyed by their place.
  const [rested] = useState(() => new RestedRows());
  const view = useRowWindow(scrollRef, {
    count: rows.length,
    rowHeight: ROW_HEIGHT,
    overscan: (scrolling) => (!withCells ? 0 : scrolling ? SCROLLING_OVERSCAN : OVERSCAN),
  });
  const { first: firstIndex, last: lastIndex, flung, scrolling } = view;
  const cells = withCells && !flung;
  useLayoutEffect(() => {
    rested.drawn(rows.slice(firstIndex, lastIndex + 1).map(rowId), scrolling);
  });
  // A Load all or a search running meanwhile does its work between the frames of the scroll.
  useTableScrolling(scrolling);

  // Judged on the rows in view as drawn: a page that arrives is counted in the same render.
  useEffect(() => {
    if (hasMore && rows.length - 1 - view.lastInView <= PREFETCH_ROWS) loadMore();
  }, [hasMore, view.lastInView, rows.length, loadMore]);

  const top = firstIndex * ROW_HEIGHT;
  const bottom = Math.max(0, rows.length - 1 - lastIndex) * ROW_HEIGHT;
  const indexes = Array.from({ length: Math.max(0, lastIndex - firstIndex + 1) }, (_, i) => firstIndex + i);
  // Not on every frame of a scroll: with everything selected, it is a pass over every row.
  const allSelected = useMemo(
    () => rows.length > 0 && rows.every((row) => selected.has(rowId(row))),
    [rows, selected],
  );

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
        view.scrollToIndex(index);
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
          {indexes.map((index, slot) => {
            const row = rows[index];
            return (
              <TableRow
                // While flung, every row drawn is new: keyed by its place on screen, each reuses the elements
                // of the row that was there and only its text changes, instead of all of them being made anew.
                key={flung ? slot : rowId(row)}
                bucket={bucket}
                row={row}
                index={index}
                selected={selected.has(rowId(row))}
                active={index === active}
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
