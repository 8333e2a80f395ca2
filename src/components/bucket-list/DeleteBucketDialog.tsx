import { useEffect, useRef, useState } from 'react';
import { useDeleteBucket, useForceDeleteBucket } from '../../hooks/use-bucket-admin';
import type { ForceDeleteProgress } from '../../s3/bucket-admin';
import { S3AppError } from '../../s3/errors';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

type Step = 'confirm' | 'not-empty' | 'force';

/**
 * The seed's `delete_bucket`, and what the seed says Python cannot do: when the bucket is not empty, the refusal
 * is explained and a forced delete offered. It starts only once the bucket's name is typed, shows what it has
 * removed so far, and can be cancelled (what is deleted stays deleted).
 */
export function DeleteBucketDialog({
  bucket,
  onClose,
  onDeleted,
}: {
  bucket: string;
  onClose: () => void;
  onDeleted: (bucket: string) => void;
}) {
  const remove = useDeleteBucket();
  const force = useForceDeleteBucket();
  const [step, setStep] = useState<Step>('confirm');
  const [typed, setTyped] = useState('');
  const [progress, setProgress] = useState<ForceDeleteProgress | null>(null);
  const [seconds, setSeconds] = useState<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  // Closing the page or the dialog mid-run stops the run.
  useEffect(() => () => controller.current?.abort(), []);

  const deleteEmpty = () =>
    remove.mutate(bucket, {
      onSuccess: () => onDeleted(bucket),
      onError: (error) => {
        if (error instanceof S3AppError && error.kind === 'bucket-not-empty') setStep('not-empty');
      },
    });

  const startForce = () => {
    if (typed !== bucket || force.isPending) return;
    const abort = new AbortController();
    controller.current = abort;
    const started = performance.now();
    force.mutate(
      { bucket, signal: abort.signal, onProgress: setProgress },
      { onSettled: () => setSeconds((performance.now() - started) / 1000) },
    );
  };

  const running = force.isPending;
  const close = () => (running ? controller.current?.abort() : onClose());

  if (step === 'confirm') {
    const refusedOtherwise =
      remove.error && !(remove.error instanceof S3AppError && remove.error.kind === 'bucket-not-empty');
    return (
      <Dialog title={`Delete bucket “${bucket}”?`} onClose={onClose}>
        <div className="dialog-body">
          <p>The bucket is deleted if it is empty. This cannot be undone.</p>
          {refusedOtherwise && <ErrorNotice title="Could not delete the bucket" error={remove.error} />}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={deleteEmpty} disabled={remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete bucket'}
          </button>
        </div>
      </Dialog>
    );
  }

  if (step === 'not-empty') {
    return (
      <Dialog title={`“${bucket}” is not empty`} onClose={onClose}>
        <div className="dialog-body">
          <p role="alert">
            The server refused to delete it (BucketNotEmpty): S3 only deletes empty buckets. It still holds
            objects, older versions or delete markers, or unfinished multipart uploads.
          </p>
          <p>
            A forced delete removes all of that first, then the bucket. Nothing of it can be recovered, in any
            version.
          </p>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Keep the bucket
          </button>
          <button type="button" className="danger" onClick={() => setStep('force')}>
            Delete everything…
          </button>
        </div>
      </Dialog>
    );
  }

  const result = force.data;
  const cancelled = force.error instanceof S3AppError && force.error.kind === 'aborted';
  const finished = !!result || !!force.error;
  const shown = result ?? progress;
  return (
    <Dialog title={`Force delete “${bucket}”`} onClose={close}>
      <div className="dialog-body">
        {!finished && !running && (
          <>
            <p>
              Every object, every version and delete marker, and every unfinished upload in “{bucket}” will be
              deleted, then the bucket. This cannot be undone.
            </p>
            <label className="field">
              Type “{bucket}” to confirm
              <input
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && startForce()}
                spellCheck={false}
                autoComplete="off"
                autoFocus
              />
            </label>
          </>
        )}
        {shown && (
          <div role="status" aria-live="polite" className="force-progress">
            <p>
              {result?.bucketDeleted
                ? `Bucket “${bucket}” deleted${seconds === null ? '' : ` in ${seconds.toFixed(1)} s`}.`
                : cancelled
                  ? 'Cancelled. What was removed is gone; the bucket and everything else in it remain.'
                  : result
                    ? 'Some versions could not be deleted, so the bucket was kept.'
                    : phaseText(shown)}
            </p>
            <ProgressFacts progress={shown} />
          </div>
        )}
        {running && !shown && <p role="status">Starting…</p>}
        {result && result.failures.length > 0 && (
          <ul className="failure-list">
            {result.failures.slice(0, 200).map((f) => (
              <li key={`${f.key}\n${f.versionId ?? ''}`}>
                <code>{f.key}</code>
                {f.versionId && f.versionId !== 'null' ? ` (version ${f.versionId})` : ''}: {f.code}{' '}
                {f.message}
              </li>
            ))}
            {result.failed > 200 && <li className="muted">and {result.failed - 200} more</li>}
          </ul>
        )}
        {force.error && !cancelled && <ErrorNotice title="The forced delete stopped" error={force.error} />}
      </div>
      <div className="dialog-actions">
        {running ? (
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
        ) : finished ? (
          <button
            type="button"
            className="primary"
            onClick={() => (result?.bucketDeleted ? onDeleted(bucket) : onClose())}
          >
            Close
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="danger" disabled={typed !== bucket} onClick={startForce}>
              Delete bucket and everything in it
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}

function phaseText(progress: ForceDeleteProgress): string {
  if (progress.phase === 'uploads') return 'Aborting unfinished uploads…';
  if (progress.phase === 'objects') {
    return `Deleting objects and versions… (${progress.listed.toLocaleString('en-US')} found so far)`;
  }
  return 'Deleting the bucket…';
}

function ProgressFacts({ progress }: { progress: ForceDeleteProgress }) {
  const n = (value: number) => value.toLocaleString('en-US');
  return (
    <dl className="facts">
      <div className="fact-row">
        <dt>Objects removed</dt>
        <dd>{n(progress.objectsDeleted)}</dd>
      </div>
      <div className="fact-row">
        <dt>Older versions removed</dt>
        <dd>{n(progress.versionsDeleted)}</dd>
      </div>
      <div className="fact-row">
        <dt>Delete markers removed</dt>
        <dd>{n(progress.deleteMarkersDeleted)}</dd>
      </div>
      <div className="fact-row">
        <dt>Unfinished uploads aborted</dt>
        <dd>{n(progress.uploadsAborted)}</dd>
      </div>
      {progress.failed > 0 && (
        <div className="fact-row">
          <dt>Refused</dt>
          <dd>{n(progress.failed)}</dd>
        </div>
      )}
    </dl>
  );
}
