import { lazy, Suspense, useRef, useState } from 'react';
import { CopyButton } from './CopyButton';

// The QR code library is loaded only when someone asks for a code: it stays out of the initial bundle.
const QrCode = lazy(() => import('./QrCode'));

/** A link to hand out: its field (read-only, selected on focus), Copy link, and its QR code on demand. */
export function LinkField({ url, placeholder }: { url: string; placeholder?: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [showQr, setShowQr] = useState(false);
  return (
    <>
      <label className="field">
        Link
        <input
          ref={field}
          className="link-field"
          readOnly
          value={url}
          onFocus={(e) => e.target.select()}
          placeholder={placeholder}
        />
      </label>
      <div className="share-actions">
        <CopyButton label="Copy link" what="Link" text={url} field={field} primary />
        <button type="button" onClick={() => setShowQr((v) => !v)} aria-expanded={showQr} disabled={!url}>
          {showQr ? 'Hide QR code' : 'Show QR code'}
        </button>
      </div>
      {showQr && url && (
        <Suspense fallback={<p className="muted">Drawing the QR code…</p>}>
          <QrCode value={url} />
        </Suspense>
      )}
    </>
  );
}
