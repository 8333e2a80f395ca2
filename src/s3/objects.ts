import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3AppError } from './errors';
import type { S3Session } from './session';
import { listViaSimpleGet, readListingFast } from './list-xml';
import { pagesAhead } from './paging';
import { allowUnordered, UnorderedListingRefused } from './unordered';

export interface ObjectEntry {
  key: string;
  size: number;
  lastModified?: Date;
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

export const PAGE_SIZE = 1000;

/** One page of the seed's `bucket.list()`, folded into folders by the "/" delimiter. */
export async function listObjectsPage(
  session: S3Session,
  params: {
    bucket: string;
    prefix: string;
    token?: string;
    delimiter?: string;
    /** RGW's `allow-unordered=true` (see unordered.ts); pass `delimiter: ''` with it, RGW 16 refuses both. */
    unordered?: boolean;
    signal?: AbortSignal;
  },
): Promise<ObjectPage> {
  const { bucket, prefix, token, delimiter = '/', unordered = false, signal } = params;
  const command = new ListObjectsV2Command({
    Bucket: bucket,
    Prefix: prefix || undefined,
    Delimiter: delimiter || undefined,
    ContinuationToken: token,
    MaxKeys: PAGE_SIZE,
  });
  if (unordered) allowUnordered(command);
  const simple = await listViaSimpleGet(session, bucket, command, signal).catch((error: unknown) => {
    throw unordered && error instanceof S3AppError ? UnorderedListingRefused.from(error, session) : error;
  });
  if (simple) return { folders: simple.folders, objects: simple.objects, nextToken: simple.nextToken };
  const fast = readListingFast(command);
  const output = await session.send(command, { bucket, signal }).catch((error: unknown) => {
    throw unordered && error instanceof S3AppError ? UnorderedListingRefused.from(error, session) : error;
  });
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
              lastModified: o.LastModified,
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
  return pagesAhead<ObjectEntry, string>(async (token) => {
    const page = await listObjectsPage(session, { ...params, token, delimiter: '' });
    return { items: page.objects, next: page.nextToken };
  });
}
