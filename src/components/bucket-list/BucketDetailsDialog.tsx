import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useBucketDetails, useMeasureBucket } from '../../hooks/use-bucket-admin';
import type { BucketSize, Fact } from '../../s3/bucket-details';
import { corsCoverage, type CorsRule } from '../../s3/cors-rules';
import { S3AppError } from '../../s3/errors';
import { CorsFix } from '../cors-doctor/CorsDoctor';
import { InfoDialog } from '../ui/Dialog';
import { formatBytes, formatExactBytes } from '../ui/format';
import { LifecycleRules } from './LifecycleRules';
import { VersioningSwitch } from './VersioningControls';

/**
 * Creation date, region, versioning (with its switch), CORS and lifecycle rules of one bucket; object count and
 * size when asked.
 */
export function BucketDetailsDialog({
  bucket,
  created,
  onClose,
}: {
  bucket: string;
  created?: Date;
  onClose: () => void;
}) {
  const details = useBucketDetails(bucket);
  const d = details.data;
  return (
    <InfoDialog title={`Bucket “${bucket}”`} onClose={onClose} className="bucket-details">
      <dl className="facts">
        <Row label="Created">
          {created ? <time dateTime={created.toISOString()}>{created.toISOString()}</time> : '—'}
        </Row>
        <Row label="Region">{d ? <FactValue fact={d.region} /> : <Loading />}</Row>
        <Row label="Versioning">
          {!d ? (
            <Loading />
          ) : d.versioning.ok ? (
            <VersioningSwitch bucket={bucket} state={d.versioning.value} />
          ) : (
            <FactValue fact={d.versioning} />
          )}
        </Row>
        <Row label="Objects">
          <ObjectCount bucket={bucket} />
        </Row>
      </dl>
      <section aria-labelledby="bucket-cors-title">
        <h3 id="bucket-cors-title" className="details-subtitle">
          CORS rules
        </h3>
        {d ? <CorsRules bucket={bucket} fact={d.cors} /> : <Loading />}
      </section>
      <section aria-labelledby="bucket-lifecycle-title">
        <h3 id="bucket-lifecycle-title" className="details-subtitle">
          Lifecycle rules
        </h3>
        <LifecycleRules bucket={bucket} />
      </section>
    </InfoDialog>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const Loading = () => <span className="muted">Loading…</span>;

function FactValue({ fact }: { fact: Fact<string> }) {
  if (fact.ok) return <>{fact.value}</>;
  return <Unavailable error={fact.error} />;
}

function Unavailable({ error }: { error: S3AppError }) {
  return (
    <span className="muted" title={error.hint}>
      Not available: {error.message} <span className="notice-details">({error.details})</span>
    </span>
  );
}

function CorsRules({ bucket, fact }: { bucket: string; fact: Fact<CorsRule[]> }) {
  if (!fact.ok) return <Unavailable error={fact.error} />;
  const origin = window.location.origin;
  const coverage = corsCoverage(fact.value, origin);
  return (
    <>
      {fact.value.length === 0 ? (
        <p>None. No web page may call this bucket directly.</p>
      ) : (
        <ol className="cors-rules">
          {fact.value.map((rule, i) => (
            <li key={i}>
              <strong>{rule.AllowedOrigins.join(', ')}</strong>: {rule.AllowedMethods.join(' ')}
              {rule.AllowedHeaders?.length ? `; headers ${rule.AllowedHeaders.join(', ')}` : ''}
              {rule.ExposeHeaders?.length ? `; exposes ${rule.ExposeHeaders.join(', ')}` : ''}
              {rule.MaxAgeSeconds !== undefined ? `; max age ${rule.MaxAgeSeconds} s` : ''}
              {rule.ID ? <span className="muted"> (ID {rule.ID})</span> : null}
            </li>
          ))}
        </ol>
      )}
      {coverage.covered ? (
        <p>This page ({origin}) may call the bucket directly.</p>
      ) : (
        <>
          <p>
            This page ({origin}) may not call it directly:{' '}
            {coverage.rule ? 'the rule that applies to it lacks ' : 'no '}
            {coverage.rule ? coverage.missing.join(', ') : `rule matches ${origin}`}.
          </p>
          <CorsFix bucket={bucket} collapsed />
        </>
      )}
    </>
  );
}

function ObjectCount({ bucket }: { bucket: string }) {
  const measure = useMeasureBucket(bucket);
  const [running, setRunning] = useState<BucketSize | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = () => {
    const abort = new AbortController();
    controller.current = abort;
    setRunning({ objects: 0, bytes: 0 });
    measure.mutate({ signal: abort.signal, onProgress: setRunning }, { onSettled: () => setRunning(null) });
  };

  if (measure.isPending && running) {
    return (
      <span role="status">
        Counting… {running.objects.toLocaleString('en-US')} objects so far{' '}
        <button type="button" className="link-button" onClick={() => controller.current?.abort()}>
          Stop
        </button>
      </span>
    );
  }
  const size = measure.data;
  const stopped = measure.error instanceof S3AppError && measure.error.kind === 'aborted';
  return (
    <span role="status">
      {size && (
        <span title={formatExactBytes(size.bytes)}>
          {size.objects.toLocaleString('en-US')} object{size.objects === 1 ? '' : 's'},{' '}
          {formatBytes(size.bytes)}{' '}
        </span>
      )}
      {stopped && <span className="muted">Stopped. </span>}
      {measure.error instanceof S3AppError && !stopped && <Unavailable error={measure.error} />}
      <button type="button" className="link-button" onClick={start}>
        {size ? 'Count again' : 'Count objects'}
      </button>
    </span>
  );
}
