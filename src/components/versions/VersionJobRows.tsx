import { useVersionJobStore, useVersionJobs } from '../../hooks/use-version-jobs';
import type { VersionJobView } from '../../s3/versions/version-jobs';
import { displayName } from '../transfer/job-text';
import { versionJobLine, versionJobStatus, versionJobTitle } from './version-job-text';

/** Failures listed per job; the count says how many more there are. */
const SHOWN_FAILURES = 50;

/** The undelete and folder-restore jobs, as rows of the jobs panel: progress, Cancel, Retry failed, what failed. */
export function VersionJobRows() {
  const jobs = useVersionJobs();
  return jobs.map((job) => <VersionJobRow key={`versions-${job.id}`} job={job} />);
}

function VersionJobRow({ job }: { job: VersionJobView }) {
  const store = useVersionJobStore();
  const { snapshot } = job;
  const { status, keys, failures } = snapshot;
  const title = versionJobTitle(job.info, snapshot);
  const running = status === 'idle' || status === 'running';
  return (
    <li className={`job status-${status}`}>
      <div className="upload-row-main">
        <span className="job-title break">{title}</span>
        <span className="upload-status">{versionJobStatus(snapshot)}</span>
      </div>
      <progress aria-label={title} max={Math.max(1, keys.total)} value={keys.done} />
      <p className="upload-line muted">{versionJobLine(snapshot)}</p>
      {failures.length > 0 && (
        <>
          <ul className="failure-list" aria-label="Failures">
            {failures.slice(0, SHOWN_FAILURES).map((failure) => (
              <li
                key={`${failure.action}\n${failure.key}`}
                title={`${failure.key} · ${failure.error.details}`}
              >
                <span className="break">{displayName(failure.key)}</span>
                {failure.action === 'hide' ? ' (no delete marker put)' : ''}: {failure.error.message}
              </li>
            ))}
            {failures.length > SHOWN_FAILURES && (
              <li className="muted">…and {failures.length - SHOWN_FAILURES} more.</li>
            )}
          </ul>
          {/* Many keys usually fail for one reason: what to do is said once per reason. */}
          {[...new Set(failures.map((failure) => failure.error.hint).filter(Boolean))]
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
        {!running && keys.failed > 0 && (
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
