import { useState } from 'react';
import { useDeleteEntries } from '../../hooks/use-object-writes';
import type { DeleteProgress } from '../../s3/delete-objects';
import { ConfirmDialog, InfoDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import type { Row } from './rows';

/**
 * Confirms a delete, naming what goes: the object, or "N objects and M folders (every key inside)". After the
 * delete, failures are listed key by key rather than summarised away.
 */
export function DeleteDialog({
  bucket,
  rows,
  onClose,
  onDeleted,
}: {
  bucket: string;
  rows: Row[];
  onClose: () => void;
  /** The objects that are gone (a search's results drop them; a listing refreshes by itself). */
  onDeleted?: (keys: string[]) => void;
}) {
  const remove = useDeleteEntries(bucket);
  const [progress, setProgress] = useState<DeleteProgress | null>(null);
  const folders = rows.filter((r) => r.kind === 'folder');
  const objects = rows.filter((r) => r.kind === 'object');
  const title =
    rows.length === 1 ? `Delete “${rows[0].name}”?` : `Delete ${describe(objects.length, folders.length)}?`;

  const confirm = () => {
    const keys = objects.map((r) => (r.kind === 'object' ? r.entry.key : ''));
    remove.mutate(
      {
        target: { keys, prefixes: folders.map((r) => (r.kind === 'folder' ? r.prefix : '')) },
        onProgress: setProgress,
      },
      {
        onSuccess: ({ failures }) => {
          const failed = new Set(failures.map((f) => f.key));
          onDeleted?.(keys.filter((key) => !failed.has(key)));
        },
      },
    );
  };

  if (remove.data) {
    const { deleted, failures } = remove.data;
    return (
      <InfoDialog title={failures.length ? 'Some objects were not deleted' : 'Deleted'} onClose={onClose}>
        <p role="status">
          Deleted {deleted} object{deleted === 1 ? '' : 's'}.
          {failures.length > 0 && ` ${failures.length} could not be deleted:`}
        </p>
        {failures.length > 0 && (
          <ul className="failure-list">
            {failures.slice(0, 200).map((f) => (
              <li key={f.key}>
                <code>{f.key}</code>: {f.code} {f.message}
              </li>
            ))}
          </ul>
        )}
      </InfoDialog>
    );
  }

  return (
    <ConfirmDialog
      title={title}
      confirmLabel={remove.isPending ? 'Deleting…' : 'Delete'}
      danger
      busy={remove.isPending}
      onConfirm={confirm}
      onCancel={onClose}
    >
      <p>
        {folders.length > 0
          ? 'Every object inside the selected folders is deleted too, on every page of the listing. '
          : ''}
        This cannot be undone.
      </p>
      {rows.length > 1 && (
        <ul className="delete-list">
          {rows.slice(0, 8).map((r) => (
            <li key={r.kind === 'folder' ? r.prefix : r.entry.key}>{r.name}</li>
          ))}
          {rows.length > 8 && <li className="muted">and {rows.length - 8} more</li>}
        </ul>
      )}
      {progress && (
        <p role="status">
          Deleted {progress.done} of {progress.listing ? `${progress.found} found so far` : progress.found}…
        </p>
      )}
      {remove.error && <ErrorNotice title="Delete failed" error={remove.error} />}
    </ConfirmDialog>
  );
}

function describe(objects: number, folders: number): string {
  const parts = [];
  if (objects) parts.push(`${objects} object${objects === 1 ? '' : 's'}`);
  if (folders) parts.push(`${folders} folder${folders === 1 ? '' : 's'}`);
  return parts.join(' and ');
}
