import { S3AppError } from '../errors';
import { JobSnapshots } from '../job-snapshots';

export type KeyJobStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface KeyJobFailure<A extends string = string> {
  key: string;
  /** What was not done to the key (a job may do more than one thing, such as restore or hide). */
  action: A;
  error: S3AppError;
}

export interface KeyJobSnapshot<A extends string = string> {
  status: KeyJobStatus;
  keys: { done: number; total: number; failed: number };
  failures: KeyJobFailure<A>[];
}

export interface KeyJobItem<A extends string = string> {
  key: string;
  action: A;
  state: 'pending' | 'done' | 'failed';
  error?: S3AppError;
}

/**
 * A job over a known list of keys (undelete, folder restore), with progress, cancel and retry of what failed; no
 * React, so the jobs panel subscribes to it (useSyncExternalStore) and tests drive it directly. A kind of job says
 * only how to work through its pending items (`work`), marking each done or failed.
 */
export abstract class KeyJob<A extends string, I extends KeyJobItem<A>> {
  private status: KeyJobStatus = 'idle';
  private controller = new AbortController();
  private readonly snapshots: JobSnapshots<KeyJobSnapshot<A>>;
  private running: Promise<KeyJobSnapshot<A>> | undefined;

  constructor(
    protected readonly items: I[],
    notifyMs?: number,
  ) {
    this.snapshots = new JobSnapshots(() => this.buildSnapshot(), notifyMs);
  }

  /** Works through the pending items; an error for one key is that key's failure, never a rejection. */
  protected abstract work(pending: I[], signal: AbortSignal): Promise<void>;

  /** What a key left undone by Cancel says. */
  protected abstract cancelled(): S3AppError;

  getSnapshot = (): KeyJobSnapshot<A> => this.snapshots.get();

  subscribe = (listener: () => void): (() => void) => this.snapshots.subscribe(listener);

  /** Runs the job to its end; resolves with the last snapshot (failures included), never rejects. */
  start(): Promise<KeyJobSnapshot<A>> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops what is in flight; what was not finished becomes a failure that `retryFailed` can finish. */
  cancel(): void {
    this.controller.abort();
  }

  retryFailed(): Promise<KeyJobSnapshot<A>> {
    if (this.running) return this.running;
    for (const item of this.items) {
      if (item.state !== 'failed') continue;
      item.state = 'pending';
      item.error = undefined;
    }
    return this.start();
  }

  private async run(): Promise<KeyJobSnapshot<A>> {
    this.controller = new AbortController();
    const { signal } = this.controller;
    this.setStatus('running');
    try {
      await this.work(
        this.items.filter((item) => item.state === 'pending'),
        signal,
      );
    } catch (error) {
      // A kind's `work` keeps its errors with their keys; anything else still ends the job as failures.
      for (const item of this.items) if (item.state === 'pending') this.fail(item, asAppError(error));
    }
    if (signal.aborted) {
      for (const item of this.items) if (item.state === 'pending') this.fail(item, this.cancelled());
      this.setStatus('cancelled');
    } else {
      for (const item of this.items) if (item.state === 'pending') this.fail(item, asAppError(undefined));
      this.setStatus(this.items.some((item) => item.state === 'failed') ? 'failed' : 'done');
    }
    return this.snapshots.get();
  }

  protected succeed(item: I): void {
    item.state = 'done';
    this.snapshots.changed();
  }

  protected fail(item: I, error: S3AppError): void {
    item.state = 'failed';
    item.error = error;
    this.snapshots.changed();
  }

  private setStatus(status: KeyJobStatus): void {
    this.status = status;
    this.snapshots.notifyNow();
  }

  private buildSnapshot(): KeyJobSnapshot<A> {
    const keys = { done: 0, total: this.items.length, failed: 0 };
    const failures: KeyJobFailure<A>[] = [];
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

function asAppError(error: unknown): S3AppError {
  if (error instanceof S3AppError) return error;
  return new S3AppError(
    'unknown',
    'The job stopped before this key was done.',
    'Retry failed to finish the rest.',
    { code: error instanceof Error ? error.name : 'Unfinished' },
  );
}
