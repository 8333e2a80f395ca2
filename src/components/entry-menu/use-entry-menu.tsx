import { Suspense, useRef, useState, type MouseEvent } from 'react';
import type { Row } from '../object-table/rows';
import { Icon } from '../ui/Icon';
import { lazyNamed } from '../ui/lazy';
import { FOLDER_ACTIONS, ROW_ACTIONS, type EntryHandlers } from './entry-actions';
import type { MenuAnchor } from './EntryMenu';

// The menu and its library are a chunk of their own, fetched with the first menu opened.
const loadMenu = () => import('./EntryMenu');
const EntryMenu = lazyNamed(loadMenu, 'EntryMenu');
/** One function for every render: a folder's view preloads in an effect on it, which then runs once. */
const preloadMenu = () => void loadMenu().catch(() => {});

interface OpenMenu {
  row?: Row;
  targets: Row[];
  anchor: MenuAnchor;
  /** Where the focus goes back to when the menu closes without an action. */
  returnTo: HTMLElement | null;
}

/**
 * The actions menu of a folder's rows and of the folder itself: `openForRow` (right-click, Shift+F10, the menu
 * key, a row's "More actions" button), `onContextMenu` for the folder's empty areas, and `view`, the menu.
 */
export function useEntryMenu({
  folder,
  handlers,
  targetsOf,
  canPaste,
  versioned,
}: {
  folder: string;
  handlers: EntryHandlers;
  /** The rows an action on `row` applies to: the selection when `row` is part of it, else `row`. */
  targetsOf: (row: Row) => Row[];
  canPaste: boolean;
  versioned: boolean;
}) {
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const buttonRef = useRef<HTMLElement | null>(null);

  const focused = () => (document.activeElement instanceof HTMLElement ? document.activeElement : null);

  const anchorAt = (at: { x: number; y: number } | HTMLElement): MenuAnchor => {
    if (!(at instanceof HTMLElement)) return { point: at };
    buttonRef.current = at;
    return { element: buttonRef };
  };
  const returnFrom = (at: { x: number; y: number } | HTMLElement) =>
    at instanceof HTMLElement ? at : focused();

  const openForRow = (row: Row, at: { x: number; y: number } | HTMLElement) =>
    setMenu({ row, targets: targetsOf(row), anchor: anchorAt(at), returnTo: returnFrom(at) });

  /** The folder's own menu, under its "More actions" button. */
  const openForFolder = (button: HTMLElement) =>
    setMenu({ targets: [], anchor: anchorAt(button), returnTo: button });

  /** A right-click (or the menu key) on an empty area of the folder: its own menu. */
  const onContextMenu = (event: MouseEvent) => {
    if (event.defaultPrevented) return; // a row took it
    const target = event.target as HTMLElement;
    if (!target.closest('.table-scroll, .empty') || target.closest('input:not([type="checkbox"]), textarea'))
      return;
    event.preventDefault();
    const point =
      event.button === 2
        ? { x: event.clientX, y: event.clientY }
        : centerOf(target.closest('.table-scroll, .empty'));
    setMenu({ targets: [], anchor: { point }, returnTo: focused() });
  };

  const close = () => {
    const returnTo = menu?.returnTo;
    setMenu(null);
    // Back where the menu came from (the table, or the row's button). A dialog the action opens takes the focus
    // after this, and gives it back here when it closes (the browser's <dialog> does).
    if (returnTo?.isConnected) returnTo.focus();
  };

  return {
    openForRow,
    openForFolder,
    onContextMenu,
    /** The folder's menu is open (from its button or an empty area). */
    folderMenuOpen: !!menu && !menu.row,
    /** Fetches the menu's chunk ahead of the first right-click. */
    preload: preloadMenu,
    openRow: menu?.row,
    view: menu && (
      <Suspense fallback={null}>
        <EntryMenu
          label={menu.row ? `Actions for ${menu.row.name}` : 'Folder actions'}
          actions={menu.row ? ROW_ACTIONS : FOLDER_ACTIONS}
          ctx={{ row: menu.row, targets: menu.targets, folder, canPaste, versioned, handlers }}
          anchor={menu.anchor}
          onClose={close}
        />
      </Suspense>
    ),
  };
}

/** "More actions for this folder": the folder's menu, for touch screens and where the toolbar has no room. */
export function FolderMenuButton({ menu }: { menu: ReturnType<typeof useEntryMenu> }) {
  return (
    <button
      type="button"
      className="folder-menu-button"
      aria-label="More actions for this folder"
      aria-haspopup="menu"
      aria-expanded={menu.folderMenuOpen}
      onClick={(event) => menu.openForFolder(event.currentTarget)}
    >
      <Icon name="more" />
    </button>
  );
}

function centerOf(element: Element | null) {
  const rect = element?.getBoundingClientRect();
  return rect ? { x: rect.left + Math.min(rect.width / 2, 160), y: rect.top + 40 } : { x: 0, y: 0 };
}
