import { useId, useState } from 'react';
import { useCreateFileRequest } from '../../hooks/use-file-request';
import {
  MAX_LABEL_LENGTH,
  MAX_POST_BYTES,
  TYPE_CHOICES,
  formatSize,
  type TypeChoice,
} from '../../s3/file-request-link';
import { CorsFix } from '../cors-doctor/CorsDoctor';
import { expiryStops, formatExpiry, nearestStop } from '../share-dialog/expiry';
import { ExpirySlider } from '../share-dialog/ExpirySlider';
import { LinkField } from '../share-dialog/LinkField';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import '../share-dialog/share.css';
import './file-requests.css';

const MiB = 1024 * 1024;
const SIZE_CHOICES = [10 * MiB, 100 * MiB, 1024 * MiB, MAX_POST_BYTES];
const DEFAULT_SECONDS = 86_400;

/**
 * Request files: a link that lets someone without keys drop files into this folder, until it expires. The link
 * carries a signed POST policy (see src/s3/file-request-link.ts); the endpoint enforces every limit chosen here.
 */
export function RequestFilesDialog({
  bucket,
  prefix,
  onClose,
}: {
  bucket: string;
  prefix: string;
  onClose: () => void;
}) {
  const stops = expiryStops();
  const [seconds, setSeconds] = useState(DEFAULT_SECONDS);
  const [maxBytes, setMaxBytes] = useState(1024 * MiB);
  const [types, setTypes] = useState<TypeChoice>('any');
  const [label, setLabel] = useState('');
  const [sessionFolders, setSessionFolders] = useState(true);
  const create = useCreateFileRequest();
  const ids = { size: useId(), label: useId(), folders: useId() };
  const where = prefix ? `“${prefix}” in ${bucket}` : `the top of bucket “${bucket}”`;

  // A link shown must match the choices shown: any change asks for a new one.
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      create.reset();
    };
  const made = create.data;
  const url = made?.url ?? '';

  return (
    <Dialog title="Request files" onClose={onClose} className="share-dialog request-files-dialog">
      <div className="dialog-body">
        <p className="share-lead">
          Anyone with the link can send files into {where} until it expires, without keys or an account. They
          cannot see, download or delete anything.
        </p>
        <section className="share-section" aria-label="Limits">
          <ExpirySlider stops={stops} index={nearestStop(stops, seconds)} onChange={change(setSeconds)} />
          <div className="request-row">
            <label htmlFor={ids.size}>Largest file</label>
            <select
              id={ids.size}
              value={maxBytes}
              onChange={(e) => change(setMaxBytes)(Number(e.target.value))}
            >
              {SIZE_CHOICES.map((bytes) => (
                <option key={bytes} value={bytes}>
                  {formatSize(bytes)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="share-mode">
            <legend>Allowed types</legend>
            {TYPE_CHOICES.map((choice) => (
              <label className="check" key={choice.id}>
                <input
                  type="radio"
                  name="request-types"
                  checked={types === choice.id}
                  onChange={() => change(setTypes)(choice.id)}
                />
                {choice.label}
              </label>
            ))}
          </fieldset>
          <label className="field" htmlFor={ids.label}>
            Label shown to the uploader (optional)
          </label>
          <input
            id={ids.label}
            type="text"
            maxLength={MAX_LABEL_LENGTH}
            placeholder="e.g. Photos from the trip"
            value={label}
            onChange={(e) => change(setLabel)(e.target.value)}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={sessionFolders}
              aria-describedby={ids.folders}
              onChange={(e) => change(setSessionFolders)(e.target.checked)}
            />
            Each upload session in its own dated subfolder
          </label>
          <p id={ids.folders} className={sessionFolders ? 'muted share-note' : 'notice share-note'}>
            {sessionFolders
              ? 'Each visit of the link writes under a new folder such as “2026-12-06-0812-k3f9q2ab/”, so nothing already stored is replaced.'
              : `Files go straight into ${where}: a file with the same name as one already there replaces it, without asking. Anyone holding the link can do so until it expires.`}
          </p>
        </section>
        <section className="share-section" aria-label="Link">
          <div className="share-actions">
            <button
              type="button"
              className={made ? undefined : 'primary'}
              disabled={create.isPending}
              onClick={() =>
                create.mutate({
                  bucket,
                  prefix,
                  seconds,
                  maxBytes,
                  types,
                  label: label.trim(),
                  sessionFolders,
                })
              }
            >
              {create.isPending ? 'Signing…' : made ? 'Create a new link' : 'Create link'}
            </button>
          </div>
          {create.error && <ErrorNotice title="Could not create the link" error={create.error} />}
          {made && (
            <>
              <p className="expiry-at">
                Works until{' '}
                <time dateTime={made.expiresAt.toISOString()}>{formatExpiry(made.expiresAt)}</time>
              </p>
              <LinkField url={url} />
              <CorsCheck bucket={bucket} cors={made.cors} />
            </>
          )}
        </section>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

/** The drop page posts from this app's origin: the bucket's CORS must allow it, or every upload fails. */
function CorsCheck({ bucket, cors }: { bucket: string; cors: { allowed: boolean } | { error: unknown } }) {
  const origin = window.location.origin;
  if ('allowed' in cors && cors.allowed) {
    return <p className="check-ok share-note">✓ The bucket’s CORS rules let the drop page send files.</p>;
  }
  return (
    <div className="notice request-cors" role="alert">
      {'error' in cors ? (
        <p className="share-note">
          Could not read the bucket’s CORS rules, so this link may not work: they must allow POST from{' '}
          <code>{origin}</code>.
        </p>
      ) : (
        <p className="share-note">
          The bucket’s CORS rules do not allow POST from <code>{origin}</code>: uploads from this link would
          be refused until they do.
        </p>
      )}
      <CorsFix bucket={bucket} collapsed />
    </div>
  );
}
