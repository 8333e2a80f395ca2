import type { ReactNode } from 'react';
import { Icon } from '../ui/Icon';
import type { Row } from './rows';

/**
 * The buttons at the end of a row. Each accessible name carries the entry's name ("Download a.txt"), so a
 * screen reader (and a test) can tell the rows' buttons apart.
 */
export function RowActions({
  row,
  onDownload,
  onDelete,
  onShare,
  children,
  onMore,
  menuOpen,
}: {
  row: Row;
  /** An object downloads as itself; a folder as a zip of everything in it. */
  onDownload: (row: Row) => void;
  onDelete: (row: Row) => void;
  /** Opens the share dialog for an object (a signed link, its expiry, public access). */
  onShare?: (row: Row) => void;
  /** More buttons, before Delete (rename, move, copy). */
  children?: ReactNode;
  /** Opens the row's menu of every action, under this button (the way in on a small or touch screen). */
  onMore?: (row: Row, button: HTMLElement) => void;
  /** This row's menu is open. */
  menuOpen?: boolean;
}) {
  return (
    <span className="row-actions">
      <button
        type="button"
        className="quiet"
        aria-label={row.kind === 'object' ? `Download ${row.name}` : `Download ${row.name} as zip`}
        onClick={() => onDownload(row)}
      >
        Download
      </button>
      {onShare && row.kind === 'object' && (
        <button type="button" className="quiet" aria-label={`Share ${row.name}`} onClick={() => onShare(row)}>
          Share
        </button>
      )}
      {children}
      <button type="button" className="quiet" aria-label={`Delete ${row.name}`} onClick={() => onDelete(row)}>
        Delete
      </button>
      {onMore && (
        <button
          type="button"
          className="quiet more-actions"
          aria-label={`More actions for ${row.name}`}
          aria-haspopup="menu"
          aria-expanded={menuOpen ?? false}
          onClick={(event) => onMore(row, event.currentTarget)}
        >
          <Icon name="more" />
        </button>
      )}
    </span>
  );
}
