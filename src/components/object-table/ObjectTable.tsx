import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Place } from '../../hooks/use-route';
import { placeToSearch } from '../../hooks/use-route';
import { Icon } from '../ui/Icon';
import { formatBytes, formatDateTime, formatExactBytes } from '../ui/format';
import { SortHeader, type SortState } from '../ui/SortHeader';
import type { Column, Row } from './rows';

const ROW_HEIGHT = 36;
/** Fetch the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 300;

/**
 * The listing as a real table whose rows are virtualized: only the visible rows (plus a margin) are in the DOM,
 * with spacer rows standing in for the rest, so 100,000 keys scroll like 100.
 */
export function ObjectTable({
  bucket,
  rows,
  sort,
  onSort,
  navigate,
  filter,
  hasMore,
  loadMore,
}: {
  bucket: string;
  rows: Row[];
  sort: SortState<Column>;
  onSort: (next: SortState<Column>) => void;
  navigate: (place: Place) => void;
  filter: string;
  hasMore: boolean;
  loadMore: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler, so the virtualizer's unmemoizable API is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, lastIndex, rows.length, loadMore]);

  const top = items.length ? items[0].start : 0;
  const bottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className="table object-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <SortHeader column="name" label="Name" sort={sort} onSort={onSort} className="col-name" />
            <SortHeader column="size" label="Size" sort={sort} onSort={onSort} className="col-size" />
            <SortHeader
              column="modified"
              label="Last modified"
              sort={sort}
              onSort={onSort}
              className="col-date"
            />
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <tr
                key={row.kind === 'folder' ? `f:${row.prefix}` : `o:${row.entry.key}`}
                aria-rowindex={item.index + 2}
                style={{ height: ROW_HEIGHT }}
              >
                {row.kind === 'folder' ? (
                  <>
                    <td className="col-name">
                      <a
                        className="entry-link"
                        href={placeToSearch({ bucket, prefix: row.prefix })}
                        title={row.prefix}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate({ bucket, prefix: row.prefix });
                        }}
                      >
                        <Icon name="folder" />
                        <span className="name-text">{row.name}</span>
                      </a>
                    </td>
                    <td className="col-size muted">—</td>
                    <td className="col-date muted">—</td>
                  </>
                ) : (
                  <>
                    <td className="col-name" title={row.entry.key}>
                      <span className="entry">
                        <Icon name="file" />
                        <span className="name-text">{row.name}</span>
                      </span>
                    </td>
                    <td className="col-size" title={formatExactBytes(row.entry.size)}>
                      {formatBytes(row.entry.size)}
                    </td>
                    <td className="col-date" title={row.entry.lastModified?.toISOString()}>
                      {formatDateTime(row.entry.lastModified)}
                    </td>
                  </>
                )}
              </tr>
            );
          })}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                {hasMore ? 'Searching more names…' : `No names contain “${filter}”.`}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
