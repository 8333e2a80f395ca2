import { Fragment, memo, type HTMLAttributes, type ReactNode } from 'react';
import type { Place } from '../../hooks/use-route';
import { placeToSearch } from '../../hooks/use-route';
import { Icon } from '../ui/Icon';
import { formatBytes, formatDateTime, formatExactBytes, formatIsoDateTime } from '../ui/format';
import { AccessCell } from './AccessCell';
import type { Row } from './rows';
import { rowId } from './use-selection';
import './object-table.css';

/** The height of every row, as object-table.css sets it. */
export const ROW_HEIGHT = 36;

/** What a row does on a click, the same functions for every row and render (so a row redraws only when it changed). */
export interface RowEvents {
  activate: (index: number) => void;
  toggle: (index: number, range: boolean) => void;
  open: (row: Row) => void;
  warmFolder: (place: Place) => void;
}

export interface TableRowProps {
  bucket: string;
  row: Row;
  index: number;
  selected: boolean;
  active: boolean;
  /** Draw the access and action cells (left empty while the table is flung, see ObjectTable). */
  cells: boolean;
  loadingAll?: boolean;
  events: RowEvents;
  renderActions: (row: Row) => ReactNode;
  renderNameEditor?: (row: Row) => ReactNode | undefined;
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & { draggable?: boolean };
}

/**
 * One row of the object table. Memoized: while the table scrolls, the rows that stay in view are not drawn
 * again, only the ones that come into it. The callbacks it is given come from the table's parent, which does not
 * render while the table scrolls, so they are the same from one frame to the next.
 */
export const TableRow = memo(function TableRow({
  bucket,
  row,
  index,
  selected,
  active,
  cells,
  loadingAll,
  events,
  renderActions,
  renderNameEditor,
  rowProps,
}: TableRowProps) {
  const extra = rowProps?.(row);
  const className = [active ? 'active' : '', extra?.className ?? ''].join(' ').trim();
  const nameEditor = renderNameEditor?.(row);
  const id = rowId(row);
  return (
    <tr
      {...extra}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={className || undefined}
      onClick={() => events.activate(index)}
    >
      <td className="col-check">
        <input
          type="checkbox"
          aria-label={`Select ${row.name}`}
          checked={selected}
          onChange={() => undefined}
          onClick={(e) => events.toggle(index, e.shiftKey)}
        />
      </td>
      {row.kind === 'folder' ? (
        <>
          <td className="col-name">
            {nameEditor ?? (
              <a
                className="entry-link"
                href={placeToSearch({ bucket, prefix: row.prefix })}
                title={row.prefix}
                onPointerDown={(e) => {
                  const plain = !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;
                  if (e.button === 0 && plain) events.warmFolder({ bucket, prefix: row.prefix });
                }}
                onClick={(e) => {
                  e.preventDefault();
                  // Not the row's click too: marking a row of the folder being left active drew the table
                  // again before the new folder's listing request went out.
                  e.stopPropagation();
                  events.open(row);
                }}
              >
                <Icon name="folder" />
                <span className="name-text">{row.name}</span>
              </a>
            )}
          </td>
          <td className="col-size muted">—</td>
          <td className="col-date muted">—</td>
        </>
      ) : (
        <>
          <td className="col-name" title={row.entry.key}>
            {nameEditor ?? (
              <button type="button" className="entry-button" onClick={() => events.open(row)}>
                <Icon name="file" />
                <span className="name-text">{row.name}</span>
              </button>
            )}
          </td>
          {/* The exact size and time come with the cells: a tooltip is not needed before a row rests. */}
          <td className="col-size" title={cells ? formatExactBytes(row.entry.size) : undefined}>
            {formatBytes(row.entry.size)}
          </td>
          <td className="col-date" title={cells ? formatIsoDateTime(row.entry.lastModified) : undefined}>
            {formatDateTime(row.entry.lastModified)}
          </td>
        </>
      )}
      {/* Keyed by the row: a cell's state (the access asked for, a button's focus) is never another row's. */}
      <td className="col-access">
        {cells && row.kind === 'object' ? (
          <AccessCell key={id} bucket={bucket} objectKey={row.entry.key} paused={loadingAll} />
        ) : null}
      </td>
      <td className="col-actions">{cells && <Fragment key={id}>{renderActions(row)}</Fragment>}</td>
    </tr>
  );
});
