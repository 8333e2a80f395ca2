import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

const ROW_HEIGHT = 36;
/** Ask for the next page this many rows before the end, as the listing does. */
const PREFETCH_ROWS = 300;

export interface VersionsColumn<T> {
  header: ReactNode;
  className?: string;
  cell: (row: T) => ReactNode;
}

/**
 * A table of version rows, virtualized like the object listing (only the rows on screen are in the DOM, spacer
 * rows stand in for the rest) and asking for more pages as its end comes near.
 */
export function VersionsTable<T>({
  label,
  rows,
  rowKey,
  columns,
  hasMore,
  loadMore,
  empty,
}: {
  label: string;
  rows: T[];
  rowKey: (row: T) => string;
  columns: VersionsColumn<T>[];
  hasMore: boolean;
  loadMore: () => void;
  empty: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
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
    <div className="table-scroll" ref={scrollRef} tabIndex={0} role="group" aria-label={label}>
      <table className="table versions-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <tr key={rowKey(row)} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                {columns.map((column, i) => (
                  <td key={i} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
