import type { ViewMode } from '../../hooks/use-view-mode';
import './view-mode.css';

/** Switches a folder between the table and the grid of thumbnails; the choice is kept for this folder. */
export function ViewModeButton({ mode, onChange }: { mode: ViewMode; onChange: (mode: ViewMode) => void }) {
  return (
    <button
      type="button"
      className="view-mode"
      aria-pressed={mode === 'grid'}
      onClick={() => onChange(mode === 'grid' ? 'list' : 'grid')}
    >
      Grid view
    </button>
  );
}
