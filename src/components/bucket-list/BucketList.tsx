import { Suspense, useMemo, useState } from 'react';
import { useBuckets } from '../../hooks/use-buckets';
import type { Place } from '../../hooks/use-route';
import { placeToSearch } from '../../hooks/use-route';
import type { BucketSummary } from '../../s3/buckets';
import { S3AppError } from '../../s3/errors';
import { Icon } from '../ui/Icon';
import { formatDateTime } from '../ui/format';
import { ErrorNotice } from '../ui/ErrorNotice';
import { lazyNamed } from '../ui/lazy';
import { SortHeader, type SortState } from '../ui/SortHeader';
import { OpenBucketForm } from './OpenBucketForm';
import { VersioningBadge } from './VersioningControls';
import './buckets.css';

// Opened on demand: each loads from its own chunk (see ui/lazy.ts).
const BucketDetailsDialog = lazyNamed(() => import('./BucketDetailsDialog'), 'BucketDetailsDialog');
const CreateBucketDialog = lazyNamed(() => import('./CreateBucketDialog'), 'CreateBucketDialog');
const DeleteBucketDialog = lazyNamed(() => import('./DeleteBucketDialog'), 'DeleteBucketDialog');

type Column = 'name' | 'created';
type OpenDialog = { kind: 'create' } | { kind: 'delete' | 'details'; bucket: BucketSummary } | null;

export function BucketList({ navigate }: { navigate: (place: Place) => void }) {
  const buckets = useBuckets();
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState<Column>>({ column: 'name', direction: 'asc' });
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [done, setDone] = useState<string | null>(null);

  const rows = useMemo(
    () => sortBuckets(filterBuckets(buckets.data ?? [], filter), sort),
    [buckets.data, filter, sort],
  );

  return (
    <main className="page">
      <div className="page-head">
        <h1>Buckets</h1>
        {buckets.data && (
          <input
            type="search"
            className="filter"
            aria-label="Filter buckets"
            placeholder="Filter buckets"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        )}
        <span className="count">
          {buckets.data && `${buckets.data.length} bucket${buckets.data.length === 1 ? '' : 's'}`}
        </span>
        <button type="button" onClick={() => buckets.refetch()} disabled={buckets.isFetching}>
          Refresh
        </button>
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
          Create bucket
        </button>
      </div>
      {done && (
        <p role="status" className="bucket-created">
          {done}
        </p>
      )}
      {buckets.isPending && (
        <p role="status" className="muted">
          Loading buckets…
        </p>
      )}
      {buckets.error && <RefusedListing error={buckets.error} onRetry={() => buckets.refetch()} />}
      {buckets.data && buckets.data.length === 0 && (
        <div className="empty">
          <p>These keys own no buckets yet.</p>
          <p className="muted">
            Press <strong>Create bucket</strong> above to make one, or open a bucket shared with you by its
            name below.
          </p>
        </div>
      )}
      {buckets.data && buckets.data.length > 0 && (
        <table className="table bucket-table">
          <caption className="visually-hidden">
            {rows.length} of {buckets.data.length} buckets
          </caption>
          <thead>
            <tr>
              <SortHeader column="name" label="Name" sort={sort} onSort={setSort} />
              <SortHeader
                column="created"
                label="Created"
                sort={sort}
                onSort={setSort}
                className="col-created"
              />
              <th scope="col" className="col-versioning">
                Versioning
              </th>
              <th scope="col" className="col-bucket-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((bucket) => (
              <tr key={bucket.name}>
                <td>
                  <a
                    className="entry-link"
                    href={placeToSearch({ bucket: bucket.name, prefix: '' }) || '?'}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ bucket: bucket.name, prefix: '' });
                    }}
                  >
                    <Icon name="bucket" />
                    {bucket.name}
                  </a>
                </td>
                <td title={formatDateTime(bucket.created)}>
                  <time dateTime={bucket.created?.toISOString()}>{bucket.created?.toISOString() ?? '—'}</time>
                </td>
                <td className="col-versioning">
                  <VersioningBadge bucket={bucket.name} />
                </td>
                <td className="col-bucket-actions">
                  <span className="bucket-actions">
                    <button
                      type="button"
                      aria-label={`Details of ${bucket.name}`}
                      onClick={() => setDialog({ kind: 'details', bucket })}
                    >
                      Details
                    </button>
                    <button
                      type="button"
                      className="danger-text"
                      aria-label={`Delete bucket ${bucket.name}`}
                      onClick={() => setDialog({ kind: 'delete', bucket })}
                    >
                      Delete
                    </button>
                  </span>
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No bucket names contain “{filter}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <OpenBucketForm navigate={navigate} />
      {dialog?.kind === 'create' && (
        <Suspense fallback={null}>
          <CreateBucketDialog
            existing={(buckets.data ?? []).map((b) => b.name)}
            onClose={() => setDialog(null)}
            onCreated={(name) => {
              setDialog(null);
              setDone(`Bucket “${name}” created.`);
            }}
          />
        </Suspense>
      )}
      {dialog?.kind === 'delete' && (
        <Suspense fallback={null}>
          <DeleteBucketDialog
            bucket={dialog.bucket.name}
            onClose={() => setDialog(null)}
            onDeleted={(name) => {
              setDialog(null);
              setDone(`Bucket “${name}” deleted.`);
            }}
          />
        </Suspense>
      )}
      {dialog?.kind === 'details' && (
        <Suspense fallback={null}>
          <BucketDetailsDialog
            bucket={dialog.bucket.name}
            created={dialog.bucket.created}
            onClose={() => setDialog(null)}
          />
        </Suspense>
      )}
    </main>
  );
}

/** When ListBuckets is refused, say which refusal it was: the fix differs. */
function RefusedListing({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof S3AppError && error.kind === 'cors') {
    return (
      <div className="notice" role="alert">
        <strong className="notice-title">This endpoint does not let a web page list buckets</strong>
        <p>
          It answers, but gives no CORS permission for account-level requests (Ceph RGW and AWS only allow
          CORS per bucket). Open a bucket by its name below, or connect through this app&rsquo;s relay
          (Connection: Auto or Relay), or put the endpoint behind a proxy that answers CORS for account-level
          calls.
        </p>
        <p className="notice-details">Details: {error.details}</p>
      </div>
    );
  }
  if (error instanceof S3AppError && error.kind === 'access-denied') {
    return (
      <div className="notice" role="alert">
        <strong className="notice-title">These keys may not list buckets</strong>
        <p>
          The server refused ListBuckets for these keys. You can still open a bucket you have access to by
          name.
        </p>
        <p className="notice-details">Details: {error.details}</p>
      </div>
    );
  }
  return <ErrorNotice title="Could not list buckets" error={error} onRetry={onRetry} />;
}

function filterBuckets(buckets: BucketSummary[], filter: string): BucketSummary[] {
  const needle = filter.trim().toLowerCase();
  return needle ? buckets.filter((b) => b.name.toLowerCase().includes(needle)) : buckets;
}

function sortBuckets(buckets: BucketSummary[], sort: SortState<Column>): BucketSummary[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...buckets].sort((a, b) =>
    sort.column === 'name'
      ? sign * (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
      : sign * ((a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0)),
  );
}
