import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { MAX_KEY_BYTES } from '../key-limits';

export { MAX_KEY_BYTES };

export function keyBytes(key: string): number {
  return new TextEncoder().encode(key).length;
}

/** The last segment of a key or folder prefix, without a trailing "/": what a person calls the file's name. */
export function nameOf(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The folder a key or prefix sits in ("" at the bucket's root), ending with "/". */
export function parentOf(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}

/**
 * Refuses, before any request, a destination key S3 cannot store. The message names the source file: the
 * destination is built from it, and the person knows the file, not the key it would have had. For a rename the
 * person is typing the name, so the name is what to shorten.
 */
export function checkDestinationKey(
  destinationKey: string,
  sourceKey = destinationKey,
  made: 'placed' | 'renamed' = 'placed',
): void {
  const bytes = keyBytes(destinationKey);
  if (bytes > MAX_KEY_BYTES) {
    const name = nameOf(sourceKey) || sourceKey;
    throw new S3AppError(
      'key-too-long',
      made === 'renamed'
        ? `"${name}" cannot have that name: its key would be ${bytes} bytes; S3 allows ${MAX_KEY_BYTES}.`
        : `"${name}" cannot go there: its new key would be ${bytes} bytes; S3 allows ${MAX_KEY_BYTES}.`,
      made === 'renamed'
        ? 'Type a shorter name.'
        : 'Choose a destination with a shorter folder path, or rename the file first.',
      { code: 'KeyTooLongError' },
    );
  }
  if (destinationKey === '') {
    throw new S3AppError('invalid-destination', 'An object needs a name.', 'Type a name for it.', {
      code: 'EmptyKey',
    });
  }
}

/**
 * Whether the page can address `key` through `session`: a browser rewrites "." and ".." parts of a URL's path (see
 * S3Session.reachesDotSegments).
 */
export const reachable = (key: string, session: Pick<S3Session, 'reachesDotSegments'>) =>
  session.reachesDotSegments || !key.split('/').some((part) => part === '.' || part === '..');

/**
 * Refuses, before any request, a key the page cannot address (see reachable): the browser would reach another key,
 * or the request fail. `key` is the destination's (written) or the source's (read: its ACL, its bytes across
 * connections, its delete).
 */
export function checkReachableKey(
  key: string,
  sourceKey: string,
  session: Pick<S3Session, 'reachesDotSegments'>,
  use: 'written' | 'read' = 'written',
): void {
  if (reachable(key, session)) return;
  throw new S3AppError(
    use === 'written' ? 'invalid-destination' : 'invalid-source',
    `"${nameOf(sourceKey) || sourceKey}" cannot be ${use} from this page: its key "${key}" has a "." or ".." part, which a browser rewrites in a URL.`,
    'Connect in Auto or Relay mode (through the app’s server) to copy or move it.',
    { code: 'DotSegment' },
  );
}

/**
 * The `x-amz-copy-source` value. Each segment is encoded on its own: RGW URL-decodes the value and cuts it at a
 * raw "?", so an unencoded `pct%41.txt` would copy `pctA.txt` and `q?mark.txt` would copy `q`, both with a 200.
 * Slashes stay raw, which keeps `//` and a leading "/" in a key.
 */
export function encodeCopySource(bucket: string, key: string, versionId?: string): string {
  const source = `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  // A raw "?" starts the query that selects a version; the id itself is opaque, so it is encoded too.
  return versionId === undefined ? source : `${source}?versionId=${encodeURIComponent(versionId)}`;
}
