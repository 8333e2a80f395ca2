import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { DELETE_BATCH, DELETES_IN_FLIGHT } from '../delete-objects';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { KeyJob, type KeyJobItem, type KeyJobSnapshot } from './key-job';
import { versionPages } from './list-versions';

export type UndeleteSnapshot = KeyJobSnapshot<'undelete'>;

export interface UndeleteOptions {
  session: S3Session;
  bucket: string;
  keys: readonly string[];
  /** How often subscribers hear about progress, at most. */
  notifyMs?: number;
}

type Item = KeyJobItem<'undelete'>;

/** Markers per DeleteObjects request: a quarter of the limit, so a thousand go out as requests side by side. */
const MARKERS_PER_REQUEST = DELETE_BATCH / DELETES_IN_FLIGHT;

/**
 * Undeletes many keys as one job: a listing of their versions (read at the start of each run, so it is fresh)
 * names the delete markers on top of each key, and DeleteObjects removes them by version id, many per request.
 * Only entries the listing flags as delete markers, from the latest down to the key's newest real version, are
 * ever named: no data is deleted, and a key written again since is left alone.
 */
export class UndeleteJob extends KeyJob<'undelete', Item> {
  constructor(private readonly options: UndeleteOptions) {
    super(
      [...new Set(options.keys)].map((key): Item => ({ key, action: 'undelete', state: 'pending' })),
      options.notifyMs,
    );
  }

  protected async work(pending: Item[], signal: AbortSignal): Promise<void> {
    const { session, bucket } = this.options;
    const markers = await markersOnTop(
      session,
      bucket,
      pending.map((item) => item.key),
      signal,
    );
    const requests: Array<Array<{ item: Item; versionIds: string[] }>> = [[]];
    let inRequest = 0;
    for (const item of pending) {
      const found = markers.get(item.key);
      if (!found) this.fail(item, noHistory(bucket, item.key));
      else if (found.length === 0)
        this.succeed(item); // not deleted (any more): nothing to do
      else {
        // A key's markers go in one request, so one answer says whether it is back.
        if (inRequest > 0 && inRequest + found.length > MARKERS_PER_REQUEST) {
          requests.push([]);
          inRequest = 0;
        }
        const versionIds = found.slice(0, DELETE_BATCH);
        requests.at(-1)!.push({ item, versionIds });
        inRequest += versionIds.length;
      }
    }
    const worker = async () => {
      for (let next = requests.shift(); next && !signal.aborted; next = requests.shift()) {
        if (next.length) await this.removeMarkers(next, signal);
      }
    };
    await Promise.all(Array.from({ length: DELETES_IN_FLIGHT }, worker));
  }

  protected cancelled(): S3AppError {
    return new S3AppError('aborted', 'The undelete was cancelled.', 'Retry failed to undelete the rest.', {
      code: 'AbortError',
    });
  }

  /** One DeleteObjects naming markers by version id; a refusal stays with its key and says why. */
  private async removeMarkers(
    keys: Array<{ item: Item; versionIds: string[] }>,
    signal: AbortSignal,
  ): Promise<void> {
    const { session, bucket } = this.options;
    try {
      const output = await session.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: {
            Objects: keys.flatMap(({ item, versionIds }) =>
              versionIds.map((versionId) => ({ Key: item.key, VersionId: versionId })),
            ),
            Quiet: true,
          },
        }),
        { bucket, signal },
      );
      const refused = new Map((output.Errors ?? []).map((e) => [e.Key ?? '', e]));
      for (const { item } of keys) {
        const error = refused.get(item.key);
        if (!error) this.succeed(item);
        else {
          const code = error.Code ?? 'Error';
          this.fail(
            item,
            session.toAppError({ name: code, Code: code, message: error.Message }, { bucket, key: item.key }),
          );
        }
      }
    } catch (error) {
      for (const { item } of keys) {
        this.fail(
          item,
          signal.aborted ? this.cancelled() : session.toAppError(error, { bucket, key: item.key }),
        );
      }
    }
  }
}

/**
 * For each wanted key, the version ids of the delete markers on top of its history (newest first, down to its
 * newest real version); an empty list for a key that is not deleted; no entry for a key with no versions at all.
 * One listing under the keys' common prefix serves them all, and it stops once every wanted key is settled.
 */
export async function markersOnTop(
  session: S3Session,
  bucket: string,
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string[]>> {
  const wanted = new Set(keys);
  const found = new Map<string, string[]>();
  /** The key whose run of markers is still open: more of them may follow. */
  let open: string | undefined;
  for await (const page of versionPages(session, {
    bucket,
    prefix: commonPrefix(keys),
    delimiter: '',
    signal,
  })) {
    for (const entry of page.versions) {
      if (entry.key === open) {
        // The run ends at the key's newest real version: nothing below it is ever named.
        if (entry.deleteMarker) found.get(entry.key)!.push(entry.versionId);
        else open = undefined;
        continue;
      }
      open = undefined;
      if (!wanted.has(entry.key) || found.has(entry.key)) continue;
      // The key's first entry is its newest: a delete marker flagged latest starts the run.
      const run: string[] = [];
      found.set(entry.key, run);
      if (entry.deleteMarker && entry.isLatest) {
        run.push(entry.versionId);
        open = entry.key;
      }
    }
    if (found.size === wanted.size && open === undefined) break;
  }
  return found;
}

function commonPrefix(keys: readonly string[]): string {
  if (!keys.length) return '';
  let prefix = keys[0];
  for (const key of keys) {
    let i = 0;
    while (i < prefix.length && i < key.length && prefix[i] === key[i]) i++;
    prefix = prefix.slice(0, i);
  }
  // A cut inside a surrogate pair would not be a string the server can match.
  const last = prefix.charCodeAt(prefix.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? prefix.slice(0, -1) : prefix;
}

function noHistory(bucket: string, key: string): S3AppError {
  return new S3AppError(
    'no-such-key',
    `"${key}" has no versions in bucket "${bucket}".`,
    'It may have been removed for good (a version deleted, or lifecycle expiry). Refresh the listing.',
    { code: 'NoSuchKey' },
  );
}
