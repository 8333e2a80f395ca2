import { useState } from 'react';
import { useTransferJobs, useTransferStore } from '../../hooks/use-transfer-jobs';
import { useVersionJobs } from '../../hooks/use-version-jobs';
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
  const retryable =
    !running && (snapshot.failures.some((f) => f.error.kind !== 'key-too-long') || !!snapshot.error);
  const counted = keys.total > 0 || !running;
  const line = [
    `${keys.done.toLocaleString('en-US')} of ${keys.total.toLocaleString('en-US')} ${keys.total === 1 ? 'item' : 'items'}`,
    `${formatBytes(bytes.done)} of ${formatBytes(bytes.total)}`,
    status === 'running' && snapshot.bytesPerSecond > 0 ? `${formatBytes(snapshot.bytesPerSecond)}/s` : '',
    status === 'running' && snapshot.secondsLeft !== undefined ? formatTimeLeft(snapshot.secondsLeft) : '',
  ].filter(Boolean);
  return (
    <li className={`job status-${status}`}>
      <div className="upload-row-main">
        <span className="job-title break">{title}</span>
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
      {snapshot.failures.length > 0 && (
        <>
          <ul className="failure-list" aria-label="Failures">
            {snapshot.failures.slice(0, SHOWN_FAILURES).map((failure) => (
              <li key={failure.sourceKey} title={failure.error.details}>
                <span className="break">{displayName(failure.sourceKey)}</span>
                {failure.stage === 'delete' ? ' (copied; the original is still there)' : ''}:{' '}
                {failure.error.message}
              </li>
            ))}
            {snapshot.failures.length > SHOWN_FAILURES && (
              <li className="muted">…and {snapshot.failures.length - SHOWN_FAILURES} more.</li>
            )}
          </ul>
          {/* Many keys usually fail for one reason: what to do is said once per reason. */}
          {[...new Set(snapshot.failures.map((failure) => failure.error.hint).filter(Boolean))]
            .slice(0, 3)
            .map((hint) => (
              <p key={hint} className="notice-hint job-hint">
                {hint}
              </p>
            ))}
        </>
      )}
      <div className="job-actions">
        {running && (
          <button type="button" onClick={() => store.cancel(job.id)}>
            Cancel
          </button>
        )}
        {retryable && (
          <button type="button" className="primary" onClick={() => store.retryFailed(job.id)}>
            Retry failed
          </button>
        )}
        {!running && (
          <button type="button" onClick={() => store.close(job.id)}>
            Close
          </button>
        )}
      </div>
    </li>
  );
}
