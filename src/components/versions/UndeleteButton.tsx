import type { useUndelete } from '../../hooks/use-versions';

/**
 * Undeletes keys (removes the delete markers on top of each; no data goes). A plain component over the
 * `useUndelete` mutation, so a row, a selection, a folder or a row's menu can each offer it.
 */
export function UndeleteButton({
  undelete,
  keys,
  label,
  ariaLabel,
  onDone,
}: {
  undelete: ReturnType<typeof useUndelete>;
  keys: string[];
  label: string;
  /** The accessible name where the label alone is not unique ("Undelete report.pdf"). */
  ariaLabel?: string;
  onDone?: () => void;
}) {
  return (
    <button
      type="button"
      aria-label={ariaLabel}
      disabled={undelete.isPending || keys.length === 0}
      onClick={() => undelete.mutate(keys, { onSuccess: onDone })}
    >
      {label}
    </button>
  );
}
