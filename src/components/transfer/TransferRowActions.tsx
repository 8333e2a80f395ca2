import type { Row } from '../object-table/rows';

/**
 * Rename for one row; its name carries the entry's name, as the other row buttons do. Move to… and Copy to… are in
 * the selection bar: a row has no room for more buttons beside a narrow name column.
 */
export function TransferRowActions({ row, onRename }: { row: Row; onRename: (row: Row) => void }) {
  return (
    <button type="button" className="quiet" aria-label={`Rename ${row.name}`} onClick={() => onRename(row)}>
      Rename
    </button>
  );
}
