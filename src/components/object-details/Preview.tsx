import { usePreview } from '../../hooks/use-preview';
import { TEXT_PREVIEW_BYTES } from '../../s3/preview-kind';

/** A safe preview of an object, chosen by its content type (see previewKind). */
export function Preview({
  bucket,
  objectKey,
  contentType,
  size,
}: {
  bucket: string;
  objectKey: string;
  contentType?: string;
  size: number;
}) {
  const { kind, url, text } = usePreview(bucket, objectKey, contentType, size);

  if (kind === null) return <p className="muted">No preview for this type ({contentType || 'unknown'}).</p>;
  if (!url.data) return <p className="muted">Preparing preview…</p>;
  switch (kind) {
    case 'image':
      return <img className="preview-image" src={url.data} alt={`Preview of ${objectKey}`} />;
    case 'audio':
      return (
        <audio className="preview-media" controls src={url.data} aria-label={`Preview of ${objectKey}`} />
      );
    case 'video':
      return (
        <video className="preview-media" controls src={url.data} aria-label={`Preview of ${objectKey}`} />
      );
    case 'pdf':
      // The frame shows the endpoint's own origin, never the app's. Should the two ever share an origin, it is
      // sandboxed: Chromium then shows no PDF, but an object changed to HTML since it was looked at cannot run
      // as the app.
      return (
        <iframe
          className="preview-frame"
          src={url.data}
          title={`Preview of ${objectKey}`}
          sandbox={new URL(url.data).origin === window.location.origin ? '' : undefined}
        />
      );
    case 'text':
      if (size === 0) return <p className="muted">This object is empty (0 bytes).</p>;
      if (text.error) return <p className="muted">Could not load the text preview: {text.error.message}</p>;
      return (
        <pre className="preview-text" aria-label={`Preview of ${objectKey}`}>
          {text.data ?? 'Loading…'}
          {size > TEXT_PREVIEW_BYTES && text.data !== undefined && '\n…'}
        </pre>
      );
  }
}
