import { useState } from 'react';
import { useBuckets } from '../../hooks/use-buckets';
import { useFolderChoices } from '../../hooks/use-transfer-jobs';
import { prefixAncestors } from '../object-table/Breadcrumbs';
import { useNewFolder } from '../object-table/NewEntryDialogs';
import type { S3Session } from '../../s3/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Icon } from '../ui/Icon';

/** A place in the picker: no bucket means the list of buckets. */
export interface PickerPlace {
  bucket?: string;
  prefix: string;
}

/**
 * Browses the connection's buckets and folders to choose a destination: breadcrumbs, subfolders, New folder.
 * `other`: another connection's, browsed and written with its own session.
 */
export function FolderPicker({
  place,
  onChange,
  other,
}: {
  place: PickerPlace;
  onChange: (place: PickerPlace) => void;
  other?: S3Session;
}) {
  return (
    <div className="folder-picker">
      <PickerCrumbs place={place} onChange={onChange} />
      {place.bucket === undefined ? (
        <BucketChoices onChange={onChange} other={other} />
      ) : (
        <FolderChoices bucket={place.bucket} prefix={place.prefix} onChange={onChange} other={other} />
      )}
    </div>
  );
}

function PickerCrumbs({ place, onChange }: { place: PickerPlace; onChange: (place: PickerPlace) => void }) {
  const crumbs: { label: string; place: PickerPlace }[] = [{ label: 'All buckets', place: { prefix: '' } }];
  if (place.bucket !== undefined) {
    crumbs.push({ label: place.bucket, place: { bucket: place.bucket, prefix: '' } });
    let parent = '';
    for (const folder of prefixAncestors(place.prefix)) {
      const segment = folder.slice(parent.length, -1);
      crumbs.push({ label: segment || '(empty name)', place: { bucket: place.bucket, prefix: folder } });
      parent = folder;
    }
  }
  return (
    <nav aria-label="Destination folder" className="breadcrumbs picker-crumbs">
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={`${i}:${crumb.place.prefix}`}>
            {i === crumbs.length - 1 ? (
              <span aria-current="location">{crumb.label}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => onChange(crumb.place)}>
                {crumb.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function BucketChoices({ onChange, other }: { onChange: (place: PickerPlace) => void; other?: S3Session }) {
  const buckets = useBuckets(other);
  if (buckets.isPending) return <p className="muted">Loading buckets…</p>;
  if (buckets.error) return <ErrorNotice title="Could not list the buckets" error={buckets.error} />;
  return (
    <ul className="picker-list" aria-label="Buckets">
      {buckets.data.map((bucket) => (
        <li key={bucket.name}>
          <button
            type="button"
            className="entry-button"
            onClick={() => onChange({ bucket: bucket.name, prefix: '' })}
          >
            <Icon name="bucket" />
            <span className="name-text">{bucket.name}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function FolderChoices({
  bucket,
  prefix,
  onChange,
  other,
}: {
  bucket: string;
  prefix: string;
  onChange: (place: PickerPlace) => void;
  other?: S3Session;
}) {
  const folders = useFolderChoices(bucket, prefix, other);
  return (
    <>
      {folders.isPending && <p className="muted">Loading folders…</p>}
      {folders.error && <ErrorNotice title="Could not list this folder" error={folders.error} />}
      {folders.data && (
        <ul className="picker-list" aria-label="Folders">
          {folders.data.folders.length === 0 && <li className="muted">No folders here.</li>}
          {folders.data.folders.map((folder) => (
            <li key={folder}>
              <button
                type="button"
                className="entry-button"
                onClick={() => onChange({ bucket, prefix: folder })}
              >
                <Icon name="folder" />
                <span className="name-text">{folder.slice(prefix.length)}</span>
              </button>
            </li>
          ))}
          {folders.data.more && <li className="muted">Only the first folders are shown.</li>}
        </ul>
      )}
      <NewFolderField
        bucket={bucket}
        prefix={prefix}
        onCreated={(folder) => onChange({ bucket, prefix: folder })}
        other={other}
      />
    </>
  );
}

/** "New folder" inside the picker: writes the folder's marker and opens it as the destination. */
function NewFolderField(props: {
  bucket: string;
  prefix: string;
  onCreated: (folder: string) => void;
  other?: S3Session;
}) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="quiet picker-new" onClick={() => setOpen(true)}>
        New folder
      </button>
    );
  }
  // Made and opened, the form closes: a second click cannot make the same name again inside the new folder.
  const onCreated = (folder: string) => {
    setOpen(false);
    props.onCreated(folder);
  };
  return <NewFolderForm {...props} onCreated={onCreated} onCancel={() => setOpen(false)} />;
}

function NewFolderForm({
  bucket,
  prefix,
  onCreated,
  onCancel,
  other,
}: {
  bucket: string;
  prefix: string;
  onCreated: (folder: string) => void;
  onCancel: () => void;
  other?: S3Session;
}) {
  const { create, name, setName, problem, submit } = useNewFolder(bucket, prefix, onCreated, other);
  return (
    <form className="picker-new-form" onSubmit={submit}>
      <input
        aria-label="New folder name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoFocus
        spellCheck={false}
      />
      <button type="submit" disabled={!!problem || create.isPending}>
        Create folder
      </button>
      <button type="button" className="quiet" onClick={onCancel}>
        Cancel
      </button>
      {name && problem && <p className="field-problem">{problem}</p>}
      {create.error && <ErrorNotice title="Could not create the folder" error={create.error} />}
    </form>
  );
}
