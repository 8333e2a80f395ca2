import { Suspense, useState } from 'react';
import type { ObjectDetails } from '../../s3/object-details';
import { editTextRefusal, previewKind } from '../../s3/preview-kind';
import { lazyNamed } from '../ui/lazy';

const TextEditorDialog = lazyNamed(() => import('./TextEditorDialog'), 'TextEditorDialog');

/**
 * "Edit text" for a text object the editor can hold; for a text object it cannot (too large, compressed), the
 * reason instead. Nothing for other objects.
 */
export function EditTextButton({ bucket, details }: { bucket: string; details: ObjectDetails }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const { contentType, contentEncoding } = details.headers;
  if (previewKind(contentType, details.size) !== 'text') return null;
  const refusal = editTextRefusal({ contentType, contentEncoding, size: details.size });
  return (
    <>
      <button
        type="button"
        disabled={!!refusal}
        title={refusal ? `Not editable here: ${refusal}` : undefined}
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
      >
        Edit text
      </button>
      {refusal && <span className="muted small">Not editable here: {refusal}</span>}
      {saved && (
        <span role="status" className="muted small">
          {saved === details.key ? 'Saved.' : `Saved as a copy: ${saved.split('/').pop()}`}
        </span>
      )}
      {open && (
        <Suspense fallback={null}>
          <TextEditorDialog
            bucket={bucket}
            objectKey={details.key}
            onClose={() => setOpen(false)}
            onSaved={(key) => {
              setOpen(false);
              setSaved(key);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
