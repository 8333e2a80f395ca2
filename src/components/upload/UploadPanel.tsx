import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useUploadQueue, useUploads } from '../../hooks/use-uploads';
import type { UploadFile, UploadStatus } from '../../s3/upload/upload-queue';
import { formatBytes, formatExactBytes } from '../ui/format';

const ROW_HEIGHT = 58;

const STATUS_TEXT: Record<UploadStatus, string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  cancelling: 'Cancelling…',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "1 min 5 s left": whole seconds, at most two units. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s left`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s left`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min left`;
}

const percent = (loaded: number, size: number, done: boolean) =>
  size === 0 ? (done ? 100 : 0) : Math.floor((loaded / size) * 100);

/** Every file of the batch with bytes done, percentage, speed and time left, and the batch's total. */
export function UploadPanel() {
  const { files, totals } = useUploads();
  const queue = useUploadQueue();
  const [collapsed, setCollapsed] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler, so the virtualizer's unmemoizable API is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: files.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  if (files.length === 0) return null;

  const summary = [
    `${totals.done} of ${totals.files} ${totals.files === 1 ? 'file' : 'files'} done`,
    totals.failed ? `${totals.failed} failed` : '',
    totals.cancelled ? `${totals.cancelled} cancelled` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const total = [
    `${formatBytes(totals.loaded)} of ${formatBytes(totals.size)} (${percent(totals.loaded, totals.size, totals.active === 0)}%)`,
    totals.active && totals.speed > 0 ? `${formatBytes(totals.speed)}/s` : '',
    totals.active ? formatTimeLeft(totals.eta) : '',
  ].filter(Boolean);

  return (
    <section className="upload-panel" role="region" aria-label="Uploads">
      <header className="upload-head">
        <h2>Uploads</h2>
        <div className="upload-head-actions">
          {totals.active > 0 ? (
            <button type="button" onClick={() => queue.cancelAll()}>
              Cancel all
            </button>
          ) : (
            <button type="button" onClick={() => queue.clearFinished()}>
              Close
            </button>
          )}
          <button
            type="button"
            className="quiet"
            aria-expanded={!collapsed}
            onClick={() => setCollapsed((c) => !c)}
          >
            {collapsed ? 'Show' : 'Hide'}
          </button>
        </div>
      </header>
      <div className="upload-total" role="group" aria-label="Batch total">
        <progress
          aria-label="All uploads"
          max={Math.max(1, totals.size)}
          value={totals.active || totals.done ? totals.loaded : 0}
        />
        <p className="upload-line">
          <span>{summary}</span>
          <span title={formatExactBytes(totals.loaded)}>{total.join(' · ')}</span>
        </p>
      </div>
      {!collapsed && (
        <div className="upload-list" ref={scroller}>
          <ul style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => (
              <UploadRow
                key={files[item.index].id}
                index={item.index}
                measure={virtualizer.measureElement}
                file={files[item.index]}
                top={item.start}
                onCancel={() => queue.cancel(files[item.index].id)}
                onRetry={() => queue.retry(files[item.index].id)}
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function UploadRow({
  file,
  index,
  measure,
  top,
  onCancel,
  onRetry,
}: {
  file: UploadFile;
  index: number;
  measure: (element: Element | null) => void;
  top: number;
  onCancel: () => void;
  onRetry: () => void;
}) {
  const done = file.status === 'done';
  const running = file.status === 'uploading';
  const details = [
    `${formatBytes(done ? file.size : file.loaded)} of ${formatBytes(file.size)}`,
    `${percent(file.loaded, file.size, done)}%`,
    running && file.speed > 0 ? `${formatBytes(file.speed)}/s` : '',
    running ? formatTimeLeft(file.eta) : '',
  ].filter(Boolean);
  return (
    <li
      className={`upload-row status-${file.status}`}
      ref={measure}
      data-index={index}
      style={{ transform: `translateY(${top}px)` }}
    >
      <div className="upload-row-main">
        <span className="upload-name name-text" title={file.key}>
          {file.key}
        </span>
        <span className="upload-status">{STATUS_TEXT[file.status]}</span>
        {(file.status === 'queued' || running) && (
          <button type="button" className="quiet" aria-label={`Cancel ${file.key}`} onClick={onCancel}>
            Cancel
          </button>
        )}
        {(file.status === 'failed' || file.status === 'cancelled') && (
          <button type="button" className="quiet" aria-label={`Retry ${file.key}`} onClick={onRetry}>
            Retry
          </button>
        )}
      </div>
      <progress
        aria-label={`Upload of ${file.key}`}
        max={Math.max(1, file.size)}
        value={done ? Math.max(1, file.size) : file.loaded}
      />
      {file.status === 'failed' && file.error ? (
        <p className="upload-error" title={file.error.details}>
          {file.error.message} {file.error.hint}
        </p>
      ) : (
        <p className="upload-line muted" title={formatExactBytes(file.loaded)}>
          {details.join(' · ')}
        </p>
      )}
    </li>
  );
}
