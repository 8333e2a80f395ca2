import { useState } from 'react';
import type { StoredHeaders } from '../../s3/copy/source-object';
import type { ObjectDetails } from '../../s3/object-details';
import { headerProblems, metadataRowProblems, recordOf, rowsOf, type HeaderRow } from '../../s3/header-rules';
import { useSaveHeaders } from '../../hooks/use-object-edits';
import { S3AppError } from '../../s3/errors';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { EditableRows, EditActions } from './EditableRows';

/** The headers a person may edit, with the labels the form and the facts use. */
const FIELDS = [
  ['contentType', 'Content-Type'],
  ['cacheControl', 'Cache-Control'],
  ['contentDisposition', 'Content-Disposition'],
  ['contentEncoding', 'Content-Encoding'],
] as const;

type FieldName = (typeof FIELDS)[number][0];

/** The object's headers and user metadata, and an editor that saves them (a copy onto itself, ACL and tags kept). */
export function MetadataEditor({
  bucket,
  details,
  onReload,
}: {
  bucket: string;
  details: ObjectDetails;
  /** Reads the details again (after "changed since"), keeping the form's edits. */
  onReload: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const { headers } = details;
  return (
    <section className="details-section" aria-label="Metadata">
      <h3>Metadata</h3>
      {editing ? (
        <MetadataForm
          bucket={bucket}
          details={details}
          onReload={onReload}
          onDone={() => setEditing(false)}
        />
      ) : (
        <>
          <dl className="facts">
            {FIELDS.map(([field, label]) => (
              <div key={field} className="fact-row">
                <dt>{label}</dt>
                <dd className="break">{headers[field] || '—'}</dd>
              </div>
            ))}
            {headers.contentLanguage && (
              <div className="fact-row">
                <dt>Content-Language</dt>
                <dd className="break">{headers.contentLanguage}</dd>
              </div>
            )}
            {headers.expires && (
              <div className="fact-row">
                <dt>Expires</dt>
                <dd className="break">{headers.expires}</dd>
              </div>
            )}
            {Object.entries(headers.metadata).map(([name, value]) => (
              <div key={name} className="fact-row">
                <dt>x-amz-meta-{name}</dt>
                <dd className="break">{value}</dd>
              </div>
            ))}
          </dl>
          {details.seenVia === 'direct' && <HiddenMetadataNote />}
          <button type="button" onClick={() => setEditing(true)}>
            Edit metadata
          </button>
        </>
      )}
    </section>
  );
}

/** Direct mode: the page sees only the response headers the bucket's CORS rule exposes, by name. */
function HiddenMetadataNote() {
  return (
    <p className="muted small">
      In Direct mode this page sees only the headers the bucket&rsquo;s CORS rule lists in ExposeHeaders, so
      some may be hidden. The app&rsquo;s CORS rule (see the README) lists Content-Disposition and
      Content-Encoding; user metadata must be listed name by name (e.g. x-amz-meta-owner). On Ceph RGW,
      ExposeHeaders &ldquo;*&rdquo; shows every header (AWS refuses it). Auto and Relay connections read every
      header.
    </p>
  );
}

function MetadataForm({
  bucket,
  details,
  onReload,
  onDone,
}: {
  bucket: string;
  details: ObjectDetails;
  onReload: () => void;
  onDone: () => void;
}) {
  const [fields, setFields] = useState<Record<FieldName, string>>(() => ({
    contentType: details.headers.contentType ?? '',
    cacheControl: details.headers.cacheControl ?? '',
    contentDisposition: details.headers.contentDisposition ?? '',
    contentEncoding: details.headers.contentEncoding ?? '',
  }));
  const [rows, setRows] = useState<HeaderRow[]>(() => rowsOf(details.headers.metadata));
  const [confirming, setConfirming] = useState(false);
  const save = useSaveHeaders(bucket, details.key);

  // Content-Language and Expires are not edited here, but a REPLACE copy keeps only what it is sent.
  const headers: StoredHeaders = {
    ...details.headers,
    ...Object.fromEntries(FIELDS.map(([field]) => [field, fields[field].trim() || undefined])),
    metadata: recordOf(rows),
  };
  const rowProblems = metadataRowProblems(rows);
  // The whole-set problems no row shows: the 2 KB total.
  const setProblems = headerProblems(headers).filter((problem) => problem.startsWith('User metadata is'));
  const valid = rowProblems.every((problem) => !problem) && setProblems.length === 0;

  const changed = save.error instanceof S3AppError && save.error.kind === 'source-changed';
  const submit = () => save.mutate({ headers, expectedEtag: details.etag }, { onSuccess: onDone });

  return (
    <form
      className="edit-form"
      aria-label="Edit metadata"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        if (details.seenVia === 'direct') setConfirming(true);
        else submit();
      }}
    >
      {FIELDS.map(([field, label]) => (
        <label key={field} className="field">
          {label}
          <input
            value={fields[field]}
            spellCheck={false}
            onChange={(e) => setFields({ ...fields, [field]: e.target.value })}
          />
        </label>
      ))}
      <fieldset className="edit-fieldset">
        <legend>User metadata (x-amz-meta-…)</legend>
        <EditableRows
          noun="Metadata"
          nameLabel="name"
          rows={rows}
          problems={rowProblems}
          onChange={setRows}
        />
        {setProblems.map((problem) => (
          <p key={problem} className="field-problem">
            {problem}
          </p>
        ))}
      </fieldset>
      {save.error && (
        <ErrorNotice
          error={save.error}
          title="The metadata was not saved"
          onRetry={changed ? undefined : submit}
        />
      )}
      {changed && (
        <button
          type="button"
          onClick={() => {
            save.reset();
            onReload();
          }}
        >
          Load the new version&rsquo;s details
        </button>
      )}
      <EditActions saveLabel="Save metadata" valid={valid} busy={save.isPending} onCancel={onDone} />
      {confirming && (
        <ConfirmDialog
          title="Save metadata?"
          confirmLabel="Save metadata"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            submit();
          }}
        >
          <p>
            Saving replaces the object&rsquo;s headers and user metadata with what the form shows. In Direct
            mode the bucket&rsquo;s CORS rule may hide some from this page: hidden headers and metadata would
            be removed.
          </p>
        </ConfirmDialog>
      )}
    </form>
  );
}
