import type { TransferMode } from '../../s3/copy/transfer-job';
import type { Row } from '../object-table/rows';
import type { VersionsView } from '../versions/VersionsPanel';
import { SHORTCUTS, type Shortcut } from '../shortcuts/shortcuts';

/**
 * What the view can do; the menu's entries call these and know nothing else of the page. An action whose handler
 * a view leaves out does not show there (search results cannot be renamed in place or pasted into).
 */
export interface EntryHandlers {
  open: (row: Row) => void;
  /** An object's versions (its details, where the history is). */
  history: (row: Row) => void;
  download: (rows: Row[]) => void;
  share: (row: Row) => void;
  setPublic: (rows: Row[], publicRead: boolean) => void;
  moveCopy: (mode: TransferMode, rows: Row[]) => void;
  toClipboard: (mode: TransferMode, rows: Row[]) => void;
  remove: (rows: Row[]) => void;
  /** Where rows come from many folders (search results): open the folder an object is in. */
  openFolder?: (row: Row) => void;
  rename?: (row: Row) => void;
  paste?: () => void;
  requestFiles?: (prefix: string) => void;
  // The folder's own menu only.
  showVersions?: (view: VersionsView) => void;
  newFolder?: () => void;
  newTextFile?: () => void;
  upload?: () => void;
  selectAll?: () => void;
  refresh?: () => void;
}

/** What a menu is about: a row (with the selection it belongs to), or the folder itself (an empty area). */
export interface EntryMenuContext {
  /** The row the menu was opened on; absent for the folder's menu. */
  row?: Row;
  /** The rows an action applies to: the selection when `row` is part of it, else `row` alone. */
  targets: Row[];
  /** The folder the menu is in (its prefix, "" at the bucket's top). */
  folder: string;
  /** Something was cut or copied and can be pasted here. */
  canPaste: boolean;
  /** The bucket keeps versions (versioning on, or suspended). */
  versioned: boolean;
  handlers: EntryHandlers;
}

/**
 * One entry of a menu. Adding an action to the menus is adding one of these to a list below; `shows` decides
 * whether it applies to what the menu is about, `enabled` greys it out instead (for something that cannot be
 * done now but could be, like Paste with nothing cut or copied).
 */
export interface EntryAction {
  id: string;
  label: (ctx: EntryMenuContext) => string;
  shortcut?: Shortcut;
  /** A line is drawn before the first entry of a new group. */
  group: 'open' | 'share' | 'organize' | 'clipboard' | 'danger' | 'create' | 'view';
  danger?: boolean;
  shows?: (ctx: EntryMenuContext) => boolean;
  enabled?: (ctx: EntryMenuContext) => boolean;
  run: (ctx: EntryMenuContext) => void;
}

const one = (ctx: EntryMenuContext) => ctx.targets.length === 1;
const objectsIn = (ctx: EntryMenuContext) => ctx.targets.filter((row) => row.kind === 'object').length;
const many = (ctx: EntryMenuContext, verb: string) =>
  one(ctx) ? verb : `${verb} ${ctx.targets.length} items`;

/** The menu of a row (right-click, Shift+F10, the menu key, or its "More actions" button). */
export const ROW_ACTIONS: EntryAction[] = [
  {
    id: 'open',
    label: () => 'Open',
    shortcut: SHORTCUTS.open,
    group: 'open',
    shows: (ctx) => ctx.row?.kind === 'folder',
    run: (ctx) => ctx.row && ctx.handlers.open(ctx.row),
  },
  {
    id: 'details',
    label: () => 'Details',
    shortcut: SHORTCUTS.open,
    group: 'open',
    shows: (ctx) => ctx.row?.kind === 'object',
    run: (ctx) => ctx.row && ctx.handlers.open(ctx.row),
  },
  {
    id: 'open-folder',
    label: () => 'Open containing folder',
    group: 'open',
    shows: (ctx) => !!ctx.handlers.openFolder && one(ctx) && ctx.row?.kind === 'object',
    run: (ctx) => ctx.row && ctx.handlers.openFolder?.(ctx.row),
  },
  {
    id: 'history',
    label: () => 'History…',
    group: 'open',
    shows: (ctx) => ctx.versioned && one(ctx) && ctx.row?.kind === 'object',
    run: (ctx) => ctx.row && ctx.handlers.history(ctx.row),
  },
  {
    id: 'download',
    label: (ctx) =>
      one(ctx) && ctx.targets[0].kind === 'object'
        ? 'Download'
        : one(ctx)
          ? 'Download as zip'
          : `Download ${ctx.targets.length} items as zip`,
    group: 'open',
    run: (ctx) => ctx.handlers.download(ctx.targets),
  },
  {
    id: 'share',
    label: () => 'Share…',
    group: 'share',
    shows: (ctx) => one(ctx) && ctx.row?.kind === 'object',
    run: (ctx) => ctx.row && ctx.handlers.share(ctx.row),
  },
  {
    id: 'make-public',
    label: (ctx) => (objectsIn(ctx) > 1 ? `Make ${objectsIn(ctx)} objects public…` : 'Make public…'),
    group: 'share',
    shows: (ctx) => objectsIn(ctx) > 0,
    run: (ctx) => ctx.handlers.setPublic(ctx.targets, true),
  },
  {
    id: 'make-private',
    label: (ctx) => (objectsIn(ctx) > 1 ? `Make ${objectsIn(ctx)} objects private…` : 'Make private…'),
    group: 'share',
    shows: (ctx) => objectsIn(ctx) > 0,
    run: (ctx) => ctx.handlers.setPublic(ctx.targets, false),
  },
  {
    id: 'request-files',
    label: () => 'Request files…',
    group: 'share',
    shows: (ctx) => !!ctx.handlers.requestFiles && one(ctx) && ctx.row?.kind === 'folder',
    run: (ctx) => ctx.row?.kind === 'folder' && ctx.handlers.requestFiles?.(ctx.row.prefix),
  },
  {
    id: 'rename',
    label: () => 'Rename',
    shortcut: SHORTCUTS.rename,
    group: 'organize',
    shows: (ctx) => !!ctx.handlers.rename && one(ctx),
    run: (ctx) => ctx.row && ctx.handlers.rename?.(ctx.row),
  },
  {
    id: 'move-to',
    label: (ctx) => `${many(ctx, 'Move')} to…`,
    group: 'organize',
    run: (ctx) => ctx.handlers.moveCopy('move', ctx.targets),
  },
  {
    id: 'copy-to',
    label: (ctx) => `${many(ctx, 'Copy')} to…`,
    group: 'organize',
    run: (ctx) => ctx.handlers.moveCopy('copy', ctx.targets),
  },
  {
    id: 'cut',
    label: (ctx) => many(ctx, 'Cut'),
    shortcut: SHORTCUTS.cut,
    group: 'clipboard',
    run: (ctx) => ctx.handlers.toClipboard('move', ctx.targets),
  },
  {
    id: 'copy',
    label: (ctx) => many(ctx, 'Copy'),
    shortcut: SHORTCUTS.copy,
    group: 'clipboard',
    run: (ctx) => ctx.handlers.toClipboard('copy', ctx.targets),
  },
  {
    id: 'paste',
    label: () => 'Paste here',
    shortcut: SHORTCUTS.paste,
    group: 'clipboard',
    shows: (ctx) => !!ctx.handlers.paste,
    enabled: (ctx) => ctx.canPaste,
    run: (ctx) => ctx.handlers.paste?.(),
  },
  {
    id: 'delete',
    label: (ctx) => `${many(ctx, 'Delete')}…`,
    shortcut: SHORTCUTS.remove,
    group: 'danger',
    danger: true,
    run: (ctx) => ctx.handlers.remove(ctx.targets),
  },
];

/** The folder's own menu, on the table's empty area or an empty folder. */
export const FOLDER_ACTIONS: EntryAction[] = [
  { id: 'new-folder', label: () => 'New folder…', group: 'create', run: (ctx) => ctx.handlers.newFolder?.() },
  {
    id: 'new-text-file',
    label: () => 'New text file…',
    group: 'create',
    run: (ctx) => ctx.handlers.newTextFile?.(),
  },
  { id: 'upload', label: () => 'Upload files…', group: 'create', run: (ctx) => ctx.handlers.upload?.() },
  {
    id: 'request-files',
    label: () => 'Request files…',
    group: 'create',
    run: (ctx) => ctx.handlers.requestFiles?.(ctx.folder),
  },
  {
    id: 'paste',
    label: () => 'Paste here',
    shortcut: SHORTCUTS.paste,
    group: 'create',
    enabled: (ctx) => ctx.canPaste,
    run: (ctx) => ctx.handlers.paste?.(),
  },
  {
    id: 'select-all',
    label: () => 'Select all',
    shortcut: SHORTCUTS.selectAll,
    group: 'view',
    run: (ctx) => ctx.handlers.selectAll?.(),
  },
  { id: 'refresh', label: () => 'Refresh', group: 'view', run: (ctx) => ctx.handlers.refresh?.() },
  {
    id: 'show-versions',
    label: () => 'Show every version',
    group: 'view',
    shows: (ctx) => ctx.versioned,
    run: (ctx) => ctx.handlers.showVersions?.('versions'),
  },
  {
    id: 'show-deleted',
    label: () => 'Show deleted files',
    group: 'view',
    shows: (ctx) => ctx.versioned,
    run: (ctx) => ctx.handlers.showVersions?.('deleted'),
  },
];

/** The entries of `actions` that apply to `ctx`, in order. */
export function entriesFor(actions: EntryAction[], ctx: EntryMenuContext): EntryAction[] {
  return actions.filter((action) => action.shows?.(ctx) ?? true);
}
