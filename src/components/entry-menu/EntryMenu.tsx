import { ControlledMenu, MenuDivider, MenuItem } from '@szhsin/react-menu';
import { Fragment, type RefObject } from 'react';
import { ariaKeys, keyLabel } from '../shortcuts/shortcuts';
import { entriesFor, type EntryAction, type EntryMenuContext } from './entry-actions';
import './entry-menu.css';

/** Where the menu opens: at the pointer (or a row, for the keyboard), or under its button. */
export type MenuAnchor = { point: { x: number; y: number } } | { element: RefObject<Element | null> };

/**
 * The actions menu of a row or of the folder, drawn from a list of action descriptors (entry-actions.ts). The
 * WAI-ARIA menu pattern (role=menu, arrows, Home/End, Escape, focus inside) comes from @szhsin/react-menu, a chunk
 * loaded with the first menu opened.
 */
export function EntryMenu({
  label,
  actions,
  ctx,
  anchor,
  onClose,
}: {
  /** The menu's accessible name: "Actions for a.txt". */
  label: string;
  actions: EntryAction[];
  ctx: EntryMenuContext;
  anchor: MenuAnchor;
  /** The menu closed, after its action ran if one was chosen. */
  onClose: () => void;
}) {
  const entries = entriesFor(actions, ctx);
  return (
    <ControlledMenu
      state="open"
      portal
      aria-label={label}
      menuClassName="entry-menu"
      {...('point' in anchor
        ? { anchorPoint: anchor.point }
        : { anchorRef: anchor.element as RefObject<Element>, align: 'end', direction: 'bottom' })}
      // Opened from the keyboard or not, the first entry has the focus, so arrows and Enter work at once.
      menuItemFocus={FIRST}
      onClose={() => onClose()}
      onItemClick={(event) => (event.value as EntryAction).run(ctx)}
    >
      {entries.map((action, index) => (
        <Fragment key={action.id}>
          {index > 0 && entries[index - 1].group !== action.group && <MenuDivider />}
          <MenuItem
            value={action}
            disabled={action.enabled ? !action.enabled(ctx) : false}
            className={action.danger ? 'entry-menu-danger' : undefined}
            // The name stays the action's ("Rename"); the key is told the way ARIA says it.
            aria-keyshortcuts={action.shortcut && ariaKeys(action.shortcut.keys[0])}
          >
            <span className="entry-menu-label">{action.label(ctx)}</span>
            {action.shortcut && (
              <kbd className="entry-menu-keys" aria-hidden="true">
                {keyLabel(action.shortcut.keys[0])}
              </kbd>
            )}
          </MenuItem>
        </Fragment>
      ))}
    </ControlledMenu>
  );
}

const FIRST = { position: 'first' } as const;
