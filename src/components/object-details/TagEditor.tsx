import { useState } from 'react';
import { MAX_TAGS, tagRowProblems, type HeaderRow } from '../../s3/header-rules';
import { useObjectTags, useSaveTags } from '../../hooks/use-object-edits';
import { ErrorNotice } from '../ui/ErrorNotice';
import { EditableRows, EditActions } from './EditableRows';

/** The object's tags (GetObjectTagging) and an editor that replaces them. */
export function TagEditor({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const tags = useObjectTags(bucket, objectKey);
  const [editing, setEditing] = useState(false);
  const rows = (tags.data ?? []).map((tag) => ({ name: tag.Key ?? '', value: tag.Value ?? '' }));
  return (
    <section className="details-section" aria-label="Tags">
      <h3>Tags</h3>
      {tags.isPending && <p className="muted">Loading…</p>}
      {tags.error && <ErrorNotice error={tags.error} title="Tags not read" onRetry={() => tags.refetch()} />}
      {tags.data &&
        (editing ? (
          <TagForm bucket={bucket} objectKey={objectKey} initial={rows} onDone={() => setEditing(false)} />
        ) : (
          <>
            {rows.length ? (
              <dl className="facts">
                {rows.map((row) => (
                  <div key={row.name} className="fact-row">
                    <dt>{row.name}</dt>
                    <dd className="break">{row.value || '—'}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">No tags.</p>
            )}
            <button type="button" onClick={() => setEditing(true)}>
              Edit tags
            </button>
          </>
        ))}
    </section>
  );
}

function TagForm({
  bucket,
  objectKey,
  initial,
  onDone,
}: {
  bucket: string;
  objectKey: string;
  initial: HeaderRow[];
  onDone: () => void;
}) {
  const [rows, setRows] = useState(initial);
  const save = useSaveTags(bucket, objectKey);
  const problems = tagRowProblems(rows);
  const valid = problems.every((problem) => !problem) && rows.length <= MAX_TAGS;
  const submit = () =>
    save.mutate(
      rows.map((row) => ({ Key: row.name, Value: row.value })),
      { onSuccess: onDone },
    );
  return (
    <form
      className="edit-form"
      aria-label="Edit tags"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) submit();
      }}
    >
      <EditableRows
        noun="Tag"
        nameLabel="key"
        rows={rows}
        problems={problems}
        max={MAX_TAGS}
        onChange={setRows}
      />
      {save.error && <ErrorNotice error={save.error} title="The tags were not saved" onRetry={submit} />}
      <EditActions saveLabel="Save tags" valid={valid} busy={save.isPending} onCancel={onDone} />
    </form>
  );
}
