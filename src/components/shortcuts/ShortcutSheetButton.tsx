import { Suspense, useEffect, useState } from 'react';
import { lazyNamed } from '../ui/lazy';

const ShortcutSheet = lazyNamed(() => import('./ShortcutSheet'), 'ShortcutSheet');

/** Typing `?` here is text, not a request for help. */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    !!target.closest('input:not([type="checkbox"]):not([type="radio"]), textarea, select'));

/** A "?" button that opens the keyboard shortcut sheet, which `?` typed anywhere outside a text field opens too. */
export function ShortcutSheetButton() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target))
        return;
      // A dialog already open (a form, a confirmation) keeps the keyboard.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        className="quiet shortcut-button"
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="?"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        ?
      </button>
      {open && (
        <Suspense fallback={null}>
          <ShortcutSheet onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
