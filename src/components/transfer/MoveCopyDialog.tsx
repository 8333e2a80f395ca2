import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useBucketDetails } from '../../hooks/use-bucket-admin';
import { planInto, useTransferStore } from '../../hooks/use-transfer-jobs';
import type { ListedObject, TransferRoot } from '../../s3/copy/plan';
import type { TransferMode } from '../../s3/copy/transfer-job';
import type { JobRequest, OtherConnection } from '../../s3/copy/transfer-jobs';
import { S3AppError } from '../../s3/errors';
import { useLatest } from '../../hooks/use-latest';
import { useConnectedSession } from '../../hooks/use-session';
import { DestinationConnection, ThroughPageNote } from './DestinationConnection';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FolderPicker, type PickerPlace } from './FolderPicker';
import { displayName } from './job-text';

/** How long the dialog stays after the click at most while the job's first copy is on its way. */
const REDRAW_WAIT_MS = 100;

/**
 * "Move to…" / "Copy to…": pick a bucket and folder of the connection, or of another saved connection (the bytes
 * then go through the page); the job starts on "Move here" / "Copy
 * here" and shows in the jobs panel. A destination the engine refuses says why before anything starts.
 */
export function MoveCopyDialog({
  mode,
  bucket,
  prefix,
  sources,
  listed,
  onStarted,
  onClose,
}: {
  mode: TransferMode;
  bucket: string;
  /** The folder the items are in: where the picker opens. */
  prefix: string;
  /** Keys and folder prefixes (ending with "/"). */
  sources: string[];
  /** The picked files as listed (ETag and size). */
  listed?: ReadonlyMap<string, ListedObject>;
  onStarted?: () => void;
  onClose: () => void;
}) {
  const store = useTransferStore();
  const session = useConnectedSession();
  const [place, setPlace] = useState<PickerPlace>({ bucket, prefix });
  const [elsewhere, setElsewhere] = useState<{ profileId: string; opened?: OtherConnection }>();
  const other = elsewhere?.opened;
  useEffect(() => store.preload(), [store]);
  const verb = mode === 'move' ? 'Move' : 'Copy';
  const title =
    sources.length === 1 ? `${verb} “${displayName(sources[0])}”` : `${verb} ${sources.length} items`;
  const plan = ((): { roots?: TransferRoot[]; error?: unknown } | null => {
    if (place.bucket === undefined || (elsewhere && !other)) return null;
    try {
      const to = { bucket: place.bucket, prefix: place.prefix, elsewhere: !!other };
      return { roots: planInto(sources, { bucket }, to, listed) };
    } catch (error) {
      return { error };
    }
  })();
  const request: JobRequest | undefined =
    plan?.roots && place.bucket !== undefined
      ? {
          mode,
          fromBucket: bucket,
          toBucket: place.bucket,
          toConnection: other,
          toPrefix: place.prefix,
          roots: plan.roots,
        }
      : undefined;
  // While the person looks, the job's first request is signed, so it leaves on the click (see prepare).
  const latestRequest = useLatest(request);
  const destinations =
    request && `${request.toBucket}\n${request.roots.map((r) => r.destination).join('\n')}`;
  useEffect(() => {
    store.prepare(latestRequest.current);
    return () => store.prepare(undefined);
  }, [store, latestRequest, destinations, other]);
  const started = useRef(false);
  const start = () => {
    if (!request || started.current) return;
    started.current = true;
    const id = store.start(request);
    // The page redraws (the selection cleared, the dialog gone) once the job's first copy has left: drawn before,
    // it would hold the overwrite check's answer back from the copy. A slow check keeps the dialog a moment only.
    // One redraw, with the jobs panel the store shows at the same moment: the copy runs on the endpoint's CPU,
    // which the page's redraws share on a small machine.
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      flushSync(() => {
        onStarted?.();
        onClose();
      });
    };
    void store.underway(id).then(close);
    setTimeout(close, REDRAW_WAIT_MS);
  };
  return (
    <Dialog title={title} onClose={onClose} className="move-dialog">
      <div className="dialog-body">
        <DestinationConnection
          currentLabel={session.profile.label}
          chosen={elsewhere}
          onChange={(chosen) => {
            setElsewhere(chosen);
            setPlace(chosen ? { prefix: '' } : { bucket, prefix });
          }}
        />
        {(!elsewhere || other) && (
          <FolderPicker key={elsewhere?.profileId} place={place} onChange={setPlace} other={other?.session} />
        )}
        <p className="picker-target">
          {place.bucket === undefined ? (
            'Open a bucket, then a folder.'
          ) : (
            <>
              Destination:{' '}
              <strong className="break">{`${other ? `${other.label}: ` : ''}${place.bucket}/${place.prefix}`}</strong>
            </>
          )}
        </p>
        {other && <ThroughPageNote />}
        {plan?.error !== undefined &&
          // The dialog opens on the items' own folder: that is where the person starts, not something gone wrong.
          (plan.error instanceof S3AppError && plan.error.code === 'SameFolder' ? (
            <p className="muted">
              {plan.error.message} {plan.error.hint}
            </p>
          ) : (
            <ErrorNotice error={plan.error} />
          ))}
        {mode === 'move' && <VersioningNote bucket={bucket} />}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={!plan?.roots}
          onPointerEnter={() => store.renewReadAhead()}
          onFocus={() => store.renewReadAhead()}
          onClick={start}
        >
          {verb} here
        </button>
      </div>
    </Dialog>
  );
}

/** A move deletes its sources: in a versioned bucket that leaves delete markers, and the old versions stay. */
function VersioningNote({ bucket }: { bucket: string }) {
  const details = useBucketDetails(bucket);
  const versioning = details.data?.versioning;
  if (!versioning?.ok || versioning.value === 'Never enabled') return null;
  return (
    <p className="notice" role="note">
      Versioning is {versioning.value.toLowerCase()} in {bucket}: moving leaves a delete marker at each old
      key. The old versions stay there and keep using space until they are deleted.
    </p>
  );
}
