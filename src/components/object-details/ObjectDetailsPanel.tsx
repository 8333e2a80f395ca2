import { useObjectDetails } from '../../hooks/use-object-details';
import { AccessToggle } from '../access/AccessToggle';
import { ShareButton } from '../share-dialog/ShareButton';
import { S3AppError } from '../../s3/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ObjectHistory } from '../versions/ObjectHistory';
import { formatBytes, formatDateTime, formatExactBytes } from '../ui/format';
import { EditTextButton } from './EditTextButton';
import { MetadataEditor } from './MetadataEditor';
import { Preview } from './Preview';
import { TagEditor } from './TagEditor';

/**
 * The selected object's facts (HeadObject), its metadata and tags (editable), a safe preview, and its history
 * (shown even when the latest is a delete marker, where HeadObject finds nothing).
 */
export function ObjectDetailsPanel({
  bucket,
  objectKey,
  onClose,
  onDownload,
}: {
  bucket: string;
  objectKey: string;
  onClose: () => void;
  onDownload: (key: string) => void;
}) {
  const details = useObjectDetails(bucket, objectKey);
  const d = details.data;
  return (
    <aside className="details-panel" aria-label="Object details">
      <div className="details-head">
        <h2 className="details-title">{objectKey.split('/').pop() || objectKey}</h2>
        <button type="button" className="quiet" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </div>
      {details.isPending && <p className="muted">Loading…</p>}
      {details.error && isDeleted(details.error) && (
        <p className="notice">
          This file is deleted: its latest version is a delete marker. Its history is below.
        </p>
      )}
      {details.error && !isDeleted(details.error) && (
        <ErrorNotice error={details.error} onRetry={() => details.refetch()} />
      )}
      {d && (
        <>
          <dl className="facts">
            <dt>Key</dt>
            <dd className="break">{d.key}</dd>
            <dt>Size</dt>
            <dd title={formatBytes(d.size)}>{formatExactBytes(d.size)}</dd>
            <dt>Last modified</dt>
            <dd title={d.lastModified?.toISOString()}>{formatDateTime(d.lastModified)}</dd>
            <dt>ETag</dt>
            <dd className="break">{d.etag ?? '—'}</dd>
            <dt>Storage class</dt>
            <dd>{d.storageClass}</dd>
          </dl>
          <div className="details-actions">
            <button type="button" onClick={() => onDownload(d.key)}>
              Download
            </button>
            <ShareButton bucket={bucket} objectKey={d.key} />
            <EditTextButton bucket={bucket} details={d} />
          </div>
          <AccessToggle bucket={bucket} objectKey={d.key} />
          <MetadataEditor bucket={bucket} details={d} onReload={() => details.refetch()} />
          <TagEditor bucket={bucket} objectKey={d.key} />
          <section aria-label="Preview" className="preview">
            <Preview bucket={bucket} objectKey={d.key} contentType={d.headers.contentType} size={d.size} />
          </section>
        </>
      )}
      <ObjectHistory bucket={bucket} objectKey={objectKey} />
    </aside>
  );
}

const isDeleted = (error: unknown) => error instanceof S3AppError && error.kind === 'no-such-key';
