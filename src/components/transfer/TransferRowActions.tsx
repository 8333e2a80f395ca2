import type { Row } from '../object-table/rows';
import type { useFileOperations } from './use-file-operations';

/** Rename, Move to… and Copy to… for one row; each name carries the entry's name, as the other row buttons do. */
export function TransferRowActions({
  row,
  operations,
}: {
  row: Row;
  operations: Pick<ReturnType<typeof useFileOperations>, 'startRename' | 'openMoveCopy'>;
}) {
  return (
    <>
      <button
        type="button"
        className="quiet"
        aria-label={`Rename ${row.name}`}
        onClick={() => operations.startRename(row)}
      >
        Rename
      </button>
      <button
        type="button"
        className="quiet"
        aria-label={`Move ${row.name} to…`}
        onClick={() => operations.openMoveCopy('move', [row])}
      >
        Move…
      </button>
      <button
        type="button"
        className="quiet"
        aria-label={`Copy ${row.name} to…`}
        onClick={() => operations.openMoveCopy('copy', [row])}
      >
        Copy…
      </button>
    </>
  );
}
