import { useState } from 'react';
import { useDownload } from '../../hooks/use-download';
import { useBucketLock, useKeyHistory, useRestoreVersion, useVersionLock } from '../../hooks/use-versions';
import { fileNameOf } from '../../s3/link-rules';
import type { VersionRecord } from '../../s3/versions/version-xml';
import { ShareDialog } from '../share-dialog/ShareDialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatExactBytes } from '../ui/format';
import { DeleteVersionDialog } from './DeleteVersionDialog';
import { bucketLockText, formatVersionTime, versionLockText, versionSize } from './version-text';
import './versions.css';

/**
 * Every version and delete marker of one key, newest first, each with Download and Share (of that version),
 * Restore (copies it to be the latest; nothing is deleted) and Delete this version (for good, after a confirm).
 * Where the bucket has object lock on, each version's retention and legal hold are shown.
 */
export function ObjectHistory({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const history = useKeyHistory(bucket, objectKey);
  const bucketLock = useBucketLock(bucket);
  const download = useDownload(bucket);
  const restore = useRestoreVersion(bucket);
  const [sharing, setSharing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<VersionRecord | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [restored, setRestored] = useState<VersionRecord | null>(null);
  const lockOn = !!bucketLock.data?.enabled;
  const versions = history.data ?? [];

  return (
    <section className="history" aria-label="History">
      <h3>History</h3>
      {lockOn && <p className="notice history-lock">{bucketLockText(bucketLock.data!)}</p>}
      {history.isPending && <p className="muted">Loading versions…</p>}
      {history.error && (
        <ErrorNotice
          title="Could not list the versions"
          error={history.error}
          onRetry={() => history.refetch()}
        />
      )}
      {history.data && versions.length === 0 && <p className="muted">No versions are kept for this key.</p>}
      {history.data && versions.length > 0 && (
        <p className="muted">
          {versions.length} {versions.length === 1 ? 'entry' : 'entries'}, newest first.
        </p>
      )}
      {restore.isSuccess && restored && (
        <p role="status" className="history-done">
          Restored: the version from {formatVersionTime(restored.lastModified)} is the latest again. The
          versions before stay in the history.
        </p>
      )}
      {restore.error && <ErrorNotice title="Could not restore that version" error={restore.error} />}
      {downloadError !== null && (
        <ErrorNotice title="Could not download that version" error={downloadError} />
      )}
      <ol className="history-list">
        {versions.map((version) => (
          <li key={version.versionId} aria-label={`Version ${version.versionId}`} className="history-item">
            <div className="history-line">
              <strong>{versionSize(version)}</strong>
              {version.isLatest && <span className="version-badge">Latest</span>}
              <time dateTime={version.lastModified.toISOString()}>
                {formatVersionTime(version.lastModified)}
              </time>
            </div>
            <dl className="history-facts">
              <dt>Version id</dt>
              <dd className="break">
                <code>{version.versionId}</code>
              </dd>
              {!version.deleteMarker && (
                <>
                  <dt>Size</dt>
                  <dd>{formatExactBytes(version.size)}</dd>
                  <dt>ETag</dt>
                  <dd className="break">{version.etag ?? '—'}</dd>
                </>
              )}
            </dl>
            {lockOn && <VersionLockLine bucket={bucket} version={version} />}
            <div className="history-actions">
              {!version.deleteMarker && (
                <>
                  <button
                    type="button"
                    onClick={() => {
                      setDownloadError(null);
                      download(objectKey, version.versionId).catch(setDownloadError);
                    }}
                  >
                    Download
                  </button>
                  <button type="button" onClick={() => setSharing(version.versionId)}>
                    Share
                  </button>
                  {!version.isLatest && (
                    <button
                      type="button"
                      disabled={restore.isPending}
                      onClick={() => restore.mutate(version, { onSuccess: () => setRestored(version) })}
                    >
                      {restore.isPending && restore.variables.versionId === version.versionId
                        ? 'Restoring…'
                        : 'Restore'}
                    </button>
                  )}
                </>
              )}
              <button type="button" className="danger" onClick={() => setDeleting(version)}>
                Delete this version
              </button>
            </div>
          </li>
        ))}
      </ol>
      {sharing !== null && (
        <ShareDialog
          bucket={bucket}
          objectKey={objectKey}
          versionId={sharing}
          onClose={() => setSharing(null)}
        />
      )}
      {deleting && (
        <DeleteVersionDialog
          bucket={bucket}
          name={fileNameOf(objectKey)}
          version={deleting}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

/** One version's retention and legal hold, read when the bucket has object lock on. */
function VersionLockLine({ bucket, version }: { bucket: string; version: VersionRecord }) {
  const lock = useVersionLock(
    { bucket, key: version.key, versionId: version.versionId },
    { enabled: !version.deleteMarker },
  );
  if (version.deleteMarker || !lock.data) return null;
  const text = versionLockText(lock.data);
  return <p className="history-locked">{text ? `🔒 ${text}` : 'Not locked'}</p>;
}
