import { useState } from 'react';
import { useTransferJobs, useTransferStore } from '../../hooks/use-transfer-jobs';
import { useVersionJobs } from '../../hooks/use-version-jobs';
import { refusedForGood } from '../../s3/errors';
import type { JobView } from '../../s3/copy/transfer-jobs';
import { ErrorNotice } from '../ui/ErrorNotice';
import { VersionJobRows } from '../versions/VersionJobRows';
import { formatBytes, formatExactBytes } from '../ui/format';
import { formatTimeLeft } from '../upload/UploadPanel';
import { displayName, jobStatusText, jobTitle } from './job-text';

/** Failures listed per job; the count says how many more there are. */
const SHOWN_FAILURES = 50;

/**
 * The connection's copy and move jobs (and its undelete and folder-restore jobs): progress, speed, time left,
 * Cancel, Retry failed and what failed.
 */
export function JobsPanel() {
  const { jobs } = useTransferJobs();
  const versionJobs = useVersionJobs();
  const [collapsed, setCollapsed] = useState(false);
  if (jobs.length === 0 && versionJobs.length === 0) return null;
  return (
    <section className="upload-panel jobs-panel" role="region" aria-label="Jobs">
      <header className="upload-head">
        <h2>Jobs</h2>
        <button
          type="button"
          className="quiet"
          aria-expanded={!collapsed}
          onClick={() => setCollapsed((c) => !c)}
        >
          {collapsed ? 'Show' : 'Hide'}
        </button>
      </header>
      {!collapsed && (
        <ul className="jobs-list">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
          <VersionJobRows />
        </ul>
      )}
    </section>
  );
}

function JobRow({ job }: { job: JobView }) {
  const store = useTransferStore();
  const { snapshot } = job;
  const { keys, bytes, status } = snapshot;
  const title = jobTitle(job.request, snapshot);
  const running = status === 'idle' || status === 'listing' || status === 'asking' || status === 'running';
  const retryable = !running && (snapshot.failures.some((f) => !refusedForGood(f.error)) || !!snapshot.error);
  const counted = keys.total > 0 || !running;
  // After Cancel, what was not finished is not a failure to read one by one: one line says what is left.
  const cancelled = status === 'cancelled' ? snapshot.failures.filter((f) => f.error.kind === 'aborted') : [];
  const failures = cancelled.length
    ? snapshot.failures.filter((f) => f.error.kind !== 'aborted')
    : snapshot.failures;
  const move = job.request.mode === 'move' && !job.request.rename;
  const line = [
    `${keys.done.toLocaleString('en-US')} of ${keys.total.toLocaleString('en-US')} ${keys.total === 1 ? 'item' : 'items'}${move ? ' moved' : ''}`,
    // A move deletes originals in batches once they are copied: without this its count would sit at 0 meanwhile.
    keys.copied > 0 ? `${keys.copied.toLocaleString('en-US')} copied, originals not yet deleted` : '',
    `${formatBytes(bytes.done)} of ${formatBytes(bytes.total)}`,
    status === 'running' && snapshot.bytesPerSecond > 0 ? `${formatBytes(snapshot.bytesPerSecond)}/s` : '',
    status === 'running' && snapshot.secondsLeft !== undefined ? formatTimeLeft(snapshot.secondsLeft) : '',
  ].filter(Boolean);
  return (
    <li className={`job status-${status}`}>
      <div className="upload-row-main">
        <span className="job-title break" title={title}>
          {title}
        </span>
        <span className="upload-status">{jobStatusText(snapshot)}</span>
      </div>
      <progress
        aria-label={title}
        max={Math.max(1, bytes.total)}
        value={status === 'done' ? Math.max(1, bytes.total) : bytes.done}
      />
      <p
        hidden={!counted}
        className="upload-line muted"
        title={`${formatExactBytes(bytes.done)} of ${formatExactBytes(bytes.total)}`}
      >
        {line.join(' · ')}
      </p>
      {snapshot.error && <ErrorNotice title="The job stopped" error={snapshot.error} />}
      {cancelled.length > 0 && <p className="upload-line">{unfinishedText(cancelled)}</p>}
      {failures.length > 0 && (
        <>
          <ul className="failure-list" aria-label="Failures">
            {failures.slice(0, SHOWN_FAILURES).map((failure) => (
              <li key={failure.sourceKey} title={failure.error.details}>
                <span className="break">{displayName(failure.sourceKey)}</span>
                {failure.stage === 'delete' ? ' (copied; the original is still there)' : ''}:{' '}
                {failure.error.message}
              </li>
            ))}
            {failures.length > SHOWN_FAILURES && (
              <li className="muted">…and {failures.length - SHOWN_FAILURES} more.</li>
            )}
          </ul>
          <FailureHints failures={failures} />
        </>
      )}
      <JobButtons running={running} retryable={retryable} store={store} id={job.id} />
    </li>
  );
}

/** "200 items not finished, 128 of them copied with the original still there: Retry failed finishes them." */
function unfinishedText(cancelled: ReadonlyArray<{ stage: 'copy' | 'delete' }>): string {
  const count = cancelled.length;
  const copied = cancelled.filter((failure) => failure.stage === 'delete').length;
  const one = count === 1;
  const kept =
    copied === 0
      ? ''
      : one
        ? ', copied with the original still there'
        : `, ${copied.toLocaleString('en-US')} of them copied with the original still there`;
  return `${count.toLocaleString('en-US')} ${one ? 'item' : 'items'} not finished${kept}: Retry failed finishes ${one ? 'it' : 'them'}.`;
}

/** What to do, said once per reason: many keys usually fail for one. */
export function FailureHints({ failures }: { failures: ReadonlyArray<{ error: { hint: string } }> }) {
  return [...new Set(failures.map((failure) => failure.error.hint).filter(Boolean))]
    .slice(0, 3)
    .map((hint) => (
      <p key={hint} className="notice-hint job-hint">
        {hint}
      </p>
    ));
}

/** A job's Cancel (while it runs), Retry failed and Close (once it ended). */
export function JobButtons({
  running,
  retryable,
  store,
  id,
}: {
  running: boolean;
  retryable: boolean;
  store: { cancel: (id: number) => void; retryFailed: (id: number) => void; close: (id: number) => void };
  id: number;
}) {
  return (
    <div className="job-actions">
      {running && (
        <button type="button" onClick={() => store.cancel(id)}>
          Cancel
        </button>
      )}
      {retryable && (
        <button type="button" className="primary" onClick={() => store.retryFailed(id)}>
          Retry failed
        </button>
      )}
      {!running && (
        <button type="button" onClick={() => store.close(id)}>
          Close
        </button>
      )}
    </div>
  );
}
