/** How much of a text object is shown: enough to recognise it, bounded so a huge log cannot stall the page. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;
export const PREVIEW_LINK_SECONDS = 10 * 60;

export type PreviewKind = 'image' | 'text' | 'pdf' | 'audio' | 'video' | null;

/**
 * Picks a preview from the content type the server reports (not the file extension). Nothing of the object's
 * ever runs in the app's page: images go in <img> (an SVG's scripts do not run there), text is shown as text
 * (HTML and SVG sources included), PDFs are fetched with a forced PDF content type into a frame.
 */
export function previewKind(contentType = '', size: number): PreviewKind {
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

/** Text objects up to this size open in the editor: the whole text is held in the page and in a textarea. */
export const EDIT_TEXT_MAX_BYTES = 1024 * 1024;

/** Why this object cannot be edited as text (a sentence), or undefined when it can. */
export function editTextRefusal(object: {
  contentType?: string;
  contentEncoding?: string;
  size: number;
}): string | undefined {
  if (previewKind(object.contentType, object.size) !== 'text') return 'it is not a text file.';
  const encoding = object.contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return `it is stored compressed (Content-Encoding: ${encoding}).`;
  if (object.size > EDIT_TEXT_MAX_BYTES) return 'it is larger than 1 MiB, the editor\u2019s limit.';
  return undefined;
}
