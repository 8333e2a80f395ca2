// What any link this app makes must respect: SigV4's longest life, and the name a download is saved under.

/** SigV4's longest allowed expiry: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

/**
 * `Content-Disposition` for a file name: an ASCII fallback plus the exact UTF-8 name (RFC 6266 / RFC 5987), so
 * unicode names survive the download and quotes or control characters cannot break the header.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The name a downloaded key is saved under: its last path segment (or a stand-in for names like "a/"). */
export function fileNameOf(key: string): string {
  const name = key.split('/').filter(Boolean).pop() ?? '';
  return name === '.' || name === '..' || !name ? 'download' : name;
}
