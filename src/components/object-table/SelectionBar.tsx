import type { ReactNode } from 'react';
import type { TransferMode } from '../../s3/copy/transfer-job';
import { SelectionAccess } from '../access/SelectionAccess';
import type { Row } from './rows';

/** What can be done with the selected rows, the same in a folder and in search results. */
export function SelectionBar({
  bucket,
  rows,
  label,
  onDownload,
  onMoveCopy,
  onDelete,
  onClear,
  note,
}: {
  bucket: string;
  rows: Row[];
  /** How many are selected, formatted by the view. */
  label: string;
  onDownload: (rows: Row[]) => void;
  onMoveCopy: (mode: TransferMode, rows: Row[]) => void;
  onDelete: (rows: Row[]) => void;
  onClear: () => void;
  /** What the selection leaves out (rows not loaded yet, matches still coming). */
  note?: ReactNode;
}) {
  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span>{label} selected</span>
      <button type="button" onClick={() => onDownload(rows)}>
        Download as zip
      </button>
      <button type="button" onClick={() => onMoveCopy('move', rows)}>
        Move to…
      </button>
      <button type="button" onClick={() => onMoveCopy('copy', rows)}>
        Copy to…
      </button>
      <SelectionAccess bucket={bucket} rows={rows} />
      <button type="button" className="danger" onClick={() => onDelete(rows)}>
        Delete selected
      </button>
      <button type="button" onClick={onClear}>
        Clear selection
      </button>
      {note && <span className="muted">{note}</span>}
    </div>
  );
}
