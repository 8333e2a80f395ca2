import { useMemo, useState } from 'react';
import { useObjectListing } from '../../hooks/use-objects';
import type { Place } from '../../hooks/use-route';
import { ErrorNotice } from '../ui/ErrorNotice';
import type { SortState } from '../ui/SortHeader';
import { Breadcrumbs } from './Breadcrumbs';
import { ObjectTable } from './ObjectTable';
import { buildRows, type Column } from './rows';

/** One folder of a bucket: breadcrumbs, a filter, and the listing. */
export function ObjectBrowser({
  bucket,
  prefix,
  navigate,
}: {
  bucket: string;
  prefix: string;
  navigate: (place: Place) => void;
}) {
  const listing = useObjectListing(bucket, prefix);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState<Column>>({ column: 'name', direction: 'asc' });
  const pages = listing.data?.pages;
  const rows = useMemo(() => buildRows(pages ?? [], prefix, filter, sort), [pages, prefix, filter, sort]);
  // Everything listed except the folder's own marker object ("prefix/"), which is not shown as a row.
  const loaded = useMemo(
    () =>
      (pages ?? []).reduce(
        (n, p) => n + p.folders.length + p.objects.filter((o) => o.key !== prefix).length,
        0,
      ),
    [pages, prefix],
  );
  const complete = !!pages && !listing.hasNextPage;

  return (
    <main className="page browser">
      <Breadcrumbs bucket={bucket} prefix={prefix} navigate={navigate} />
      <div className="page-head">
        <input
          type="search"
          className="filter"
          aria-label="Filter by name"
          placeholder="Filter by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="count" role="status" aria-live="polite">
          {pages && (complete ? `${rows.length} items` : `${rows.length} items loaded, more to come…`)}
        </span>
        <button type="button" onClick={() => listing.refetch()} disabled={listing.isFetching}>
          Refresh
        </button>
      </div>
      {listing.isPending && (
        <p role="status" className="muted">
          Loading…
        </p>
      )}
      {listing.error && (
        <ErrorNotice
          title="Could not list this folder"
          error={listing.error}
          onRetry={() => listing.refetch()}
        />
      )}
      {pages && complete && loaded === 0 && (
        <div className="empty">
          <p>{prefix ? 'This folder is empty.' : 'This bucket is empty.'}</p>
        </div>
      )}
      {pages && loaded > 0 && (
        <ObjectTable
          bucket={bucket}
          rows={rows}
          sort={sort}
          onSort={setSort}
          navigate={navigate}
          filter={filter}
          hasMore={!!listing.hasNextPage}
          loadMore={() => {
            if (listing.hasNextPage && !listing.isFetchingNextPage) void listing.fetchNextPage();
          }}
        />
      )}
    </main>
  );
}
