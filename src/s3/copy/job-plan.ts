import { S3AppError } from '../errors';
import { objectPagesUnder } from '../objects';
import type { S3Session } from '../session';
import { checkDestinationKey, checkReachableKey, reachable } from './keys';
import { checkRoot, destinationKey, isFolder, type TransferRoot } from './plan';
import { headSource } from './source-object';

export interface TransferSide {
  session: S3Session;
  bucket: string;
}

export type ItemState = 'pending' | 'copied' | 'done' | 'skipped' | 'failed';

/** One key of a job and how far it got. */
export interface TransferItem {
  sourceKey: string;
  destinationKey: string;
  size: number;
  /** As listed: a source that changed since is refused. */
  etag?: string;
  state: ItemState;
  /** What failed: the copy, or (for a move) the delete of a verified copy's source. */
  failedAt?: 'copy' | 'delete';
  error?: S3AppError;
  /** The verified copy's ETag, checked again before a later delete. */
  destinationEtag?: string;
}

/**
 * Every key the roots cover (each folder listed to its last page), with where it goes. A destination S3 cannot
 * store, or a key the page cannot address (a source through `from`'s session, a destination through `to`'s), fails
 * at once, without a request; an item that would land on itself is skipped.
 */
export async function listItems(
  from: TransferSide,
  to: TransferSide,
  roots: readonly TransferRoot[],
  sameBucket: boolean,
  signal?: AbortSignal,
): Promise<TransferItem[]> {
  for (const root of roots) checkRoot(root, sameBucket);
  const items: TransferItem[] = [];
  const seen = new Set<string>();
  const add = (root: TransferRoot, sourceKey: string, size: number, etag?: string) => {
    if (seen.has(sourceKey)) return;
    seen.add(sourceKey);
    const item: TransferItem = {
      sourceKey,
      destinationKey: destinationKey(root, sourceKey),
      size,
      etag,
      state: 'pending',
    };
    if (sameBucket && item.destinationKey === sourceKey) item.state = 'skipped';
    try {
      checkDestinationKey(item.destinationKey, sourceKey);
      checkReachableKey(item.destinationKey, sourceKey, to.session);
      checkReachableKey(sourceKey, sourceKey, from.session, 'read');
    } catch (error) {
      Object.assign(item, { state: 'failed', failedAt: 'copy', error });
    }
    items.push(item);
  };
  for (const root of roots) {
    if (isFolder(root.source)) {
      const pages = objectPagesUnder(from.session, { bucket: from.bucket, prefix: root.source, signal });
      for await (const page of pages)
        for (const object of page) add(root, object.key, object.size, object.etag);
    } else if (root.listed) {
      add(root, root.source, root.listed.size, root.listed.etag);
    } else if (!reachable(root.source, from.session)) {
      add(root, root.source, 0); // refused by add, before a HEAD that could not reach it
    } else {
      try {
        const head = await headSource(from.session, { bucket: from.bucket, key: root.source }, signal);
        add(root, root.source, head.size, head.etag);
      } catch (error) {
        // One picked file gone since it was listed is that file's failure, not the job's.
        if (!(error instanceof S3AppError && error.kind === 'no-such-key')) throw error;
        add(root, root.source, 0);
        Object.assign(items.at(-1)!, { state: 'failed', failedAt: 'copy', error });
      }
    }
  }
  return items;
}
