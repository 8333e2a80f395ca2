import { useId, useState, type FormEvent } from 'react';
import { useCreateBucket } from '../../hooks/use-bucket-admin';
import { useConnectedSession } from '../../hooks/use-session';
import { validateBucketName } from '../../s3/bucket-names';
import { S3AppError } from '../../s3/errors';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

/**
 * The seed's `create_bucket`: the name is checked against S3's rules as it is typed, and nothing is sent while
 * it breaks one. Optionally adds the CORS rule for this page, so the new bucket also works in direct mode.
 */
export function CreateBucketDialog({
  existing,
  onClose,
  onCreated,
}: {
  existing: string[];
  onClose: () => void;
  onCreated: (bucket: string) => void;
}) {
  const session = useConnectedSession();
  const create = useCreateBucket();
  const [name, setName] = useState('');
  const [region, setRegion] = useState(session.profile.region);
  const [withCors, setWithCors] = useState(true);
  const [submitted, setSubmitted] = useState(false);
  const problemsId = useId();
  const regionHintId = useId();

  const verdict = validateBucketName(name);
  const taken = existing.includes(name);
  // "Enter a name" only once the user tried; every other reason shows while typing.
  const problems = verdict.problems.filter((p) => p.rule !== 'empty' || submitted);
  const canCreate = verdict.ok && !taken && !create.isPending;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!verdict.ok || taken || create.isPending) return;
    create.mutate(
      { name, region, withCors },
      { onSuccess: (outcome) => !outcome.corsError && onCreated(name) },
    );
  };

  if (create.data?.corsError) {
    return (
      <Dialog title={`Bucket “${name}” created`} onClose={() => onCreated(name)}>
        <div className="dialog-body">
          <p role="status">The bucket exists, but its CORS rule could not be added.</p>
          <ErrorNotice error={create.data.corsError} />
          <p className="muted">
            Direct mode will not reach it until it has one; Auto and Relay work without.
          </p>
        </div>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => onCreated(name)}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Create bucket" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <div className="dialog-body">
          <label className="field">
            Bucket name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              spellCheck={false}
              autoComplete="off"
              autoFocus
              aria-invalid={problems.length > 0 || taken}
              aria-describedby={problemsId}
            />
          </label>
          <div id={problemsId} aria-live="polite" className="name-feedback">
            {problems.length > 0 && (
              <ul className="name-problems">
                {problems.map((p) => (
                  <li key={p.rule}>{p.reason}</li>
                ))}
              </ul>
            )}
            {taken && <p className="name-problems">You already have a bucket with this name.</p>}
            {verdict.ok && !taken && (
              <p className="name-ok">
                Valid name. Names are shared by every user of the server, so it may still be taken.
              </p>
            )}
            {verdict.warnings.map((w) => (
              <p key={w} className="muted">
                {w}
              </p>
            ))}
          </div>
          <label className="field">
            Region (location constraint)
            <input
              value={region}
              onChange={(e) => setRegion(e.target.value)}
              spellCheck={false}
              aria-describedby={regionHintId}
            />
          </label>
          <p id={regionHintId} className="muted field-hint">
            us-east-1 or empty: the server’s default location. Anything else is sent as the LocationConstraint
            (on Ceph RGW: a zonegroup name).
          </p>
          <label className="check">
            <input type="checkbox" checked={withCors} onChange={(e) => setWithCors(e.target.checked)} />
            Let this page use it directly (add a CORS rule for {window.location.origin})
          </label>
          {create.error && <CreateError error={create.error} />}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!canCreate}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function CreateError({ error }: { error: Error }) {
  if (error instanceof S3AppError && error.kind === 'cors') {
    return (
      <div className="notice" role="alert">
        <strong className="notice-title">A web page cannot create buckets on this endpoint directly</strong>
        <p>
          Creating a bucket is an account-level request, and S3 servers give CORS permission per bucket only,
          so the browser blocks it. Connect with Connection “Auto” or “Relay” (this app’s relay carries your
          signed request), or put the endpoint behind a proxy that answers CORS (docs/reverse-proxy-cors.md).
        </p>
        <p className="notice-details">Details: {error.details}</p>
      </div>
    );
  }
  return <ErrorNotice title="Could not create the bucket" error={error} />;
}
