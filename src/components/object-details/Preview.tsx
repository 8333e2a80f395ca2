import { useQuery } from '@tanstack/react-query';
import { useConnectedSession } from '../../hooks/use-session';
import { fetchPresigned, presignGet } from '../../s3/presign';

/** How much of a text object is shown: enough to recognise it, bounded so a huge log cannot stall the page. */
const TEXT_PREVIEW_BYTES = 64 * 1024;
const PREVIEW_LINK_SECONDS = 10 * 60;

type Kind = 'image' | 'text' | 'pdf' | 'audio' | 'video' | null;

/**
 * Picks a preview from the content type the server reports (not the file extension). Nothing of the object's
 * ever runs in the app's page: images go in <img> (an SVG's scripts do not run there), text is shown as text
 * (HTML and SVG sources included), PDFs are fetched with a forced PDF content type into a frame.
 */
export function previewKind(contentType = '', size: number): Kind {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type === 'application/pdf') return 'pdf';
  if (
    type.startsWith('text/') ||
    /^application\/(json|xml|javascript|x-yaml|yaml|x-sh|toml)$/.test(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  )
    return 'text';
  return size === 0 ? 'text' : null;
}

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
  const session = useConnectedSession();
  const kind = previewKind(contentType, size);
  const url = useQuery({
    queryKey: ['preview-url', session.profile.endpoint, bucket, objectKey, kind],
    queryFn: () =>
      presignGet(session, {
        bucket,
        key: objectKey,
        expiresIn: PREVIEW_LINK_SECONDS,
        // Force what the browser is told, so an object cannot turn into something it may execute.
        contentType:
          kind === 'pdf' ? 'application/pdf' : kind === 'text' ? 'text/plain; charset=utf-8' : undefined,
      }),
    enabled: kind !== null,
    staleTime: (PREVIEW_LINK_SECONDS / 2) * 1000,
  });
  const text = useQuery({
    queryKey: ['preview-text', session.profile.endpoint, bucket, objectKey],
    queryFn: async ({ signal }) => {
      const response = await fetchPresigned(session, bucket, url.data!, {
        headers: { Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` },
        signal,
      });
      if (!response.ok) throw new Error(`The server answered HTTP ${response.status}.`);
      return new TextDecoder().decode(await response.arrayBuffer());
    },
    enabled: kind === 'text' && !!url.data && size > 0,
  });

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
