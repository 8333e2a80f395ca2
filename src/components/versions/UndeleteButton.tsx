import type { useUndelete } from '../../hooks/use-versions';

/**
 * Undeletes keys (removes the delete markers on top of each; no data goes) as a job in the jobs panel. A plain
 * component over `useUndelete`, so a row, a selection, a folder or a row's menu can each offer it.
 */
export function UndeleteButton({
  undelete,
  keys,
  label,
  ariaLabel,
  onStarted,
}: {
  undelete: ReturnType<typeof useUndelete>;
  keys: string[];
  label: string;
  /** The accessible name where the label alone is not unique ("Undelete report.pdf"). */
  ariaLabel?: string;
  onStarted?: () => void;
}) {
  return (
    <button
      type="button"
      aria-label={ariaLabel}
      disabled={keys.length === 0}
      onClick={() => {
        undelete(keys);
        onStarted?.();
      }}
    >
      {label}
    </button>
  );
}
