import { useState } from 'react';

/**
 * Calls `reset` in the render where `folder` changes, before anything is drawn with the last folder's state
 * (React's way of adjusting state when a prop changes): the object browser stays mounted from one folder to the
 * next, so opening a folder redraws only what differs, and what belonged to the last one (its filter, selection,
 * dialogs) starts afresh.
 */
export function useFolderChange(folder: string, reset: () => void) {
  const [shown, setShown] = useState(folder);
  if (shown !== folder) {
    setShown(folder);
    reset();
  }
}
