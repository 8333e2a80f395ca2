import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { Place } from '../../hooks/use-route';
import { placeToSearch } from '../../hooks/use-route';
import { useThumbnailUrl } from '../../hooks/use-thumbnail';
import { handleCollectionKey, openRowMenu } from '../object-table/collection-keys';
import type { Row } from '../object-table/rows';
import { rowId } from '../object-table/use-selection';
import { Icon } from '../ui/Icon';
import { formatBytes } from '../ui/format';
import { showsThumbnail } from './thumbnail-kind';
import './object-grid.css';

const CELL_WIDTH = 160;
const CELL_HEIGHT = 168;
/** Fetch the next page this many cells before the end, as the table does with rows. */
const PREFETCH_CELLS = 300;

export interface ObjectGridProps {
  bucket: string;
  rows: Row[];
  navigate: (place: Place) => void;
  hasMore: boolean;
  loadMore: () => void;
  selected: ReadonlySet<string>;
  onToggle: (index: number, range: boolean) => void;
  onClearSelection: () => void;
  onOpenObject: (row: Extract<Row, { kind: 'object' }>) => void;
  onDeleteRows: (rows: Row[]) => void;
  /** The actions menu of a cell (right-click, Shift+F10, the menu key), as the table's rows have it. */
  onRowMenu?: (row: Row, at: { x: number; y: number }) => void;
  /** More attributes of a cell: drag and drop handlers, a class (the table's rowProps). */
  cellProps?: (row: Row) => HTMLAttributes<HTMLElement> & { draggable?: boolean };
  /** The name's editor while a cell is being renamed (the table's renderNameEditor). */
  renderNameEditor?: (row: Row) => ReactNode | undefined;
  /** More keys (rename, cut, copy, paste, select all), as in the table: true when handled. */
  onShortcut?: (event: KeyboardEvent, targets: Row[], focused: Row | undefined) => boolean;
}

/**
 * The folder as a grid of cells: a thumbnail for images, an icon otherwise, the name under it. Virtualized by
 * lines of cells with no overscan, so only the cells on screen exist, and only they sign and load a thumbnail.
 * The keyboard works as in the table: arrows move, Space selects, Enter opens, Delete deletes, Escape clears.
 */
export function ObjectGrid(props: ObjectGridProps) {
  const { bucket, rows, selected, hasMore, loadMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(1);
  const [active, setActive] = useState(-1);

  // Measured before the first paint, so no cell of a one-column layout is drawn (and asks for its thumbnail).
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => setColumns(Math.max(1, Math.floor(element.clientWidth / CELL_WIDTH)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const lines = Math.ceil(rows.length / columns);
  // The app does not use the React Compiler, so the virtualizer's unmemoizable API is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CELL_HEIGHT,
    overscan: 0,
  });
  const items = virtualizer.getVirtualItems();
  // Cells that only pass by while the grid scrolls are not worth a signature and a GET: their thumbnails are
  // asked for once the scrolling stops (ones already signed still show).
  const scrolling = virtualizer.isScrolling;
  const lastLine = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    if (hasMore && (lastLine + 1) * columns >= rows.length - PREFETCH_CELLS) loadMore();
  }, [hasMore, lastLine, columns, rows.length, loadMore]);

  const open = (row: Row) => {
    if (row.kind === 'folder') props.navigate({ bucket, prefix: row.prefix });
    else props.onOpenObject(row);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) =>
    handleCollectionKey(event, {
      ...props,
      active,
      steps: { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns },
      moveTo: (index) => {
        setActive(index);
        virtualizer.scrollToIndex(Math.floor(index / columns));
      },
      open,
    });

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) =>
    openRowMenu(
      event,
      {
        indexAt: (target) => {
          const cell = target.closest<HTMLElement>('.grid-cell[data-index]');
          return cell ? Number(cell.dataset.index) : undefined;
        },
        anchor: (index) => {
          const rect = scrollRef.current
            ?.querySelector(`.grid-cell[data-index="${index}"]`)
            ?.getBoundingClientRect();
          return rect && { x: rect.left + rect.width / 2, y: rect.bottom };
        },
      },
      { rows, active, setActive, onRowMenu: props.onRowMenu },
    );

  return (
    <div
      className="table-scroll"
      ref={scrollRef}
      tabIndex={0}
      role="group"
      aria-label="Objects as a grid (arrow keys move, Space selects, Enter opens, Delete deletes)"
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
    >
      <div className="grid-space" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((line) => (
          <div
            key={line.index}
            className="grid-line"
            style={
              {
                transform: `translateY(${line.start}px)`,
                height: CELL_HEIGHT,
                '--columns': columns,
              } as CSSProperties
            }
          >
            {rows.slice(line.index * columns, (line.index + 1) * columns).map((row, i) => {
              const index = line.index * columns + i;
              return (
                <GridCell
                  key={rowId(row)}
                  index={index}
                  extra={props.cellProps?.(row)}
                  nameEditor={props.renderNameEditor?.(row)}
                  bucket={bucket}
                  row={row}
                  selected={selected.has(rowId(row))}
                  active={index === active}
                  loadThumbnail={!scrolling}
                  onActivate={() => setActive(index)}
                  onToggle={(range) => props.onToggle(index, range)}
                  onOpen={() => open(row)}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function GridCell({
  index,
  extra,
  nameEditor,
  bucket,
  row,
  selected,
  active,
  loadThumbnail,
  onActivate,
  onToggle,
  onOpen,
}: {
  index: number;
  extra?: HTMLAttributes<HTMLElement> & { draggable?: boolean };
  nameEditor?: ReactNode;
  bucket: string;
  row: Row;
  selected: boolean;
  active: boolean;
  loadThumbnail: boolean;
  onActivate: () => void;
  onToggle: (range: boolean) => void;
  onOpen: () => void;
}) {
  const className = ['grid-cell', selected ? 'selected' : '', active ? 'active' : '', extra?.className ?? '']
    .join(' ')
    .trim();
  return (
    <div {...extra} className={className} data-index={index} onClick={onActivate}>
      <input
        type="checkbox"
        className="grid-check"
        aria-label={`Select ${row.name}`}
        checked={selected}
        onChange={() => undefined}
        onClick={(e) => onToggle(e.shiftKey)}
      />
      {nameEditor ? (
        <span className="grid-entry">
          <span className="grid-picture">
            <Icon name={row.kind === 'folder' ? 'folder' : 'file'} />
          </span>
          {nameEditor}
        </span>
      ) : row.kind === 'folder' ? (
        <a
          className="grid-entry"
          href={placeToSearch({ bucket, prefix: row.prefix })}
          title={row.prefix}
          onClick={(e) => {
            e.preventDefault();
            onOpen();
          }}
        >
          <span className="grid-picture">
            <Icon name="folder" />
          </span>
          <span className="grid-name">{row.name}</span>
        </a>
      ) : (
        <button type="button" className="grid-entry" title={row.entry.key} onClick={onOpen}>
          <span className="grid-picture">
            {showsThumbnail(row.name) ? (
              <Thumbnail bucket={bucket} objectKey={row.entry.key} load={loadThumbnail} />
            ) : (
              <Icon name="file" />
            )}
          </span>
          <span className="grid-name">{row.name}</span>
          <span className="grid-size muted">{formatBytes(row.entry.size)}</span>
        </button>
      )}
    </div>
  );
}

function Thumbnail({ bucket, objectKey, load }: { bucket: string; objectKey: string; load: boolean }) {
  const url = useThumbnailUrl(bucket, objectKey, load);
  const [failed, setFailed] = useState(false);
  if (!url.data || failed) return <Icon name="file" />;
  return <img src={url.data} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />;
}
