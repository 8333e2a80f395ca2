import { useDeleteVersion } from '../../hooks/use-versions';
import type { VersionRecord } from '../../s3/versions/version-xml';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatVersionTime, versionSize } from './version-text';

/**
 * Deletes one version for good, after a confirm that says so and names it. A refusal (object lock, access) stays
 * in the dialog with the reason.
 */
export function DeleteVersionDialog({
  bucket,
  name,
  version,
  onClose,
}: {
  bucket: string;
  name: string;
  version: VersionRecord;
  onClose: () => void;
}) {
  const remove = useDeleteVersion(bucket);
  const marker = version.deleteMarker;
  return (
    <ConfirmDialog
      title={marker ? `Remove a delete marker of “${name}”?` : `Delete a version of “${name}” for good?`}
      confirmLabel={remove.isPending ? 'Deleting…' : 'Delete this version'}
      danger
      busy={remove.isPending}
      onConfirm={() => remove.mutate(version, { onSuccess: onClose })}
      onCancel={onClose}
    >
      {marker ? (
        <p>
          The delete marker from {formatVersionTime(version.lastModified)} is removed. No data goes: where it
          was the latest, the version below it becomes the latest again.
        </p>
      ) : (
        <p>
          The version from {formatVersionTime(version.lastModified)} ({versionSize(version)}, id{' '}
          <code>{version.versionId}</code>) is deleted permanently: it cannot be restored afterwards. The
          other versions stay.
        </p>
      )}
      {remove.error && <ErrorNotice title="The version was not deleted" error={remove.error} />}
    </ConfirmDialog>
  );
}
