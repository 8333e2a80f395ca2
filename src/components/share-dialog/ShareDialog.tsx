import { useRef, useState } from 'react';
import { useObjectAcl } from '../../hooks/use-acl';
import { usePublicUrl, useShareLink, useSigningContext } from '../../hooks/use-share';
import { fileNameOf, MAX_PRESIGN_SECONDS } from '../../s3/link-rules';
import { AccessToggle } from '../access/AccessToggle';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { CopyButton } from './CopyButton';
import { LinkField } from './LinkField';
import { ExpirySlider } from './ExpirySlider';
import { DEFAULT_EXPIRY, expiryStops, formatDuration, formatExpiry, nearestStop } from './expiry';
import './share.css';

/** Clock differences smaller than this are not worth a sentence. */
const SKEW_WORTH_SAYING_MS = 60_000;

/**
 * Share one object: a presigned link with a chosen expiry (always for the real endpoint), optionally forcing a
 * download, its QR code, and, when the object is public, its plain URL checked with an anonymous request.
 * With `versionId`, the link reads that version whatever is written later; a key's public URL serves only its
 * latest version, so it and the access switch are not shown then.
 */
export function ShareDialog({
  bucket,
  objectKey,
  versionId,
  onClose,
}: {
  bucket: string;
  objectKey: string;
  versionId?: string;
  onClose: () => void;
}) {
  const name = fileNameOf(objectKey);
  const [chosen, setChosen] = useState(DEFAULT_EXPIRY);
  const [download, setDownload] = useState(false);

  const context = useSigningContext(bucket, objectKey);
  const clock = context.data?.clock;
  const life = context.data?.life;
  const remaining = context.data?.maxSeconds ?? MAX_PRESIGN_SECONDS;
  const stops = expiryStops(remaining);
  const index = nearestStop(stops, Math.min(chosen, stops[stops.length - 1]));
  const expiresIn = stops[index];

  const link = useShareLink(bucket, objectKey, {
    expiresIn,
    download,
    clockOffsetMs: clock?.offsetMs ?? 0,
    notAfter: life?.expiration,
    versionId,
    // Wait for the server's clock (or for finding out it cannot be read) so the link is signed once, right.
    enabled: !context.isPending,
  });
  const url = link.data?.url ?? '';

  const acl = useObjectAcl(bucket, objectKey);
  const isPublic = !versionId && !!(acl.data?.supported && acl.data.publicRead);
  const publicUrl = usePublicUrl(bucket, objectKey, isPublic);

  const skewMs = clock?.known ? clock.offsetMs : 0;
  return (
    <Dialog
      title={versionId ? `Share a version of “${name}”` : `Share “${name}”`}
      onClose={onClose}
      className="share-dialog"
    >
      <div className="dialog-body">
        {!versionId && <AccessToggle bucket={bucket} objectKey={objectKey} />}
        {isPublic && (
          <PublicUrlSection
            url={publicUrl.data?.url}
            check={publicUrl.data?.check}
            pending={publicUrl.isPending}
          />
        )}

        <section className="share-section" aria-label="Signed link">
          <h3>Link that expires</h3>
          <p className="muted share-lead">
            {versionId
              ? `Anyone who has this link can read this version (${versionId}) until it expires, even after the object is overwritten or deleted.`
              : 'Anyone who has this link can read the object until it expires.'}
          </p>
          <ExpirySlider stops={stops} index={index} onChange={setChosen} />
          <p className="expiry-at">
            {link.data ? (
              <>
                Works until{' '}
                <time dateTime={link.data.expiresAt.toISOString()}>{formatExpiry(link.data.expiresAt)}</time>
              </>
            ) : (
              <span className="muted">Signing…</span>
            )}
          </p>
          {life?.temporary && (
            <p className="notice share-note">
              {life.expiration
                ? `These keys are temporary and stop working ${formatExpiry(life.expiration)}, so no link can last longer than ${formatDuration(Math.max(0, remaining))}.`
                : 'These keys are temporary (session token): the link stops working when they expire, whatever is chosen here.'}
            </p>
          )}
          {Math.abs(skewMs) >= SKEW_WORTH_SAYING_MS && (
            <p className="notice share-note">
              This computer’s clock is {formatDuration(Math.round(Math.abs(skewMs) / 60_000) * 60)}{' '}
              {skewMs > 0 ? 'behind' : 'ahead of'} the server’s. Links are signed with the server’s time, so
              they are valid from now.
            </p>
          )}
          <fieldset className="share-mode">
            <legend>When the link is opened</legend>
            <label className="check">
              <input type="radio" name="share-mode" checked={!download} onChange={() => setDownload(false)} />
              Open in the browser
            </label>
            <label className="check">
              <input type="radio" name="share-mode" checked={download} onChange={() => setDownload(true)} />
              Download as “{name}”
            </label>
          </fieldset>
          <LinkField url={url} placeholder="Signing…" />
          {link.error && <ErrorNotice title="Could not sign a link" error={link.error} />}
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

function PublicUrlSection({
  url,
  check,
  pending,
}: {
  url?: string;
  check?: { answered: true; status: number } | { answered: false };
  pending: boolean;
}) {
  const field = useRef<HTMLInputElement>(null);
  return (
    <section className="share-section" aria-label="Public URL">
      <h3>Public URL</h3>
      <p className="muted share-lead">
        The object is public: this plain URL works for anyone, and never expires.
      </p>
      <label className="field">
        Public URL
        <input
          ref={field}
          className="link-field"
          readOnly
          value={url ?? ''}
          onFocus={(e) => e.target.select()}
        />
      </label>
      <div className="share-actions">
        <CopyButton label="Copy public URL" what="Public URL" text={url ?? ''} field={field} />
      </div>
      <p className="anonymous-check">
        {pending && <span className="muted">Checking that it answers without credentials…</span>}
        {check?.answered && check.status < 300 && (
          <span className="check-ok">✓ Checked: it answers an anonymous request (HTTP {check.status}).</span>
        )}
        {check?.answered && check.status >= 300 && (
          <span className="check-bad">
            An anonymous request was refused (HTTP {check.status}): the server or a bucket policy blocks
            public access despite the ACL. Share a signed link instead.
          </span>
        )}
        {check && !check.answered && (
          <span className="muted">
            Could not check from this page (the endpoint’s CORS rules hide the answer). Open it in a private
            window to be sure.
          </span>
        )}
      </p>
    </section>
  );
}
