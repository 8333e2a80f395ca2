import { useState, type FormEvent } from 'react';
import { useCreateFolder, usePutTextObject } from '../../hooks/use-object-writes';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { MAX_KEY_BYTES } from '../../s3/key-limits';
import type { S3Session } from '../../s3/session';

/** S3 keys are at most 1024 bytes of UTF-8. */

export function keyProblem(key: string, name: string): string | null {
  if (!name) return 'Enter a name.';
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > MAX_KEY_BYTES) return `The full key would be ${bytes} bytes; S3 allows ${MAX_KEY_BYTES}.`;
  return null;
}

/**
 * A new folder's name as typed, what is wrong with it, and the submit that writes its `prefix/name/` marker, in this
 * connection or in `other`.
 */
export function useNewFolder(
  bucket: string,
  prefix: string,
  onCreated: (folder: string) => void,
  other?: S3Session,
) {
  const create = useCreateFolder(bucket, other);
  const [name, setName] = useState('');
  const folder = `${prefix}${name.replace(/\/+$/, '')}/`;
  const problem = keyProblem(folder, name.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) create.mutate(folder, { onSuccess: () => onCreated(folder) });
  };
  return { create, name, setName, problem, submit };
}

/** "New folder": writes the `prefix/name/` marker and opens the folder. */
export function NewFolderDialog({
  bucket,
  prefix,
  onClose,
  onCreated,
}: {
  bucket: string;
  prefix: string;
  onClose: () => void;
  onCreated: (prefix: string) => void;
}) {
  const { create, name, setName, problem, submit } = useNewFolder(bucket, prefix, onCreated);
  return (
    <Dialog title="New folder" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit}>
        <label className="field">
          Folder name
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} />
        </label>
        {name && problem && <p className="field-problem">{problem}</p>}
        {create.error && <ErrorNotice title="Could not create the folder" error={create.error} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!!problem || create.isPending}>
            Create folder
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** "New text file": the seed's `set_contents_from_string`. Asks before replacing an existing key. */
export function NewTextFileDialog({
  bucket,
  prefix,
  onClose,
}: {
  bucket: string;
  prefix: string;
  onClose: () => void;
}) {
  const put = usePutTextObject(bucket);
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [overwriteOk, setOverwriteOk] = useState(false);
  const key = `${prefix}${name}`;
  const problem = keyProblem(key, name.trim());
  // Set when the server said the key is taken; the user must tick "Replace it" to go on.
  const [exists, setExists] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || (exists && !overwriteOk)) return;
    put.mutate(
      { key, text, overwrite: overwriteOk },
      { onSuccess: (outcome) => (outcome === 'exists' ? setExists(true) : onClose()) },
    );
  };
  return (
    <Dialog title="New text file" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit}>
        <label className="field">
          File name
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setOverwriteOk(false);
              setExists(false);
            }}
            placeholder="hello.txt"
            autoFocus
            spellCheck={false}
          />
        </label>
        <label className="field">
          Content
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} />
        </label>
        {name && problem && <p className="field-problem">{problem}</p>}
        {exists && (
          <label className="check notice">
            <input type="checkbox" checked={overwriteOk} onChange={(e) => setOverwriteOk(e.target.checked)} />
            “{name}” already exists here. Replace it
          </label>
        )}
        {put.error && <ErrorNotice title="Could not save the file" error={put.error} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={!!problem || (exists && !overwriteOk) || put.isPending}
          >
            Save file
          </button>
        </div>
      </form>
    </Dialog>
  );
}
