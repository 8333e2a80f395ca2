import type { Row } from './rows';

/**
 * The buttons at the end of a row. Each accessible name carries the entry's name ("Download a.txt"), so a
 * screen reader (and a test) can tell the rows' buttons apart.
 */
export function RowActions({
  row,
  onDownload,
  onDelete,
}: {
  row: Row;
  onDownload: (key: string) => void;
  onDelete: (row: Row) => void;
}) {
  return (
    <span className="row-actions">
      {row.kind === 'object' && (
        <button
          type="button"
          className="quiet"
          aria-label={`Download ${row.name}`}
          onClick={() => onDownload(row.entry.key)}
        >
          Download
        </button>
      )}
      <button type="button" className="quiet" aria-label={`Delete ${row.name}`} onClick={() => onDelete(row)}>
        Delete
      </button>
    </span>
  );
}
