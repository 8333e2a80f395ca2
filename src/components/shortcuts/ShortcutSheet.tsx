import { InfoDialog } from '../ui/Dialog';
import { keyLabel, SHORTCUT_GROUPS } from './shortcuts';
import './shortcuts.css';

/** The `?` sheet: every keyboard shortcut of the app, from the one list the menus use too. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <InfoDialog title="Keyboard shortcuts" className="shortcut-sheet" onClose={onClose}>
      {SHORTCUT_GROUPS.map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h3>{group.title}</h3>
          <dl className="shortcut-list">
            {group.shortcuts.map((shortcut) => (
              <div key={shortcut.does} className="shortcut-row">
                <dt>
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 && <span className="muted"> or </span>}
                      <kbd>{keyLabel(key)}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{shortcut.does}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <p className="muted small">In a dialog or a menu: Escape closes it, Tab moves between its controls.</p>
    </InfoDialog>
  );
}
