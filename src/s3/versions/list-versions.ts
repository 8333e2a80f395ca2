import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import { listingTextViaSimpleGet, readAnswerFast, valueOf } from '../list-xml';
import { PAGE_SIZE } from '../objects';
import { pagesAhead } from '../paging';
import type { S3Session } from '../session';
import {
  isWholeVersionsAnswer,
  parseListVersions,
  type VersionRecord,
  type VersionsXml,
} from './version-xml';

export type { VersionRecord } from './version-xml';

/** Where the next page of versions starts: both markers as the server named them. */
export interface VersionCursor {
  keyMarker: string;
  versionIdMarker?: string;
}

export interface VersionPage {
  /** Versions and delete markers in the server's order: keys ascending, each key's newest first. */
  versions: VersionRecord[];
  /** Common prefixes ("folders"), each ending with the delimiter; none without a delimiter. */
  folders: string[];
  /** Absent on the last page. */
  next?: VersionCursor;
}

export interface VersionListParams {
  bucket: string;
  prefix: string;
  /** '/' lists one folder (subfolders as `folders`); '' lists every version under the prefix. */
  delimiter?: string;
  cursor?: VersionCursor;
  maxKeys?: number;
  signal?: AbortSignal;
}

const EMPTY_VERSIONS = new TextEncoder().encode('<ListVersionsResult></ListVersionsResult>');

/** A page of versions as it arrives: where the next page starts read at once, its entries only when asked for. */
export interface ArrivedVersionPage {
  next?: VersionCursor;
  read: () => Omit<VersionPage, 'next'>;
}

/**
 * One page of ListObjectVersions. Pages may be much shorter than asked for (RGW's are uneven): only the absence
 * of `next` says the listing is complete.
 */
export async function listVersionsPage(session: S3Session, params: VersionListParams): Promise<VersionPage> {
  const page = await fetchVersionsPage(session, params);
  return { ...page.read(), next: page.next };
}

/**
 * listVersionsPage, for a caller that asks for the next page before it reads this one. On the direct route the
 * page goes as a simple GET (no CORS preflight per page, see listViaSimpleGet); `sent` is told when the request
 * is out.
 */
export async function fetchVersionsPage(
  session: S3Session,
  params: VersionListParams & { sent?: () => void },
): Promise<ArrivedVersionPage> {
  const { bucket, prefix, delimiter = '/', cursor, maxKeys = PAGE_SIZE, signal, sent } = params;
  const command = new ListObjectVersionsCommand({
    Bucket: bucket,
    Prefix: prefix || undefined,
    Delimiter: delimiter || undefined,
    KeyMarker: cursor?.keyMarker,
    VersionIdMarker: cursor?.keyMarker ? cursor.versionIdMarker : undefined,
    MaxKeys: maxKeys,
  });
  const text = await listingTextViaSimpleGet(session, bucket, command, { signal, sent });
  if (text !== undefined && isWholeVersionsAnswer(text)) {
    const next = cursorOf(bucket, cursor, {
      isTruncated: valueOf(text, 'IsTruncated', 0, text.length) === 'true',
      nextKeyMarker: valueOf(text, 'NextKeyMarker', 0, text.length),
      nextVersionIdMarker: valueOf(text, 'NextVersionIdMarker', 0, text.length),
    });
    return {
      next,
      read: () => {
        const read = parseListVersions(text);
        if (!read) throw new Error('The server sent a listing of versions this app could not read.');
        return { versions: read.versions, folders: read.folders };
      },
    };
  }
  const fast = readAnswerFast(command, parseListVersions, EMPTY_VERSIONS);
  sent?.();
  const output = await session.send(command, { bucket, signal });
  const read = fast.result() ?? fromSdk(output);
  const page = { versions: read.versions, folders: read.folders };
  return { next: cursorOf(bucket, cursor, read), read: () => page };
}

/** Where the page after this one starts; a server that names no place to go on, or the same one, is stuck. */
function cursorOf(
  bucket: string,
  cursor: VersionCursor | undefined,
  read: Pick<VersionsXml, 'isTruncated' | 'nextKeyMarker' | 'nextVersionIdMarker'>,
): VersionCursor | undefined {
  const next =
    read.isTruncated && read.nextKeyMarker
      ? { keyMarker: read.nextKeyMarker, versionIdMarker: read.nextVersionIdMarker }
      : undefined;
  if (read.isTruncated && !next) throw stuckListing(bucket);
  if (
    next &&
    cursor &&
    next.keyMarker === cursor.keyMarker &&
    next.versionIdMarker === cursor.versionIdMarker
  )
    throw stuckListing(bucket);
  return next;
}

/**
 * Every page of versions of a folder (delimiter '/') or of everything under a prefix (delimiter ''), the next
 * page asked for while the caller handles the current one. An entry a page repeats from the one before is
 * dropped: a server that names a key but no version id as the next marker lists that key's versions again.
 */
export async function* versionPages(
  session: S3Session,
  params: Omit<VersionListParams, 'cursor'>,
): AsyncGenerator<Omit<VersionPage, 'next'>> {
  const pages = pagesAhead<Omit<VersionPage, 'next'>, VersionCursor>(async (cursor, sent) => {
    const page = await fetchVersionsPage(session, { ...params, cursor, sent });
    return { items: () => [page.read()], next: page.next };
  });
  let lastKey: string | undefined;
  let lastKeyIds = new Set<string>();
  const seenFolders = new Set<string>();
  for await (const [page] of pages) {
    const versions = page.versions.filter((v) => !(v.key === lastKey && lastKeyIds.has(v.versionId)));
    const folders = page.folders.filter((folder) => !seenFolders.has(folder));
    for (const folder of folders) seenFolders.add(folder);
    for (const v of versions) {
      if (v.key !== lastKey) {
        lastKey = v.key;
        lastKeyIds = new Set();
      }
      lastKeyIds.add(v.versionId);
    }
    yield { versions, folders };
  }
}

/** Every version and delete marker under a prefix (all pages, no delimiter), in the server's order. */
export async function listAllVersions(
  session: S3Session,
  params: { bucket: string; prefix: string; signal?: AbortSignal },
): Promise<VersionRecord[]> {
  const all: VersionRecord[] = [];
  for await (const page of versionPages(session, { ...params, delimiter: '' })) all.push(...page.versions);
  return all;
}

/**
 * The SDK's reading, where the fast one could not read the answer: versions and markers come as two lists, so
 * each key's entries are put back newest first by time (the server's order between equal times is lost).
 */
function fromSdk(output: ListObjectVersionsCommandOutput) {
  const versions: VersionRecord[] = [
    ...(output.Versions ?? []).map((v) => ({
      key: v.Key ?? '',
      versionId: v.VersionId ?? 'null',
      isLatest: !!v.IsLatest,
      deleteMarker: false,
      size: v.Size ?? 0,
      lastModified: v.LastModified ?? new Date(0),
      etag: v.ETag,
    })),
    ...(output.DeleteMarkers ?? []).map((m) => ({
      key: m.Key ?? '',
      versionId: m.VersionId ?? 'null',
      isLatest: !!m.IsLatest,
      deleteMarker: true,
      size: 0,
      lastModified: m.LastModified ?? new Date(0),
    })),
  ];
  versions.sort((a, b) =>
    a.key !== b.key
      ? a.key < b.key
        ? -1
        : 1
      : Number(b.isLatest) - Number(a.isLatest) || b.lastModified.getTime() - a.lastModified.getTime(),
  );
  return {
    versions,
    folders: (output.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
    isTruncated: !!output.IsTruncated,
    nextKeyMarker: output.NextKeyMarker,
    nextVersionIdMarker: output.NextVersionIdMarker,
  };
}

function stuckListing(bucket: string): S3AppError {
  return new S3AppError(
    'server-error',
    `The server's listing of versions in "${bucket}" did not move on to a next page.`,
    'Try again; if it happens again, the server cannot list this bucket\u2019s versions page by page.',
    { code: 'ListingStuck' },
  );
}
