import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3AppError } from './errors';
import type { S3Session } from './session';
import { listViaSimpleGet, readListingFast } from './list-xml';
import { FIRST_PAGE_SIZE, PAGE_SIZE } from './page-size';
import { pagesAhead } from './paging';
import { allowUnordered, UnorderedListingRefused } from './unordered';

export interface ObjectEntry {
  key: string;
  size: number;
  /**
   * Milliseconds since the epoch: a listing holds up to 100,000 entries, and a number costs a fraction of a
   * Date object's memory. Make a Date only where one is shown.
   */
  lastModified?: number;
  etag?: string;
  storageClass?: string;
}

export interface ObjectPage {
  /** Common prefixes ("folders"), each ending with the delimiter. */
  folders: string[];
  objects: ObjectEntry[];
  /** Continuation token for the next page; absent on the last page. */
  nextToken?: string;
}

export { FIRST_PAGE_SIZE, PAGE_SIZE };

export interface ListPageParams {
  bucket: string;
  prefix: string;
  token?: string;
  /** List keys after this one (a token, when given, wins: RGW's token is the last key listed). */
  startAfter?: string;
  delimiter?: string;
  /** RGW's `allow-unordered=true` (see unordered.ts); pass `delimiter: ''` with it, RGW 16 refuses both. */
  unordered?: boolean;
  /** Keys per page; PAGE_SIZE (S3's most) by default. */
  maxKeys?: number;
  signal?: AbortSignal;
  /** Called once the request is on its way (see pagesAhead). */
  sent?: () => void;
}

/** A page as it arrives: the next page's token at once, the entries when read (see list-xml.ts). */
export interface ArrivedPage {
  nextToken?: string;
  read: () => ObjectPage;
}

/** One page of the seed's `bucket.list()`, folded into folders by the "/" delimiter. */
export async function listObjectsPage(session: S3Session, params: ListPageParams): Promise<ObjectPage> {
  return (await fetchObjectsPage(session, params)).read();
}

/** listObjectsPage, for a caller that wants to ask for the next page before it reads this one. */
export async function fetchObjectsPage(session: S3Session, params: ListPageParams): Promise<ArrivedPage> {
  const { bucket, unordered = false, signal, sent } = params;
  const command = listCommand(params);
  try {
    const simple = await listViaSimpleGet(session, bucket, command, { signal, sent });
    if (simple) return simple;
    sent?.();
    const page = await listThroughSdk(session, command, bucket, signal);
    return { nextToken: page.nextToken, read: () => page };
  } catch (error) {
    throw unordered && error instanceof S3AppError ? UnorderedListingRefused.from(error, session) : error;
  }
}

function listCommand(params: ListPageParams): ListObjectsV2Command {
  const {
    bucket,
    prefix,
    token,
    startAfter,
    delimiter = '/',
    unordered = false,
    maxKeys = PAGE_SIZE,
  } = params;
  const command = new ListObjectsV2Command({
    Bucket: bucket,
    Prefix: prefix || undefined,
    Delimiter: delimiter || undefined,
    ContinuationToken: token,
    StartAfter: startAfter,
    MaxKeys: maxKeys,
  });
  if (unordered) allowUnordered(command);
  return command;
}

/**
 * A listing page's presigned URL, for code that fetches it elsewhere (the search worker, with SIMPLE_GET), or
 * undefined where that cannot work: off the direct route (the relay carries signed headers, not a URL of its
 * own) and for unordered listings (their failure needs the SDK's reading).
 */
export async function presignListing(
  session: S3Session,
  params: ListPageParams,
): Promise<string | undefined> {
  if (params.unordered || session.routeFor(params.bucket) !== 'direct') return undefined;
  return session.presign(listCommand(params), { expiresIn: 300 });
}

/** The usual way, where the simple GET cannot be used (the relay, Node, a 5xx or a redirect). */
async function listThroughSdk(
  session: S3Session,
  command: ListObjectsV2Command,
  bucket: string,
  signal?: AbortSignal,
): Promise<ObjectPage> {
  const fast = readListingFast(command);
  const output = await session.send(command, { bucket, signal });
  const read = fast.result();
  if (read) return { folders: read.folders, objects: read.objects, nextToken: read.nextToken };
  return {
    folders: (output.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
    objects: (output.Contents ?? []).flatMap((o) =>
      o.Key === undefined
        ? []
        : [
            {
              key: o.Key,
              size: o.Size ?? 0,
              lastModified: o.LastModified?.getTime(),
              etag: o.ETag,
              storageClass: o.StorageClass,
            },
          ],
    ),
    nextToken: output.IsTruncated ? output.NextContinuationToken : undefined,
  };
}

/**
 * Every object under a prefix (flat: no delimiter, so every subfolder's keys too), a page of up to 1000 at a
 * time, the next page asked for while the caller handles the current one. The one paging loop behind deleting a
 * folder, zipping a folder and emptying a bucket.
 */
export function objectPagesUnder(
  session: S3Session,
  params: { bucket: string; prefix: string; signal?: AbortSignal },
): AsyncGenerator<ObjectEntry[]> {
  return pagesAhead<ObjectEntry, string>(async (token, sent) => {
    const page = await fetchObjectsPage(session, { ...params, token, delimiter: '', sent });
    return { items: () => page.read().objects, next: page.nextToken };
  });
}
