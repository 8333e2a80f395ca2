import { useEffect, useState } from 'react';
import { useFolderRestore } from '../../hooks/use-versions';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatVersionTime } from './version-text';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Restore folder to this time": lists every version in the folder and below, previews what changes (restored,
 * unchanged, and keys that did not exist then, which get a delete marker only when asked), then starts the
 * restore as a job in the jobs panel and closes. Nothing is deleted: each restore is a copy of the old version.
 */
export function RestoreFolderDialog({
  bucket,
  prefix,
  time,
  onClose,
}: {
  bucket: string;
  prefix: string;
  time: Date;
  onClose: () => void;
}) {
  const { plan, run } = useFolderRestore(bucket, prefix);
  const [hideAbsent, setHideAbsent] = useState(false);
  const where = prefix ? `“${prefix}”` : `bucket “${bucket}”`;
  const { mutate } = plan;
  useEffect(() => {
    const controller = new AbortController();
    mutate({ time, signal: controller.signal });
    return () => controller.abort();
  }, [mutate, time]);

  const p = plan.data;
  const changes = p ? p.restore.length + (hideAbsent ? p.absentThen.length : 0) : 0;
  return (
    <Dialog title={`Restore ${where} to ${formatVersionTime(time)}?`} onClose={onClose}>
      <div className="dialog-body">
        {plan.isPending && <p role="status">Reading every version in this folder and below…</p>}
        {plan.error && (
          <ErrorNotice
            title="Could not work out what changes"
            error={plan.error}
            onRetry={() => mutate({ time })}
          />
        )}
        {p && (
          <>
            <ul className="restore-preview" aria-label="What changes">
              <li>
                <strong>{count(p.restore.length, 'file')} restored</strong>: the version they had then is
                copied to be their latest.
              </li>
              <li>{count(p.unchanged, 'file')} unchanged: they hold now what they held then.</li>
              <li>
                {count(p.absentThen.length, 'file')} did not exist then:{' '}
                {hideAbsent ? 'each gets a delete marker (Undelete brings it back).' : 'left as they are.'}
              </li>
            </ul>
            {p.absentThen.length > 0 && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={hideAbsent}
                  onChange={(e) => setHideAbsent(e.target.checked)}
                />
                Hide the {count(p.absentThen.length, 'file')} that did not exist then (a delete marker on
                each)
              </label>
            )}
            <p className="muted">Nothing is deleted: every version stays in each file’s history.</p>
          </>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        {p && (
          <button
            type="button"
            className="primary"
            disabled={changes === 0}
            onClick={() => {
              run(p, hideAbsent);
              onClose();
            }}
          >
            {changes === 0 ? 'Nothing to restore' : `Restore ${count(changes, 'file')}`}
          </button>
        )}
      </div>
    </Dialog>
  );
}
