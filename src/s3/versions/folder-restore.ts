import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { DELETE_BATCH } from '../delete-objects';
import { S3AppError } from '../errors';
import { JobSnapshots } from '../job-snapshots';
import type { S3Session } from '../session';
import { listAllVersions } from './list-versions';
import { planRestore, type RestorePlan } from './restore-plan';
import { restoreVersion } from './version-actions';

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
  /** Copies at once. A browser opens six connections per host: four leave room for the rest of the page. */
  concurrency?: number;
  /** How often subscribers hear about progress, at most. */
  notifyMs?: number;
}

export type RestoreStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RestoreFailure {
  key: string;
  /** 'restore': the old version was not copied back; 'hide': the delete marker was not put. */
  action: 'restore' | 'hide';
  error: S3AppError;
}

export interface RestoreSnapshot {
  status: RestoreStatus;
  keys: { done: number; total: number; failed: number };
  failures: RestoreFailure[];
}

interface Item {
  key: string;
  action: 'restore' | 'hide';
  versionId?: string;
  size?: number;
  state: 'pending' | 'done' | 'failed';
  error?: S3AppError;
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Runs a restore plan as one job with progress, cancel and retry of what failed; no React, so a panel subscribes
 * to it (useSyncExternalStore) and tests drive it directly. Each key's old version is copied to be its latest
 * again, and (when asked) keys that did not exist then get a delete marker. Nothing is deleted: whatever stops
 * the job, every key's history is whole and a second run finishes the rest.
 */
export class FolderRestoreJob {
  private readonly options: FolderRestoreOptions;
  private readonly items: Item[];
  private status: RestoreStatus = 'idle';
  private controller = new AbortController();
  private readonly snapshots: JobSnapshots<RestoreSnapshot>;
  private running: Promise<RestoreSnapshot> | undefined;

  constructor(options: FolderRestoreOptions) {
    this.options = options;
    const { plan, hideAbsent } = options;
    this.items = [
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
    ];
    this.snapshots = new JobSnapshots(() => this.buildSnapshot(), options.notifyMs);
  }

  getSnapshot = (): RestoreSnapshot => this.snapshots.get();

  subscribe = (listener: () => void): (() => void) => this.snapshots.subscribe(listener);

  /** Runs the job to its end; resolves with the last snapshot (failures included), never rejects. */
  start(): Promise<RestoreSnapshot> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops what is in flight; what was not finished becomes a failure that `retryFailed` can finish. */
  cancel(): void {
    this.controller.abort();
  }

  retryFailed(): Promise<RestoreSnapshot> {
    if (this.running) return this.running;
    for (const item of this.items) {
      if (item.state !== 'failed') continue;
      item.state = 'pending';
      item.error = undefined;
    }
    return this.start();
  }

  private async run(): Promise<RestoreSnapshot> {
    this.controller = new AbortController();
    const { signal } = this.controller;
    this.setStatus('running');
    const restores = this.items.filter((item) => item.state === 'pending' && item.action === 'restore');
    const hides = this.items.filter((item) => item.state === 'pending' && item.action === 'hide');
    const worker = async () => {
      for (let item = restores.shift(); item && !signal.aborted; item = restores.shift()) {
        await this.restore(item, signal);
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? DEFAULT_CONCURRENCY);
    await Promise.all(Array.from({ length: concurrency }, worker));
    for (let start = 0; start < hides.length && !signal.aborted; start += DELETE_BATCH) {
      await this.hide(hides.slice(start, start + DELETE_BATCH), signal);
    }
    if (signal.aborted) {
      for (const item of this.items) if (item.state === 'pending') this.fail(item, cancelled());
      this.setStatus('cancelled');
    } else {
      this.setStatus(this.items.some((item) => item.state === 'failed') ? 'failed' : 'done');
    }
    return this.snapshots.get();
  }

  private async restore(item: Item, signal: AbortSignal): Promise<void> {
    const { session, bucket } = this.options;
    try {
      await restoreVersion(
        session,
        { bucket, key: item.key, versionId: item.versionId!, size: item.size },
        signal,
      );
      item.state = 'done';
    } catch (error) {
      this.fail(item, signal.aborted ? cancelled() : session.toAppError(error, { bucket, key: item.key }));
    }
    this.snapshots.changed();
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
        if (!error) item.state = 'done';
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
        this.fail(item, signal.aborted ? cancelled() : session.toAppError(error, { bucket, key: item.key }));
      }
    }
    this.snapshots.changed();
  }

  private fail(item: Item, error: S3AppError): void {
    item.state = 'failed';
    item.error = error;
  }

  private setStatus(status: RestoreStatus): void {
    this.status = status;
    this.snapshots.notifyNow();
  }

  private buildSnapshot(): RestoreSnapshot {
    const keys = { done: 0, total: this.items.length, failed: 0 };
    const failures: RestoreFailure[] = [];
    for (const item of this.items) {
      if (item.state === 'done') keys.done++;
      if (item.state === 'failed') {
        keys.failed++;
        failures.push({ key: item.key, action: item.action, error: item.error! });
      }
    }
    return { status: this.status, keys, failures };
  }
}

function cancelled(): S3AppError {
  return new S3AppError('aborted', 'The restore was cancelled.', 'Run it again to finish the rest.', {
    code: 'AbortError',
  });
}
