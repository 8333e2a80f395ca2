import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { DELETE_BATCH } from '../delete-objects';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { KeyJob, type KeyJobFailure, type KeyJobItem, type KeyJobSnapshot } from './key-job';
import { listAllVersions } from './list-versions';
import { planRestore, type RestorePlan } from './restore-plan';
import { restoreVersion } from './version-actions';
import { BATCHED_CONCURRENCY, BATCHED_MAX_SIZE } from '../copy/transfer-job';

/** Lists every version under a prefix and works out what bringing it back to `time` changes (see planRestore). */
export async function planFolderRestore(
  session: S3Session,
  params: { bucket: string; prefix: string; time: Date; signal?: AbortSignal },
): Promise<RestorePlan> {
  return planRestore(await listAllVersions(session, params), params.time);
}

export interface FolderRestoreOptions {
  session: S3Session;
  bucket: string;
  plan: RestorePlan;
  /** Put a delete marker on the keys that did not exist at the plan's time (they stay in the history). */
  hideAbsent: boolean;
  /**
   * Copies at once. A browser opens six connections per host: four leave room for the rest of the page. When the
   * connection sends requests many per request through the app's server (as copy jobs do), many more fit.
   */
  concurrency?: number;
  /** How often subscribers hear about progress, at most. */
  notifyMs?: number;
}

export type RestoreAction = 'restore' | 'hide';
/** 'restore': the old version was not copied back; 'hide': the delete marker was not put. */
export type RestoreFailure = KeyJobFailure<RestoreAction>;
export type RestoreSnapshot = KeyJobSnapshot<RestoreAction>;

interface Item extends KeyJobItem<RestoreAction> {
  versionId?: string;
  size?: number;
}

const DEFAULT_CONCURRENCY = 4;

/** Whether a version's copy goes in the request batch lane: small ones, where the connection has it. */
const batched = (session: S3Session, size: number | undefined) =>
  session.batchesRequests && size !== undefined && size <= BATCHED_MAX_SIZE;

/**
 * Runs a restore plan as one job: each key's old version is copied to be its latest again, and (when asked) keys
 * that did not exist then get a delete marker. Nothing is deleted: whatever stops the job, every key's history
 * is whole and a second run finishes the rest.
 */
export class FolderRestoreJob extends KeyJob<RestoreAction, Item> {
  constructor(private readonly options: FolderRestoreOptions) {
    const { plan, hideAbsent } = options;
    super(
      [
        ...plan.restore.map(({ key, version }): Item => ({
          key,
          action: 'restore',
          versionId: version.versionId,
          size: version.size,
          state: 'pending',
        })),
        ...(hideAbsent
          ? plan.absentThen.map(({ key }): Item => ({ key, action: 'hide', state: 'pending' }))
          : []),
      ],
      options.notifyMs,
    );
  }

  protected async work(pending: Item[], signal: AbortSignal): Promise<void> {
    const restores = pending.filter((item) => item.action === 'restore');
    const hides = pending.filter((item) => item.action === 'hide');
    const worker = async () => {
      for (let item = restores.shift(); item && !signal.aborted; item = restores.shift()) {
        await this.restore(item, signal);
      }
    };
    const { session, concurrency: asked } = this.options;
    const concurrency = Math.max(
      1,
      asked ?? (session.batchesRequests ? BATCHED_CONCURRENCY : DEFAULT_CONCURRENCY),
    );
    await Promise.all(Array.from({ length: concurrency }, worker));
    for (let start = 0; start < hides.length && !signal.aborted; start += DELETE_BATCH) {
      await this.hide(hides.slice(start, start + DELETE_BATCH), signal);
    }
  }

  protected cancelled(): S3AppError {
    return new S3AppError('aborted', 'The restore was cancelled.', 'Run it again to finish the rest.', {
      code: 'AbortError',
    });
  }

  private async restore(item: Item, signal: AbortSignal): Promise<void> {
    const { session, bucket } = this.options;
    try {
      await restoreVersion(
        session,
        { bucket, key: item.key, versionId: item.versionId!, size: item.size },
        signal,
        { via: batched(session, item.size) ? 'batch' : undefined },
      );
      this.succeed(item);
    } catch (error) {
      this.fail(
        item,
        signal.aborted ? this.cancelled() : session.toAppError(error, { bucket, key: item.key }),
      );
    }
  }

  /** One DeleteObjects without version ids: a delete marker on each key; per-key refusals stay with their keys. */
  private async hide(batch: Item[], signal: AbortSignal): Promise<void> {
    const { session, bucket } = this.options;
    try {
      const output = await session.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((item) => ({ Key: item.key })), Quiet: true },
        }),
        { bucket, signal },
      );
      const refused = new Map((output.Errors ?? []).map((e) => [e.Key ?? '', e]));
      for (const item of batch) {
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
      for (const item of batch) {
        this.fail(
          item,
          signal.aborted ? this.cancelled() : session.toAppError(error, { bucket, key: item.key }),
        );
      }
    }
  }
}
