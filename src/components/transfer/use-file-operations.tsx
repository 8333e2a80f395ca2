import {
  Suspense,
  useCallback,
  useState,
  useSyncExternalStore,
  type DragEvent,
  type KeyboardEvent,
} from 'react';
import { useLatest } from '../../hooks/use-latest';
import type { Place } from '../../hooks/use-route';
import { useConnectedSession } from '../../hooks/use-session';
import {
  clipboardFolder,
  setClipboard,
  useTransferClipboard,
  type TransferClipboard,
} from '../../hooks/use-transfer-clipboard';
import { planInto, planRename, useTransferStore } from '../../hooks/use-transfer-jobs';
import { useVersionJobStore } from '../../hooks/use-version-jobs';
import type { ListedObject } from '../../s3/copy/plan';
import type { TransferMode } from '../../s3/copy/transfer-job';
import type { Row } from '../object-table/rows';
import { rowId } from '../object-table/use-selection';
import { ErrorNotice } from '../ui/ErrorNotice';
import { lazyNamed } from '../ui/lazy';
import { itemsText } from './job-text';
import { RenameField } from './RenameField';
import './transfer.css';

// Chunks of their own: most visits never move anything.
const MoveCopyDialog = lazyNamed(() => import('./MoveCopyDialog'), 'MoveCopyDialog');
const PasteDialog = lazyNamed(() => import('./PasteDialog'), 'PasteDialog');
const TransferHost = lazyNamed(() => import('./TransferHost'), 'TransferHost');

/**
 * The drag data of rows dragged inside the app. A type of its own: the upload drop zone takes only drags that
 * carry files from the computer, and these targets take only this.
 */
export const ITEMS_DRAG_TYPE = 'application/x-s3fm-items';

interface DraggedItems {
  bucket: string;
  sources: string[];
}

/** What a row stands for in a job: its key, or its folder prefix (ending with "/"). */
export const rowSource = (row: Row) => (row.kind === 'folder' ? row.prefix : row.entry.key);

/** The class of a folder (row or breadcrumb) while rows are dragged over it. */
const dropClass = (dropTarget: string | null, id: string) => (dropTarget === id ? 'drop-target' : undefined);

/** Ctrl on Linux and Windows, ⌘ on a Mac. */
const commandKey = (event: { ctrlKey: boolean; metaKey: boolean }) => event.ctrlKey || event.metaKey;

/**
 * Rename, Move to…, Copy to…, drag to move (Ctrl or Alt/⌥: copy) and cut/copy/paste for one folder of the object
 * browser. The jobs themselves live in the connection's store (useTransferStore), so they outlive the folder; the
 * clipboard lives on the device (useTransferClipboard), so a paste may take items of another connection.
 */
export function useFileOperations({
  bucket,
  prefix,
  selectedRows,
  onStarted,
}: {
  bucket: string;
  prefix: string;
  selectedRows: Row[];
  /** A job started: the selection it was made from has done its work. */
  onStarted?: () => void;
}) {
  const store = useTransferStore();
  const { profile } = useConnectedSession();
  const clipboard = useTransferClipboard();
  const hasJobs = useSyncExternalStore(store.subscribe, () => store.getSnapshot().jobs.length > 0);
  const versionJobs = useVersionJobStore();
  const hasVersionJobs = useSyncExternalStore(
    versionJobs.subscribe,
    () => versionJobs.getSnapshot().jobs.length > 0,
  );
  const [dialog, setDialog] = useState<{
    mode: TransferMode;
    sources: string[];
    listed: Map<string, ListedObject>;
  } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  /** A paste from another connection, waiting for its confirm (and maybe that connection's keys). */
  const [pasting, setPasting] = useState<TransferClipboard | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  /** Starts a job into `to`, or says why it cannot go there. */
  const transfer = (mode: TransferMode, from: DraggedItems, to: { bucket: string; prefix: string }) => {
    try {
      const roots = planInto(from.sources, { bucket: from.bucket }, to);
      store.start({ mode, fromBucket: from.bucket, toBucket: to.bucket, toPrefix: to.prefix, roots });
      setProblem(null);
      onStarted?.();
      return true;
    } catch (error) {
      setProblem(error);
      return false;
    }
  };

  const rename = (row: Row, name: string) => {
    setRenaming(null);
    try {
      const root = planRename(rowSource(row), name);
      store.start({
        mode: 'move',
        fromBucket: bucket,
        toBucket: bucket,
        toPrefix: prefix,
        roots: [root],
        rename: true,
      });
      setProblem(null);
    } catch (error) {
      setProblem(error);
    }
  };

  /** The selection when the row is part of it, else the row alone. */
  const targetsOf = (row: Row) =>
    selectedRows.some((selected) => rowId(selected) === rowId(row)) ? selectedRows : [row];

  const paste = () => {
    if (!clipboard) return;
    // Another connection's items: its keys may have to be opened, and the bytes go through the page. Ask first.
    if (clipboard.connection.id !== profile.id) return setPasting(clipboard);
    const done = transfer(clipboard.mode, clipboard, { bucket, prefix });
    // A cut is used once (its items are moving); a copy can be pasted again elsewhere.
    if (done && clipboard.mode === 'move') setClipboard(undefined);
  };

  /** Drop handlers for a folder (a folder row or a breadcrumb): internal drags only, highlighted while over. */
  const dropProps = (place: Place, id: string) => ({
    className: dropClass(dropTarget, id),
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes(ITEMS_DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = commandKey(event) || event.altKey ? 'copy' : 'move';
      if (dropTarget !== id) setDropTarget(id);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
    },
    onDrop: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes(ITEMS_DRAG_TYPE)) return;
      event.preventDefault();
      event.stopPropagation();
      setDropTarget(null);
      const items = parseDragged(event.dataTransfer.getData(ITEMS_DRAG_TYPE));
      if (!items || place.bucket === undefined) return;
      // A folder let go over itself: the drag went nowhere, nothing to say.
      if (items.bucket === place.bucket && items.sources.includes(place.prefix)) return;
      transfer(commandKey(event) || event.altKey ? 'copy' : 'move', items, {
        bucket: place.bucket,
        prefix: place.prefix,
      });
    },
  });

  const toClipboard = (mode: TransferMode, rows: Row[]) =>
    setClipboard({
      mode,
      connection: { id: profile.id, label: profile.label },
      bucket,
      sources: rows.map(rowSource),
    });

  // The rows' renderers stay the same functions while what they draw (the row being renamed, the folder under a
  // drag) stays the same: a listing that grows (Load all) then redraws no row. Their handlers act on the latest
  // render's state through `now`.
  const now = useLatest({ rename, targetsOf, dropProps });
  const startRename = useCallback((row: Row) => setRenaming(rowId(row)), []);
  const renameEditor = useCallback(
    (row: Row) =>
      renaming === rowId(row) ? (
        <RenameField
          name={row.kind === 'folder' ? row.name.replace(/\/$/, '') : row.name}
          folder={row.kind === 'folder'}
          onSave={(name) => now.current.rename(row, name)}
          onCancel={() => setRenaming(null)}
        />
      ) : undefined,
    [renaming, now],
  );
  const rowProps = useCallback(
    (row: Row) => {
      const id = rowId(row);
      const place = row.kind === 'folder' ? { bucket, prefix: row.prefix } : undefined;
      return {
        draggable: renaming !== id,
        onDragStart: (event: DragEvent) => {
          const items: DraggedItems = { bucket, sources: now.current.targetsOf(row).map(rowSource) };
          event.dataTransfer.setData(ITEMS_DRAG_TYPE, JSON.stringify(items));
          event.dataTransfer.setData('text/plain', items.sources.join('\n'));
          event.dataTransfer.effectAllowed = 'copyMove';
        },
        onDragEnd: () => setDropTarget(null),
        ...(place && {
          className: dropClass(dropTarget, id),
          onDragOver: (event: DragEvent) => now.current.dropProps(place, id).onDragOver(event),
          onDragLeave: (event: DragEvent) => now.current.dropProps(place, id).onDragLeave(event),
          onDrop: (event: DragEvent) => now.current.dropProps(place, id).onDrop(event),
        }),
      };
    },
    [bucket, renaming, dropTarget, now],
  );

  return {
    openMoveCopy: (mode: TransferMode, rows: Row[]) =>
      setDialog({ mode, sources: rows.map(rowSource), listed: listedOf(rows) }),
    /** Cut ('move') or copy rows, to paste in another folder. */
    toClipboard,
    paste,
    canPaste: !!clipboard,
    targetsOf,
    startRename,
    /** Another folder is shown: a rename, a drop highlight, a refusal or a dialog of the last one ends. */
    reset: () => {
      setDialog(null);
      setRenaming(null);
      setDropTarget(null);
      setPasting(null);
      setProblem(null);
    },

    /** The name cell's editor while the row is being renamed. */
    renameEditor,

    /** F2 renames the focused row; Ctrl/⌘+X, C and V cut, copy and paste. True when the key was one of these. */
    onShortcut: (event: KeyboardEvent, targets: Row[], focused: Row | undefined) => {
      if (event.key === 'F2' && focused) {
        setRenaming(rowId(focused));
        return true;
      }
      if (!commandKey(event) || event.altKey || event.shiftKey) return false;
      const key = event.key.toLowerCase();
      if ((key === 'x' || key === 'c') && targets.length) {
        toClipboard(key === 'x' ? 'move' : 'copy', targets);
        return true;
      }
      if (key === 'v' && clipboard) {
        paste();
        return true;
      }
      return false;
    },

    /** Drag a row (or the selection it belongs to); a folder row also takes drops. */
    rowProps,

    /** A breadcrumb takes drops too: the way to move something up. */
    crumbProps: (place: Place) =>
      place.bucket === undefined ? {} : dropProps(place, `crumb:${place.bucket}/${place.prefix}`),

    /** The dialogs, the clipboard line, the jobs panel and the last refusal. */
    view: (
      <>
        {clipboard && (
          <p className="clipboard-line" role="status" aria-label="Clipboard">
            <span>
              {itemsText(clipboard.sources)} {clipboard.mode === 'move' ? 'cut' : 'copied'} from{' '}
              <span className="break">
                {clipboard.connection.id === profile.id ? '' : `${clipboard.connection.label}: `}
                {clipboard.bucket}/{clipboardFolder(clipboard.sources)}
              </span>
              . Paste with Ctrl+V in a folder.
            </span>
            <button type="button" onClick={paste}>
              Paste here
            </button>
            <button type="button" className="quiet" onClick={() => setClipboard(undefined)}>
              Clear clipboard
            </button>
          </p>
        )}
        {pasting && (
          <Suspense fallback={null}>
            <PasteDialog
              clipboard={pasting}
              bucket={bucket}
              prefix={prefix}
              onClose={() => setPasting(null)}
            />
          </Suspense>
        )}
        {problem !== null && (
          <div className="operation-problem">
            <ErrorNotice title="Nothing was moved or copied" error={problem} />
            <button type="button" className="quiet" onClick={() => setProblem(null)}>
              Dismiss
            </button>
          </div>
        )}
        {dialog && (
          <Suspense fallback={null}>
            <MoveCopyDialog
              mode={dialog.mode}
              bucket={bucket}
              prefix={prefix}
              sources={dialog.sources}
              listed={dialog.listed}
              onStarted={onStarted}
              onClose={() => setDialog(null)}
            />
          </Suspense>
        )}
        {/* Mounted with the dialog too: the first job's panel then shows without waiting for its chunk. */}
        {(hasJobs || hasVersionJobs || dialog || pasting) && (
          <Suspense fallback={null}>
            <TransferHost />
          </Suspense>
        )}
      </>
    ),
  };
}

/** The picked files' ETag and size as listed, by key. */
function listedOf(rows: Row[]): Map<string, ListedObject> {
  const listed = new Map<string, ListedObject>();
  for (const row of rows) {
    if (row.kind === 'object' && row.entry.etag) {
      listed.set(row.entry.key, { etag: row.entry.etag, size: row.entry.size });
    }
  }
  return listed;
}

function parseDragged(data: string): DraggedItems | null {
  try {
    const parsed = JSON.parse(data) as DraggedItems;
    if (typeof parsed.bucket !== 'string' || !Array.isArray(parsed.sources)) return null;
    return { bucket: parsed.bucket, sources: parsed.sources.filter((s) => typeof s === 'string') };
  } catch {
    return null;
  }
}
