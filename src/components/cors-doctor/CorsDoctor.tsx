import { useId, useRef, useState } from 'react';
import { useApplyCorsRule } from '../../hooks/use-cors';
import { useConnectedSession } from '../../hooks/use-session';
import { appCorsRule, corsRulesJson, corsRulesXml } from '../../s3/cors-rules';
import { S3AppError } from '../../s3/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import './cors-doctor.css';

/**
 * Shown where a call to a bucket failed for CORS: says plainly that the bucket, not the keys, refuses this page,
 * and gives the exact fix for this origin. Renders nothing for any other failure.
 */
export function CorsDoctor({ bucket, error }: { bucket: string; error: unknown }) {
  const session = useConnectedSession();
  const titleId = useId();
  if (!(error instanceof S3AppError && error.kind === 'cors')) return null;
  const origin = window.location.origin;
  return (
    <section className="cors-doctor" aria-labelledby={titleId}>
      <h2 id={titleId}>Bucket “{bucket}” does not allow this page (CORS)</h2>
      <p>
        {session.profile.endpoint} answered, but the browser blocked the answer: the bucket has no CORS rule
        that lets pages from <code>{origin}</code> read it. Your keys are fine. This is a setting of the
        bucket, and this rule fixes it:
      </p>
      <CorsFix bucket={bucket} refusedDirectly />
    </section>
  );
}

/**
 * The rule for this origin as XML and JSON with copy buttons, and "Apply CORS rule" when there is a path to the
 * bucket: the relay when the page itself is refused (`refusedDirectly`), otherwise the connection's own route.
 */
export function CorsFix({
  bucket,
  refusedDirectly = false,
  collapsed = false,
}: {
  bucket: string;
  refusedDirectly?: boolean;
  /** Show the XML and JSON behind a disclosure (where the button is what most people need). */
  collapsed?: boolean;
}) {
  const session = useConnectedSession();
  const apply = useApplyCorsRule(bucket);
  const origin = window.location.origin;
  const rule = appCorsRule(origin);
  const canApply = !refusedDirectly || session.relayAvailable;
  const code = (
    <>
      <div className="cors-code">
        <CodeBlock label="XML" text={corsRulesXml([rule])} />
        <CodeBlock label="JSON" text={corsRulesJson([rule])} />
      </div>
      <p className="muted cors-manual">
        Setting it by hand? A CORS configuration is replaced as a whole: keep the bucket’s other rules after
        this one (Ceph RGW applies the first rule whose origin matches).
      </p>
    </>
  );

  return (
    <div className="cors-fix">
      {canApply ? (
        <div className="cors-apply">
          <button
            type="button"
            className="primary"
            disabled={apply.isPending}
            onClick={() => apply.mutate(refusedDirectly ? { via: 'relay' } : {})}
          >
            {apply.isPending ? 'Applying…' : 'Apply CORS rule'}
          </button>
          <span className="muted">
            Adds this rule first in the bucket’s CORS configuration and keeps its other rules
            {refusedDirectly ? ', sent through this app’s relay with your keys' : ''}.
          </span>
        </div>
      ) : (
        <p>
          This app’s relay cannot reach {session.profile.endpoint}, so apply the rule with a tool that holds
          the bucket owner’s keys, for example <code>s3cmd setcors cors.xml s3://{bucket}</code> with the XML
          below, or{' '}
          <code>aws s3api put-bucket-cors --bucket {bucket} --cors-configuration file://cors.json</code> with{' '}
          <code>{'{"CORSRules": …}'}</code> around the JSON. If the bucket already has rules, put this one
          first: Ceph RGW applies the first rule whose origin matches.
        </p>
      )}
      {apply.data && (
        <p role="status" className="cors-applied">
          {apply.data.changed
            ? `CORS rule applied to “${bucket}”. Direct calls from this page work now.`
            : `The bucket’s rules already allow ${origin}; nothing was changed. If calls still fail, a proxy in front of the server may drop the CORS headers.`}
        </p>
      )}
      {apply.error && <ErrorNotice title="Could not apply the CORS rule" error={apply.error} />}
      {collapsed ? (
        <details>
          <summary>The rule as XML and JSON</summary>
          {code}
        </details>
      ) : (
        code
      )}
    </div>
  );
}

function CodeBlock({ label, text }: { label: string; text: string }) {
  const pre = useRef<HTMLPreElement>(null);
  const [status, setStatus] = useState('');
  const headingId = useId();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied.');
    } catch {
      // No clipboard permission (or no secure context): select the text so Ctrl+C copies it.
      const range = document.createRange();
      if (pre.current) range.selectNodeContents(pre.current);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      setStatus('Selected: press Ctrl+C to copy.');
    }
  };

  return (
    <figure className="code-block" aria-labelledby={headingId}>
      <figcaption>
        <span id={headingId}>{label}</span>
        <span className="muted" role="status">
          {status}
        </span>
        <button type="button" onClick={() => void copy()}>
          Copy {label}
        </button>
      </figcaption>
      <pre ref={pre} tabIndex={0} aria-label={`CORS rule as ${label}`}>
        {text}
      </pre>
    </figure>
  );
}
