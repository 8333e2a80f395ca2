import { Suspense, useCallback, useMemo, useState } from 'react';
import { useDownload } from '../../hooks/use-download';
import { useLatest } from '../../hooks/use-latest';
import { useBucketVersioning } from '../../hooks/use-versioning';
import type { Place } from '../../hooks/use-route';
import { useSearchRoute } from '../../hooks/search-route';
import { useSearch } from '../../hooks/use-search';
import { useZipDownload } from '../../hooks/use-zip-download';
import type { SearchQuery } from '../../s3/search/matcher';
import { SelectionBar } from '../object-table/SelectionBar';
import { useAccessChange } from '../access/use-access-change';
import type { EntryHandlers } from '../entry-menu/entry-actions';
import { useEntryMenu } from '../entry-menu/use-entry-menu';
import { Breadcrumbs } from '../object-table/Breadcrumbs';
import { ObjectTable } from '../object-table/ObjectTable';
import { RowActions } from '../object-table/RowActions';
import type { Column, Row } from '../object-table/rows';
import { rowId, useSelection } from '../object-table/use-selection';
import { ZipStatus } from '../object-table/ZipStatus';
import { useFileOperations } from '../transfer/use-file-operations';
import { ErrorNotice } from '../ui/ErrorNotice';
import { lazyNamed } from '../ui/lazy';
import type { SortState } from '../ui/SortHeader';
import { SearchBar } from './SearchBar';
import { folderOf } from '../../s3/key-folders';
import { growingSearchRows } from './search-rows';

const ObjectDetailsPanel = lazyNamed(
  () => import('../object-details/ObjectDetailsPanel'),
  'ObjectDetailsPanel',
);
const ShareDialog = lazyNamed(() => import('../share-dialog/ShareDialog'), 'ShareDialog');
const DeleteDialog = lazyNamed(() => import('../object-table/DeleteDialog'), 'DeleteDialog');

type OpenDialog = { kind: 'delete'; rows: Row[] } | { kind: 'share'; key: string } | null;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A search of a folder and everything below it: the matches stream into the same table as a listing, with a
 * live count, Cancel, and the listing's actions on any match or on all of them.
 */
export function SearchPage({
  bucket,
  prefix,
  query,
  navigate,
}: {
  bucket: string;
  prefix: string;
  query: SearchQuery;
  navigate: (place: Place) => void;
}) {
  const [, setQuery] = useSearchRoute();
  const search = useSearch(bucket, prefix, query);
  const download = useDownload(bucket);
  const zip = useZipDownload(bucket, prefix);
  const [sort, setSort] = useState<SortState<Column>>({ column: 'name', direction: 'asc' });
  const [detailsKey, setDetailsKey] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  // New matches are merged into the rows drawn last: taking them in costs a pass over the rows, not a sort.
  const [searchRows] = useState(growingSearchRows);
  const rows = useMemo(
    () => searchRows(search.batches, prefix, sort),
    [searchRows, search.batches, prefix, sort],
  );
  const selection = useSelection(rows);
  const running = search.status === 'running';
  const seconds = search.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(search.scanned / seconds) : 0;
  const where = prefix ? `“${prefix}”` : `bucket ${bucket}`;

  const downloadRows = (targets: Row[]) => {
    const [only] = targets;
    if (targets.length === 1 && only.kind === 'object') return void download(only.entry.key);
    void zip.start(
      { objects: targets.flatMap((r) => (r.kind === 'object' ? [r.entry] : [])), prefixes: [] },
      'search results.zip',
    );
  };
  const operations = useFileOperations({
    bucket,
    prefix,
    selectedRows: selection.selectedRows,
    onStarted: selection.clear,
  });
  const accessChange = useAccessChange(bucket);
  const versioning = useBucketVersioning(bucket);
  const openFolder = (row: Row) =>
    row.kind === 'object' && navigate({ bucket, prefix: folderOf(row.entry.key) });
  // The table's menu, less what needs one folder: renaming in place (rows are named by their path) and pasting.
  const handlers: EntryHandlers = {
    open: (row) => row.kind === 'object' && setDetailsKey(row.entry.key),
    history: (row) => row.kind === 'object' && setDetailsKey(row.entry.key),
    openFolder,
    download: downloadRows,
    share: (row) => row.kind === 'object' && setDialog({ kind: 'share', key: row.entry.key }),
    setPublic: accessChange.ask,
    moveCopy: operations.openMoveCopy,
    toClipboard: operations.toClipboard,
    remove: (targets) => setDialog({ kind: 'delete', rows: targets }),
  };
  const menu = useEntryMenu({
    folder: prefix,
    handlers,
    targetsOf: operations.targetsOf,
    canPaste: false,
    versioned: versioning.data === 'Enabled' || versioning.data === 'Suspended',
  });
  const allSelected = rows.length > 0 && selection.selectedRows.length === rows.length;
  // The same function while no row's menu opens or closes, so the progress line and new matches redraw no row that
  // did not change (see TableRow).
  const rowHandlers = useLatest({ downloadRows, openFolder, openForRow: menu.openForRow });
  const [rowEvents] = useState(() => ({
    download: (row: Row) => rowHandlers.current.downloadRows([row]),
    openFolder: (row: Row) => rowHandlers.current.openFolder(row),
    more: (row: Row, button: HTMLElement) => rowHandlers.current.openForRow(row, button),
  }));
  const menuRow = menu.openRow && rowId(menu.openRow);
  const renderActions = useCallback(
    (row: Row) => (
      <>
        {row.kind === 'object' && (
          <button
            type="button"
            className="quiet"
            aria-label={`Open folder of ${row.name}`}
            onClick={() => rowEvents.openFolder(row)}
          >
            Open folder
          </button>
        )}
        <RowActions
          row={row}
          onDownload={rowEvents.download}
          onDelete={(target) => setDialog({ kind: 'delete', rows: [target] })}
          onShare={(t) => t.kind === 'object' && setDialog({ kind: 'share', key: t.entry.key })}
          onMore={rowEvents.more}
          menuOpen={menuRow === rowId(row)}
        />
      </>
    ),
    [menuRow, rowEvents],
  );

  return (
    <main className="page browser">
      <Breadcrumbs bucket={bucket} prefix={prefix} navigate={navigate} />
      <SearchBar prefix={prefix} query={query} onSearch={setQuery} />
      <div className="page-head toolbar">
        <span className="count" role="status" aria-live="polite">
          {search.status === 'invalid'
            ? 'Nothing searched.'
            : `${running ? '' : search.status === 'cancelled' ? 'Cancelled: ' : search.status === 'done' ? 'Done: ' : 'Stopped: '}${count(search.found)} found in ${count(search.scanned)} keys scanned${running ? ` (${count(rate)} keys/s)` : ` in ${seconds.toFixed(1)} s`}`}
        </span>
        {running && (
          <button type="button" onClick={search.cancel}>
            Cancel search
          </button>
        )}
        {rows.length > 0 && !allSelected && (
          <button type="button" onClick={selection.selectAll}>
            {rows.length === 1 ? 'Select the match' : `Select all ${count(rows.length)} matches`}
          </button>
        )}
        <button type="button" onClick={() => setQuery(null)}>
          Back to the folder
        </button>
        {/* The menu's Make public… / private…: its question, progress and outcome. */}
        {accessChange.view}
      </div>
      {search.invalid && (
        <p className="field-problem" role="alert">
          {search.invalid}
        </p>
      )}
      {search.status === 'failed' && <ErrorNotice title={`Could not search ${where}`} error={search.error} />}
      {selection.selectedRows.length > 0 && (
        <SelectionBar
          bucket={bucket}
          rows={selection.selectedRows}
          label={count(selection.selectedRows.length)}
          onDownload={downloadRows}
          onMoveCopy={operations.openMoveCopy}
          onDelete={(rows) => setDialog({ kind: 'delete', rows })}
          onClear={selection.clear}
          note={running && 'The search is still running: later matches are not selected.'}
        />
      )}
      <ZipStatus state={zip.state} onCancel={zip.cancel} onDismiss={zip.dismiss} />
      {operations.view}
      {!running && search.status !== 'invalid' && search.found === 0 && (
        <div className="empty">
          <p>No matches in {where} and below.</p>
        </div>
      )}
      <div className="browser-body search-results">
        {/* Drawn with the page, before any match: the first match then adds a row, not a whole table. */}
        {(running || rows.length > 0) && (
          <ObjectTable
            bucket={bucket}
            rows={rows}
            sort={sort}
            onSort={setSort}
            navigate={navigate}
            filter={query.text}
            hasMore={running}
            loadMore={() => undefined}
            loadingAll={running}
            selected={selection.selected}
            onToggle={selection.toggle}
            onToggleAll={selection.selectAll}
            onClearSelection={selection.clear}
            onOpenObject={(row) => setDetailsKey(row.entry.key)}
            onDeleteRows={(targets) => setDialog({ kind: 'delete', rows: targets })}
            onRowMenu={menu.openForRow}
            // Cut and copy, to paste in a folder; no paste here, where rows are in many folders.
            onShortcut={(event, targets) =>
              event.key.toLowerCase() !== 'v' && operations.onShortcut(event, targets, undefined)
            }
            renderActions={renderActions}
          />
        )}
        {detailsKey !== null && (
          <Suspense fallback={null}>
            <ObjectDetailsPanel
              key={detailsKey}
              bucket={bucket}
              objectKey={detailsKey}
              onClose={() => setDetailsKey(null)}
              onDownload={(key) => void download(key)}
            />
          </Suspense>
        )}
      </div>
      {dialog?.kind === 'delete' && (
        <Suspense fallback={null}>
          <DeleteDialog
            bucket={bucket}
            rows={dialog.rows}
            onDeleted={search.forget}
            onClose={() => {
              setDialog(null);
              selection.clear();
            }}
          />
        </Suspense>
      )}
      {menu.view}
      {dialog?.kind === 'share' && (
        <Suspense fallback={null}>
          <ShareDialog bucket={bucket} objectKey={dialog.key} onClose={() => setDialog(null)} />
        </Suspense>
      )}
    </main>
  );
}
