import type { KeyboardEvent, MouseEvent } from 'react';
import type { Row } from './rows';
import { rowId } from './use-selection';

/** What the table and the grid share for their keyboard: the same keys do the same things on their rows. */
export interface CollectionKeyOptions {
  rows: Row[];
  /** The focus row (or cell), -1 before any. */
  active: number;
  selected: ReadonlySet<string>;
  /** How far each arrow key moves the focus: one row in the table; one cell, or a line of cells, in the grid. */
  steps: Partial<Record<string, number>>;
  /** Makes a row the focus row and scrolls it into view. */
  moveTo: (index: number) => void;
  open: (row: Row) => void;
  onToggle: (index: number, range: boolean) => void;
  onClearSelection: () => void;
  onDeleteRows: (rows: Row[]) => void;
  /** More keys (rename, cut, copy, paste, select all): true when handled. */
  onShortcut?: (event: KeyboardEvent, targets: Row[], focused: Row | undefined) => boolean;
}

/**
 * Arrows, Home and End move the focus row; Space selects it, Enter opens it, Delete deletes the selection (or the
 * focus row), Escape clears the selection. A text field keeps every key; a row's own controls keep all but the
 * arrows and Escape, so moving on from a focused link or checkbox still works.
 */
export function handleCollectionKey(event: KeyboardEvent<HTMLElement>, options: CollectionKeyOptions) {
  const { rows, active, steps } = options;
  const target = event.target as HTMLElement;
  if (target.closest('input:not([type="checkbox"]), textarea')) return;
  if (target.closest('input, button, a') && event.key !== 'Escape' && steps[event.key] === undefined) return;
  const selectedRows = rows.filter((row) => options.selected.has(rowId(row)));
  const targets = selectedRows.length ? selectedRows : rows[active] ? [rows[active]] : [];
  if (options.onShortcut?.(event, targets, rows[active])) {
    event.preventDefault();
    return;
  }
  const move = (to: number) => {
    if (!rows.length) return;
    options.moveTo(Math.max(0, Math.min(rows.length - 1, to)));
    event.preventDefault();
  };
  const step = steps[event.key];
  if (step !== undefined) return move(active < 0 ? 0 : active + step);
  switch (event.key) {
    case 'Home':
      return move(0);
    case 'End':
      return move(rows.length - 1);
    case ' ':
      if (rows[active]) options.onToggle(active, event.shiftKey);
      event.preventDefault();
      return;
    case 'Enter':
      if (rows[active]) options.open(rows[active]);
      return;
    case 'Delete':
      if (targets.length) options.onDeleteRows(targets);
      return;
    case 'Escape':
      options.onClearSelection();
      return;
  }
}

/** How to find the row (or cell) a context-menu event is about. */
export interface RowFinder {
  /** The index of the row whose element holds `target`, or undefined when it is in none. */
  indexAt: (target: HTMLElement) => number | undefined;
  /** Where a menu opened from the keyboard goes: under the drawn row at `index`, if it is drawn. */
  anchor: (index: number) => { x: number; y: number } | undefined;
}

/**
 * A row's context menu: a right-click on it, a long press on a touch screen, or Shift+F10 / the menu key, which
 * are about the focus row. Not on a row, the event goes on (the folder's own menu).
 */
export function openRowMenu(
  event: MouseEvent<HTMLElement>,
  find: RowFinder,
  options: {
    rows: Row[];
    active: number;
    setActive: (index: number) => void;
    onRowMenu?: (row: Row, at: { x: number; y: number }) => void;
  },
) {
  const target = event.target as HTMLElement;
  if (!options.onRowMenu || target.closest('input:not([type="checkbox"]), textarea')) return;
  // The keyboard's menu event comes to the focused element without the right button (-1 in Chromium); a long
  // press on a touch screen says so in its pointer type.
  const native = event.nativeEvent as Partial<PointerEvent>;
  const fromKeyboard = event.button !== 2 && native.pointerType !== 'touch' && native.pointerType !== 'pen';
  const index = find.indexAt(target) ?? (fromKeyboard ? options.active : -1);
  const row = options.rows[index];
  if (!row) return;
  event.preventDefault();
  options.setActive(index);
  const anchor = fromKeyboard ? find.anchor(index) : undefined;
  options.onRowMenu(row, anchor ?? { x: event.clientX, y: event.clientY });
}
