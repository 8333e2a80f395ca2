import { useState } from 'react';
import { useBucketVersioning, useSetBucketVersioning } from '../../hooks/use-versioning';
import type { VersioningState } from '../../s3/bucket-details';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

/** What each state means, in one sentence. */
export const VERSIONING_MEANING: Record<VersioningState, string> = {
  Enabled: 'Every overwrite and delete keeps the previous version, so it can be restored.',
  Suspended:
    'Versions kept so far stay, but new writes replace the current object and a delete hides it without keeping a copy.',
  'Never enabled': 'An overwrite or delete replaces the object for good; nothing can be restored.',
};

const SHORT: Record<VersioningState, string> = {
  Enabled: 'On',
  Suspended: 'Suspended',
  'Never enabled': 'Off',
};

/** The bucket table's versioning column: read per row, a few at a time. */
export function VersioningBadge({ bucket }: { bucket: string }) {
  const versioning = useBucketVersioning(bucket);
  if (versioning.isPending) return <span className="muted">…</span>;
  if (versioning.isError) {
    return (
      <span className="muted" title={versioning.error.message}>
        Unknown
      </span>
    );
  }
  const state = versioning.data;
  return (
    <span
      className={`versioning-badge versioning-${SHORT[state].toLowerCase()}`}
      title={VERSIONING_MEANING[state]}
    >
      {SHORT[state]}
    </span>
  );
}

/** The state in bucket details, with its meaning and the switch: on at once, suspended after a confirm. */
export function VersioningSwitch({ bucket, state }: { bucket: string; state: VersioningState }) {
  const setVersioning = useSetBucketVersioning(bucket);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="versioning-switch">
      <span>
        <strong>{SHORT[state]}</strong>. {VERSIONING_MEANING[state]}
      </span>
      {state === 'Enabled' ? (
        <button type="button" onClick={() => setConfirming(true)} disabled={setVersioning.isPending}>
          Suspend versioning
        </button>
      ) : (
        <button
          type="button"
          onClick={() => setVersioning.mutate('Enabled')}
          disabled={setVersioning.isPending}
          title="Once on, versioning can be suspended but never switched off again."
        >
          {setVersioning.isPending ? 'Turning on…' : 'Turn on versioning'}
        </button>
      )}
      {setVersioning.isError && (
        <ErrorNotice error={setVersioning.error} title="Versioning was not changed" />
      )}
      {confirming && (
        <ConfirmDialog
          title={`Suspend versioning of “${bucket}”?`}
          confirmLabel="Suspend versioning"
          danger
          busy={setVersioning.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => setVersioning.mutate('Suspended', { onSettled: () => setConfirming(false) })}
        >
          <p>{VERSIONING_MEANING.Suspended}</p>
          <p>You can turn it on again at any time.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
