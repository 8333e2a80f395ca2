import type { ReactNode } from 'react';
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
}: {
  row: Row;
  /** An object downloads as itself; a folder as a zip of everything in it. */
  onDownload: (row: Row) => void;
  onDelete: (row: Row) => void;
  /** Opens the share dialog for an object (a signed link, its expiry, public access). */
  onShare?: (row: Row) => void;
  /** More buttons, before Delete (rename, move, copy). */
  children?: ReactNode;
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
    </span>
  );
}
