import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import { readAnswerFast } from '../list-xml';
import { PAGE_SIZE } from '../objects';
import { pagesAhead } from '../paging';
import type { S3Session } from '../session';
import { parseListVersions, type VersionRecord } from './version-xml';

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

/**
 * One page of ListObjectVersions. Pages may be much shorter than asked for (RGW's are uneven): only the absence
 * of `next` says the listing is complete.
 */
export async function listVersionsPage(session: S3Session, params: VersionListParams): Promise<VersionPage> {
  const { bucket, prefix, delimiter = '/', cursor, maxKeys = PAGE_SIZE, signal } = params;
  const command = new ListObjectVersionsCommand({
    Bucket: bucket,
    Prefix: prefix || undefined,
    Delimiter: delimiter || undefined,
    KeyMarker: cursor?.keyMarker,
    VersionIdMarker: cursor?.keyMarker ? cursor.versionIdMarker : undefined,
    MaxKeys: maxKeys,
  });
  const fast = readAnswerFast(command, parseListVersions, EMPTY_VERSIONS);
  const output = await session.send(command, { bucket, signal });
  const read = fast.result() ?? fromSdk(output);
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
  return { versions: read.versions, folders: read.folders, next };
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
  const pages = pagesAhead<VersionPage, VersionCursor>(async (cursor, sent) => {
    const page = listVersionsPage(session, { ...params, cursor });
    sent();
    const answer = await page;
    return { items: [answer], next: answer.next };
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
