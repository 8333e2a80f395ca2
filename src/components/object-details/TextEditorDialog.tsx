import { useState } from 'react';
import type { OpenedText } from '../../s3/copy/save-text';
import { S3AppError } from '../../s3/errors';
import { useOpenedText, useSaveText, type SaveTextChoice } from '../../hooks/use-object-edits';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

/**
 * Edits a small text object (loaded on demand, in its own chunk). Save keeps the object's headers, metadata, tags
 * and public grant, and only replaces the version that was opened: if someone changed it meanwhile, the person
 * chooses to overwrite it, reload it (losing their edits, after asking) or save theirs as a copy beside it.
 */
export function TextEditorDialog({
  bucket,
  objectKey,
  onClose,
  onSaved,
}: {
  bucket: string;
  objectKey: string;
  onClose: () => void;
  /** Told where the text went: the same key, or the copy's. */
  onSaved: (savedKey: string) => void;
}) {
  const opened = useOpenedText(bucket, objectKey);
  const name = objectKey.split('/').pop() || objectKey;
  if (!opened.data) {
    return (
      <Dialog title={`Edit ${name}`} onClose={onClose} className="text-editor-dialog">
        {opened.isPending && <p className="muted">Loading…</p>}
        {opened.error && (
          <ErrorNotice
            error={opened.error}
            title="The text was not opened"
            onRetry={() => opened.refetch()}
          />
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <TextEditorForm
      // A reload is a new starting point: the form starts again from the new text and version.
      key={opened.dataUpdatedAt}
      title={`Edit ${name}`}
      bucket={bucket}
      objectKey={objectKey}
      opened={opened.data}
      reloading={opened.isFetching}
      onReload={() => opened.refetch()}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}

function TextEditorForm({
  title,
  bucket,
  objectKey,
  opened,
  reloading,
  onReload,
  onClose,
  onSaved,
}: {
  title: string;
  bucket: string;
  objectKey: string;
  opened: OpenedText;
  reloading: boolean;
  onReload: () => void;
  onClose: () => void;
  onSaved: (savedKey: string) => void;
}) {
  const [text, setText] = useState(opened.text);
  const [asking, setAsking] = useState<'discard' | 'reload' | null>(null);
  const save = useSaveText(bucket, objectKey);
  const dirty = text !== opened.text;
  const changed = save.error instanceof S3AppError && save.error.kind === 'source-changed';

  const saveAs = (choice: SaveTextChoice) =>
    save.mutate({ text, choice }, { onSuccess: (result) => onSaved(result.key) });
  const close = () => (dirty ? setAsking('discard') : onClose());

  return (
    <Dialog title={title} onClose={close} className="text-editor-dialog">
      <form
        className="dialog-body"
        onSubmit={(e) => {
          e.preventDefault();
          saveAs({ mode: 'save', openedEtag: opened.etag });
        }}
      >
        <textarea
          className="text-editor"
          aria-label="Text"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
        {save.error && (
          <ErrorNotice
            error={save.error}
            title="Not saved"
            onRetry={changed ? undefined : () => saveAs({ mode: 'save', openedEtag: opened.etag })}
          />
        )}
        {changed && (
          <div className="edit-actions" role="group" aria-label="The file changed since it was opened">
            <button type="button" className="danger" onClick={() => saveAs({ mode: 'overwrite' })}>
              Overwrite
            </button>
            <button type="button" onClick={() => setAsking('reload')}>
              Reload
            </button>
            <button type="button" onClick={() => saveAs({ mode: 'copy' })}>
              Save as a copy
            </button>
          </div>
        )}
        <div className="dialog-actions">
          <span className="muted small">{dirty ? 'Unsaved changes' : 'No changes'}</span>
          <button type="button" onClick={close}>
            Close
          </button>
          <button type="submit" className="primary" disabled={!dirty || save.isPending || reloading}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      {asking === 'discard' && (
        <ConfirmDialog
          title="Discard your changes?"
          confirmLabel="Discard changes"
          danger
          onCancel={() => setAsking(null)}
          onConfirm={onClose}
        >
          <p>Your edits to this file have not been saved.</p>
        </ConfirmDialog>
      )}
      {asking === 'reload' && (
        <ConfirmDialog
          title="Reload and lose your edits?"
          confirmLabel="Reload"
          danger
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            onReload();
          }}
        >
          <p>The editor will show the file as it is now; the changes you typed are dropped.</p>
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
