import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLatest } from '../../hooks/use-latest';
import { useDownload } from '../../hooks/use-download';
import { useZipDownload } from '../../hooks/use-zip-download';
import { useFolderOpener, useLoadAll, useObjectListing } from '../../hooks/use-objects';
import type { Place } from '../../hooks/use-route';
import { useSearchRoute } from '../../hooks/search-route';
import { useViewMode } from '../../hooks/use-view-mode';
import { BucketAccessControl } from '../access/BucketAccessControl';
import { CorsDoctor } from '../cors-doctor/CorsDoctor';
import { UnorderedToggle } from '../listing-options/UnorderedToggle';
import { SelectionBar } from './SelectionBar';
import { ViewModeButton } from '../object-grid/ViewModeButton';
import { RequestFilesButton } from '../file-requests/RequestFilesButton';
import { SearchBar } from '../search/SearchBar';
import { useFileOperations } from '../transfer/use-file-operations';
import { DropZone } from '../upload/DropZone';
import { UploadButtons } from '../upload/UploadButtons';
import { ErrorNotice } from '../ui/ErrorNotice';
import { lazyNamed } from '../ui/lazy';
import type { SortState } from '../ui/SortHeader';
import { Breadcrumbs } from './Breadcrumbs';
import { ObjectTable } from './ObjectTable';
import { RowActions } from './RowActions';
import { buildRows, countEntries, type Column, type Row } from './rows';
import { rowId, useSelection } from './use-selection';
import { useFolderChange } from '../../hooks/use-folder-change';
import { ZipStatus } from './ZipStatus';
import { TransferRowActions } from '../transfer/TransferRowActions';
import { VersionsViewSwitch } from '../versions/VersionsViewSwitch';
import { loadVersionsPanel } from '../versions/load-versions-panel';
import { useBucketVersioning } from '../../hooks/use-versioning';
import type { VersionsView } from '../versions/VersionsPanel';
import { useAccessChange } from '../access/use-access-change';
import { FolderMenuButton, useEntryMenu } from '../entry-menu/use-entry-menu';
import type { EntryHandlers } from '../entry-menu/entry-actions';
import '../entry-menu/row-menu-button.css';

// Opened on demand: each loads from its own chunk (see ui/lazy.ts).
const ObjectDetailsPanel = lazyNamed(
  () => import('../object-details/ObjectDetailsPanel'),
  'ObjectDetailsPanel',
);
const VersionsPanel = lazyNamed(loadVersionsPanel, 'VersionsPanel');
const ShareDialog = lazyNamed(() => import('../share-dialog/ShareDialog'), 'ShareDialog');
const ObjectGrid = lazyNamed(() => import('../object-grid/ObjectGrid'), 'ObjectGrid');
const DeleteDialog = lazyNamed(() => import('./DeleteDialog'), 'DeleteDialog');
const NewFolderDialog = lazyNamed(() => import('./NewEntryDialogs'), 'NewFolderDialog');
const NewTextFileDialog = lazyNamed(() => import('./NewEntryDialogs'), 'NewTextFileDialog');
const RequestFilesDialog = lazyNamed(
  () => import('../file-requests/RequestFilesDialog'),
  'RequestFilesDialog',
);

const BY_NAME: SortState<Column> = { column: 'name', direction: 'asc' };

type OpenDialog =
  | { kind: 'delete'; rows: Row[] }
  | { kind: 'new-folder' }
  | { kind: 'new-text' }
  | { kind: 'share'; key: string }
  | { kind: 'request-files'; prefix: string }
  | null;

/** One folder of a bucket: breadcrumbs, toolbar, the listing, and the selected object's details. */
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
  const [, setSearch] = useSearchRoute();
  const folders = useFolderOpener(navigate);
  const download = useDownload(bucket);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<SortState<Column>>(BY_NAME);
  const [detailsKey, setDetailsKey] = useState<string | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [viewMode, setViewMode] = useViewMode(bucket, prefix);
  const [versionsView, setVersionsView] = useState<VersionsView | null>(null);
  const loadAll = useLoadAll(bucket, prefix, listing);
  // Pages are drawn as they reach the cache, in one render each: a background render of a growing listing was
  // thrown away and begun again by every frame of a scroll.
  const pages = listing.data?.pages;
  const rows = useMemo(() => buildRows(pages ?? [], prefix, filter, sort), [pages, prefix, filter, sort]);
  const selection = useSelection(rows);
  const loaded = useMemo(() => countEntries(pages ?? [], prefix), [pages, prefix]);
  const complete = !!pages && !listing.hasNextPage;
  const selectedCount = selection.selectedRows.length;
  const zip = useZipDownload(bucket, prefix);
  const operations = useFileOperations({
    bucket,
    prefix,
    selectedRows: selection.selectedRows,
    onStarted: selection.clear,
  });
  // The browser stays from folder to folder (see App): what belongs to one folder starts afresh in the next,
  // and the table and grid, keyed by folder below, start at their top with nothing focused.
  useFolderChange(`${bucket}\n${prefix}`, () => {
    setFilter('');
    setSort(BY_NAME);
    setDetailsKey(null);
    setDialog(null);
    setVersionsView(null);
    selection.clear();
    loadAll.stop();
    operations.reset();
  });
  const startDownload = (key: string) => void download(key);
  /** Objects download as themselves; several entries or a folder as one streamed zip. */
  const downloadRows = (targets: Row[]) => {
    const [only] = targets;
    if (targets.length === 1 && only.kind === 'object') return startDownload(only.entry.key);
    const folderName = prefix.split('/').filter(Boolean).pop() ?? bucket;
    const name =
      targets.length === 1 && only.kind === 'folder' ? only.name.replace(/\/$/, '') || 'folder' : folderName;
    void zip.start(
      {
        objects: targets.flatMap((r) => (r.kind === 'object' ? [r.entry] : [])),
        prefixes: targets.flatMap((r) => (r.kind === 'folder' ? [r.prefix] : [])),
      },
      `${name}.zip`,
    );
  };

  const filesInput = useRef<HTMLInputElement>(null);
  const accessChange = useAccessChange(bucket);
  const versioning = useBucketVersioning(bucket);
  const handlers: EntryHandlers = {
    open: (row) =>
      row.kind === 'folder' ? folders.open({ bucket, prefix: row.prefix }) : setDetailsKey(row.entry.key),
    history: (row) => row.kind === 'object' && setDetailsKey(row.entry.key),
    showVersions: setVersionsView,
    download: downloadRows,
    share: (row) => row.kind === 'object' && setDialog({ kind: 'share', key: row.entry.key }),
    setPublic: accessChange.ask,
    rename: operations.startRename,
    moveCopy: operations.openMoveCopy,
    toClipboard: operations.toClipboard,
    paste: operations.paste,
    remove: (targets) => setDialog({ kind: 'delete', rows: targets }),
    requestFiles: (folder) => setDialog({ kind: 'request-files', prefix: folder }),
    newFolder: () => setDialog({ kind: 'new-folder' }),
    newTextFile: () => setDialog({ kind: 'new-text' }),
    upload: () => filesInput.current?.click(),
    selectAll: selection.selectAll,
    refresh: () => void listing.refetch(),
  };
  const menu = useEntryMenu({
    folder: prefix,
    handlers,
    targetsOf: operations.targetsOf,
    canPaste: operations.canPaste,
    versioned: versioning.data === 'Enabled' || versioning.data === 'Suspended',
  });
  const { preload } = menu;
  // The keys the table and the grid share beyond moving and selecting: select all, rename, cut, copy, paste.
  const onShortcut = (event: KeyboardEvent, targets: Row[], focused: Row | undefined) => {
    const mod = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
    if (mod && event.key.toLowerCase() === 'a') {
      selection.selectAll();
      return true;
    }
    return operations.onShortcut(event, targets, focused);
  };
  useEffect(preload, [preload]);
  // The same function while no row's menu opens or closes, so a listing that grows redraws no row (see TableRow).
  const rowHandlers = useLatest({ downloadRows, openForRow: menu.openForRow });
  const { startRename } = operations;
  const [{ downloadRow, openRowMenu }] = useState(() => ({
    downloadRow: (row: Row) => rowHandlers.current.downloadRows([row]),
    openRowMenu: (row: Row, button: HTMLElement) => rowHandlers.current.openForRow(row, button),
  }));
  const menuRow = menu.openRow && rowId(menu.openRow);
  const renderActions = useCallback(
    (row: Row) => (
      <RowActions
        row={row}
        onDownload={downloadRow}
        onDelete={(target) => setDialog({ kind: 'delete', rows: [target] })}
        onShare={(t) => t.kind === 'object' && setDialog({ kind: 'share', key: t.entry.key })}
        onMore={openRowMenu}
        menuOpen={menuRow === rowId(row)}
      >
        <TransferRowActions row={row} onRename={startRename} />
      </RowActions>
    ),
    [menuRow, downloadRow, openRowMenu, startRename],
  );

  return (
    <main className="page browser" onContextMenu={menu.onContextMenu}>
      <Breadcrumbs bucket={bucket} prefix={prefix} navigate={navigate} crumbProps={operations.crumbProps} />
      <SearchBar prefix={prefix} query={null} onSearch={setSearch} />
      <div className="page-head toolbar">
        <input
          type="search"
          className="filter"
          aria-label="Filter by name"
          placeholder="Filter by name"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="count" role="status" aria-live="polite">
          {pages &&
            `${rows.length} ${rows.length === 1 ? 'item' : 'items'}${complete ? '' : ' loaded, more to come…'}`}
        </span>
        {/* The latest objects' Load all; a versions view has its own. */}
        {!versionsView &&
          pages &&
          listing.hasNextPage &&
          (loadAll.loadingAll ? (
            <button type="button" onClick={loadAll.stop}>
              Stop loading
            </button>
          ) : (
            <button type="button" onClick={loadAll.start}>
              Load all
            </button>
          ))}
        <UploadButtons bucket={bucket} prefix={prefix} filesInput={filesInput} />
        {/* On a small screen these are in the folder's menu (More actions for this folder). */}
        <span className="toolbar-secondary">
          <RequestFilesButton bucket={bucket} prefix={prefix} />
          <button type="button" onClick={() => setDialog({ kind: 'new-folder' })}>
            New folder
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'new-text' })}>
            New text file
          </button>
          <button type="button" onClick={() => listing.refetch()} disabled={listing.isFetching}>
            Refresh
          </button>
          <ViewModeButton mode={viewMode} onChange={setViewMode} />
        </span>
        <FolderMenuButton menu={menu} />
        <UnorderedToggle />
        <VersionsViewSwitch bucket={bucket} view={versionsView} onChange={setVersionsView} />
        <BucketAccessControl bucket={bucket} />
        {/* The menu's Make public… / private…: its question, progress and outcome. */}
        {accessChange.view}
      </div>
      {selectedCount > 0 && (
        <SelectionBar
          bucket={bucket}
          rows={selection.selectedRows}
          label={String(selectedCount)}
          onDownload={downloadRows}
          onMoveCopy={operations.openMoveCopy}
          onDelete={(rows) => setDialog({ kind: 'delete', rows })}
          onClear={selection.clear}
          note={listing.hasNextPage && 'Only loaded items are selected; scroll to load the rest.'}
        />
      )}
      <ZipStatus state={zip.state} onCancel={zip.cancel} onDismiss={zip.dismiss} />
      {operations.view}
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
      {listing.error && <CorsDoctor bucket={bucket} error={listing.error} />}
      <DropZone bucket={bucket} prefix={prefix}>
        {!versionsView && pages && complete && loaded === 0 && (
          <div className="empty">
            <p>{prefix ? 'This folder is empty.' : 'This bucket is empty.'}</p>
            <p className="muted">
              Drop files or folders here, or press <strong>Upload</strong> above. <strong>New folder</strong>{' '}
              and <strong>New text file</strong> make one here.
            </p>
          </div>
        )}
        <div className="browser-body">
          {versionsView && (
            <Suspense fallback={null}>
              <VersionsPanel
                view={versionsView}
                bucket={bucket}
                prefix={prefix}
                navigate={navigate}
                onOpenHistory={setDetailsKey}
              />
            </Suspense>
          )}
          {!versionsView && pages && loaded > 0 && viewMode === 'grid' && (
            <Suspense fallback={null}>
              <ObjectGrid
                key={prefix}
                bucket={bucket}
                rows={rows}
                navigate={folders.open}
                hasMore={!!listing.hasNextPage}
                loadMore={() => {
                  if (!loadAll.loadingAll) listing.fetchPageAfter(pages);
                }}
                selected={selection.selected}
                onToggle={selection.toggle}
                onClearSelection={selection.clear}
                onOpenObject={(row) => setDetailsKey(row.entry.key)}
                onDeleteRows={(targets) => setDialog({ kind: 'delete', rows: targets })}
                onRowMenu={menu.openForRow}
                cellProps={operations.rowProps}
                renderNameEditor={operations.renameEditor}
                onShortcut={onShortcut}
              />
            </Suspense>
          )}
          {!versionsView && pages && loaded > 0 && viewMode === 'list' && (
            <ObjectTable
              key={prefix}
              bucket={bucket}
              rows={rows}
              sort={sort}
              onSort={setSort}
              navigate={folders.open}
              warmFolder={folders.warm}
              filter={filter}
              hasMore={!!listing.hasNextPage}
              loadingAll={loadAll.loadingAll}
              loadMore={() => {
                // While Load all runs, it fetches every page itself.
                if (!loadAll.loadingAll) listing.fetchPageAfter(pages);
              }}
              selected={selection.selected}
              onToggle={selection.toggle}
              onToggleAll={selection.selectAll}
              onClearSelection={selection.clear}
              onOpenObject={(row) => setDetailsKey(row.entry.key)}
              onDeleteRows={(targets) => setDialog({ kind: 'delete', rows: targets })}
              renderNameEditor={operations.renameEditor}
              onShortcut={onShortcut}
              rowProps={operations.rowProps}
              onRowMenu={menu.openForRow}
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
                onDownload={startDownload}
              />
            </Suspense>
          )}
        </div>
      </DropZone>
      {dialog?.kind === 'delete' && (
        <Suspense fallback={null}>
          <DeleteDialog
            bucket={bucket}
            rows={dialog.rows}
            onClose={() => {
              setDialog(null);
              selection.clear();
            }}
          />
        </Suspense>
      )}
      {dialog?.kind === 'new-folder' && (
        <Suspense fallback={null}>
          <NewFolderDialog
            bucket={bucket}
            prefix={prefix}
            onClose={() => setDialog(null)}
            onCreated={(folder) => navigate({ bucket, prefix: folder })}
          />
        </Suspense>
      )}
      {dialog?.kind === 'share' && (
        <Suspense fallback={null}>
          <ShareDialog bucket={bucket} objectKey={dialog.key} onClose={() => setDialog(null)} />
        </Suspense>
      )}
      {dialog?.kind === 'request-files' && (
        <Suspense fallback={null}>
          <RequestFilesDialog bucket={bucket} prefix={dialog.prefix} onClose={() => setDialog(null)} />
        </Suspense>
      )}
      {menu.view}
      {dialog?.kind === 'new-text' && (
        <Suspense fallback={null}>
          <NewTextFileDialog bucket={bucket} prefix={prefix} onClose={() => setDialog(null)} />
        </Suspense>
      )}
    </main>
  );
}
