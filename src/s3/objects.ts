import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3AppError } from './errors';
import type { S3Session } from './session';
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
  const output = await session.send(command, { bucket, signal }).catch((error: unknown) => {
    throw unordered && error instanceof S3AppError ? UnorderedListingRefused.from(error, session) : error;
  });
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
