/**
 * Every keyboard shortcut of the app, in one list: the `?` sheet shows them all, and the entry menu shows each
 * action's keys from here, so a menu never promises a key the table does not handle.
 * "Mod" is Ctrl, or ⌘ on a Mac.
 */
export interface Shortcut {
  keys: string[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const SHORTCUTS = {
  move: { keys: ['↑', '↓'], does: 'Move the focus row' },
  firstLast: { keys: ['Home', 'End'], does: 'First or last row' },
  select: { keys: ['Space'], does: 'Select or unselect the focus row (Shift+Space: a range)' },
  selectAll: { keys: ['Mod+A'], does: 'Select every loaded row' },
  clear: { keys: ['Escape'], does: 'Clear the selection' },
  open: { keys: ['Enter'], does: 'Open a folder, or show an object’s details' },
  rename: { keys: ['F2'], does: 'Rename the focus row (Enter saves, Escape cancels)' },
  remove: { keys: ['Delete'], does: 'Delete the selection or the focus row (after asking)' },
  cut: { keys: ['Mod+X'], does: 'Cut the selection or the focus row' },
  copy: { keys: ['Mod+C'], does: 'Copy the selection or the focus row' },
  paste: { keys: ['Mod+V'], does: 'Paste into this folder' },
  menu: { keys: ['Shift+F10', 'Menu key'], does: 'Open the actions menu of the focus row' },
  help: { keys: ['?'], does: 'Show this list of shortcuts' },
} satisfies Record<string, Shortcut>;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Mod+X" as this computer writes it: "Ctrl+X", or "⌘X" on a Mac. */
export function keyLabel(key: string): string {
  return key.replace(/^Mod\+/, isMac ? '⌘' : 'Ctrl+');
}

/** "Mod+X" as aria-keyshortcuts wants it: "Control+X", or "Meta+X" on a Mac. */
export function ariaKeys(key: string): string {
  return key.replace(/^Mod\+/, isMac ? 'Meta+' : 'Control+');
}

export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: 'In the list of files',
    shortcuts: [
      SHORTCUTS.move,
      SHORTCUTS.firstLast,
      SHORTCUTS.select,
      SHORTCUTS.selectAll,
      SHORTCUTS.clear,
      SHORTCUTS.open,
      SHORTCUTS.menu,
    ],
  },
  {
    title: 'Files and folders',
    shortcuts: [SHORTCUTS.rename, SHORTCUTS.remove, SHORTCUTS.cut, SHORTCUTS.copy, SHORTCUTS.paste],
  },
  {
    title: 'With the mouse',
    shortcuts: [
      { keys: ['Shift+click'], does: 'Select a range of rows (on the checkboxes)' },
      { keys: ['Right-click'], does: 'Open a row’s actions menu, or the folder’s on an empty area' },
      { keys: ['Drag'], does: 'Move rows onto a folder or a breadcrumb' },
      { keys: ['Ctrl+drag', 'Alt+drag'], does: 'Copy rows onto a folder or a breadcrumb' },
    ],
  },
  { title: 'Anywhere', shortcuts: [SHORTCUTS.help] },
];
