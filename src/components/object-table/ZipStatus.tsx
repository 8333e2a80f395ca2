import type { ZipState } from '../../hooks/use-zip-download';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatBytes } from '../ui/format';

/** Progress of a zip download, with Cancel while it runs. */
export function ZipStatus({
  state,
  onCancel,
  onDismiss,
}: {
  state: ZipState;
  onCancel: () => void;
  onDismiss: () => void;
}) {
  if (state.phase === 'idle') return null;
  return (
    <div className="zip-status" role="region" aria-label="Zip download">
      {state.phase === 'listing' && <span role="status">Collecting the files to zip…</span>}
      {state.phase === 'zipping' && (
        <>
          <span role="status">
            Zipping {state.progress.filesDone} of {state.progress.filesTotal} files ·{' '}
            {formatBytes(state.progress.bytesDone)} of {formatBytes(state.progress.bytesTotal)}
          </span>
          <progress
            max={state.progress.bytesTotal || 1}
            value={state.progress.bytesDone}
            aria-label="Zip progress"
          />
        </>
      )}
      {state.phase === 'done' && (
        <span role="status">
          Zip ready: {state.progress.filesTotal} files, {formatBytes(state.progress.bytesTotal)}.
        </span>
      )}
      {state.phase === 'handed-off' && (
        <span role="status">
          Zip of {state.progress.filesTotal} files ({formatBytes(state.progress.bytesTotal)}) is downloading:
          follow it in your browser&apos;s downloads.
        </span>
      )}
      {state.phase === 'cancelled' && <span role="status">Zip download cancelled.</span>}
      {state.phase === 'failed' && <ErrorNotice title="The zip download failed" error={state.error} />}
      {state.phase === 'listing' || state.phase === 'zipping' ? (
        <button type="button" onClick={onCancel}>
          Cancel zip
        </button>
      ) : (
        <button type="button" className="quiet" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}
