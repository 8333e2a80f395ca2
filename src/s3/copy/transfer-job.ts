import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { DELETE_CHUNK } from '../delete-objects';
import { refusedForGood, S3AppError } from '../errors';
import { JobSnapshots } from '../job-snapshots';
import { SpeedMeter } from '../upload/speed';
import type { BlobSender } from '../upload/xhr-send';
import { settleConflicts, type OnConflict } from './conflicts';
import { listItems, type TransferItem, type TransferSide } from './job-plan';
import { reachable } from './keys';
import { isFolder, type TransferRoot } from './plan';
import { findExistingKeys, type SignedHeads } from '../upload/existing-keys';
import { copyCancelled, copyMismatch, headSource, sourceChanged } from './source-object';
import { sameConnection, transferObject } from './transfer-object';
import type { CopyTuning } from './tuning';
import { readSignedAcl, type SignedCopy } from './signed-copy';

export type TransferMode = 'copy' | 'move';
/** For TransferJobs.prepare, which loads this chunk before it signs. */
export { signHeads } from '../upload/existing-keys';
export { signCopy, readSignedAcl } from './signed-copy';
export { findExistingKeys } from '../upload/existing-keys';

/**
 * What a dialog read while the person looked at it (see TransferJobs.prepare): which of the picked files'
 * destinations exist, and whether each picked file (by source key) grants public read.
 */
export interface ReadAhead {
  existing: Promise<Set<string>>;
  publicRead: ReadonlyMap<string, Promise<boolean | undefined>>;
}

export interface TransferJobOptions {
  mode: TransferMode;
  from: TransferSide;
  to: TransferSide;
  roots: TransferRoot[];
  onConflict: OnConflict;
  /**
   * Keys copied at once. A browser opens six connections per host: four leave room for listings and deletes. When
   * the connection sends requests many per request through the app's server, many more keys fit.
   */
  concurrency?: number;
  tuning?: Partial<CopyTuning>;
  /** Parts sent across connections (see streamCopy). */
  send?: BlobSender;
  /** How often subscribers hear about progress, at most. */
  notifyMs?: number;
  /** The picked files' destinations' HEADs, signed ahead (see signHeads): the overwrite check leaves at once. */
  signedHeads?: SignedHeads;
  /** The picked file's CopyObject, signed ahead (see signCopy), by destination key. */
  signedCopies?: ReadonlyMap<string, SignedCopy>;
  /** Answers read ahead, a moment before the click: the first run uses them instead of asking again. */
  readAhead?: ReadAhead;
}

export type JobStatus = 'idle' | 'listing' | 'asking' | 'running' | 'done' | 'failed' | 'cancelled';

export interface TransferFailure {
  sourceKey: string;
  destinationKey: string;
  /** 'delete': the copy is verified and in place, only the source is left to remove. */
  stage: 'copy' | 'delete';
  error: S3AppError;
}

export interface TransferSnapshot {
  status: JobStatus;
  mode: TransferMode;
  /**
   * `done` counts skipped keys too: they need nothing more. `copied`: items of a move copied whose original is not
   * deleted yet (they count as done once it is).
   */
  keys: { done: number; total: number; skipped: number; failed: number; copied: number };
  bytes: { done: number; total: number };
  bytesPerSecond: number;
  secondsLeft?: number;
  failures: TransferFailure[];
  /** Why the whole job stopped (the listing failed, the destination was refused); per-key errors are in failures. */
  error?: S3AppError;
}

const DEFAULT_CONCURRENCY = 4;
/** Keys in flight when their requests go in batches: enough to fill two batches while two more are answered. */
export const BATCHED_CONCURRENCY = 64;
/** Larger objects are copied on requests of their own: a long copy gains nothing from sharing one. */
export const BATCHED_MAX_SIZE = 64 * 1024 * 1024;

/**
 * Copies or moves every key under the chosen files and folders, as one job with progress, cancel and retry; no
 * React, so the jobs panel subscribes to it (useSyncExternalStore) and tests drive it directly.
 *
 * A move deletes a source only after its copy is verified, in DeleteObjects batches: whatever stops the job, each
 * key is at its source, its destination or both, with the same bytes, and `retryFailed` finishes the rest.
 */
export class TransferJob {
  private readonly options: TransferJobOptions;
  private items: TransferItem[] | undefined;
  private status: JobStatus = 'idle';
  private error: S3AppError | undefined;
  private controller = new AbortController();
  private readonly inFlightBytes = new Map<TransferItem, number>();
  private speed = new SpeedMeter();
  private readonly snapshots: JobSnapshots<TransferSnapshot>;
  private running: Promise<TransferSnapshot> | undefined;
  private markUnderway: () => void = () => undefined;
  /** See TransferJobOptions.readAhead: answers for the first run only. */
  private readAhead: ReadAhead | undefined;
  /** Picked files' public-read grants, read with the overwrite check (see SignedCopy.aclUrl), by source key. */
  private aclReads: ReadonlyMap<string, Promise<boolean | undefined>> | undefined;
  /**
   * Resolves once the job no longer needs the page to itself: its first copies have left, it asks the person, or it
   * ended. A redraw before that would hold the overwrite check's answer back from the copy.
   */
  readonly underway = new Promise<void>((resolve) => (this.markUnderway = resolve));

  constructor(options: TransferJobOptions) {
    this.options = options;
    this.readAhead = options.readAhead;
    this.snapshots = new JobSnapshots(() => this.buildSnapshot(), options.notifyMs);
  }

  getSnapshot = (): TransferSnapshot => this.snapshots.get();

  subscribe = (listener: () => void): (() => void) => this.snapshots.subscribe(listener);

  /** Runs the job to its end; resolves with the last snapshot (failures included), never rejects. */
  start(): Promise<TransferSnapshot> {
    return this.runOnce();
  }

  /** Stops what is in flight; what was not finished becomes a failure that `retryFailed` can finish. */
  cancel(): void {
    this.controller.abort();
  }

  /** Runs the failed keys again (or everything, when the job stopped before its keys were known). */
  retryFailed(): Promise<TransferSnapshot> {
    if (this.running) return this.running;
    for (const item of this.items ?? []) {
      if (item.state !== 'failed' || refusedForGood(item.error)) continue;
      // Retrying a file that changed means copying what it is now: the person has seen the refusal.
      if (item.error?.kind === 'source-changed' && item.failedAt === 'copy') item.etag = undefined;
      item.state = item.failedAt === 'delete' ? 'copied' : 'pending';
      item.error = undefined;
      item.failedAt = undefined;
    }
    return this.runOnce();
  }

  /** A second start while the job runs joins the run under way. */
  private runOnce(): Promise<TransferSnapshot> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<TransferSnapshot> {
    this.controller = new AbortController();
    this.speed = new SpeedMeter();
    this.error = undefined;
    const { signal } = this.controller;
    const { from, to, roots, onConflict, signedHeads } = this.options;
    try {
      if (!this.items) {
        this.setStatus('listing');
        const sameBucket = sameConnection(from.session, to.session) && from.bucket === to.bucket;
        const ahead = this.readAhead;
        this.readAhead = undefined;
        // Picked files (no folder) go to keys known already: whether those exist is asked while they are read.
        // A destination the page cannot reach is not looked up: it fails alone below, not the whole job here.
        const findExisting = () =>
          findExistingKeys(
            to.session,
            to.bucket,
            roots.map((root) => root.destination).filter((key) => reachable(key, to.session)),
            { signal, signed: signedHeads },
          );
        const existing = roots.some((root) => isFolder(root.source))
          ? undefined
          : (ahead?.existing.catch(findExisting) ?? findExisting());
        existing?.catch(() => undefined); // a failed listing below is the error to report
        this.aclReads =
          ahead?.publicRead ??
          new Map(
            [...(this.options.signedCopies?.values() ?? [])].map((signed) => [
              signed.source.key,
              readSignedAcl(from.session, signed, signal).catch(() => undefined),
            ]),
          );
        const items = await listItems(from, to, roots, sameBucket, signal);
        await settleConflicts(items, to, onConflict, {
          signal,
          existing,
          onAsking: (asking) => {
            if (asking) this.markUnderway();
            this.setStatus(asking ? 'asking' : 'listing');
          },
        });
        this.items = items;
      }
      this.status = 'running';
      const copying = this.runItems(this.items, signal);
      // Told once the first copy is on its way (a redraw before would hold it back), and at once: the panel then
      // draws the running job as it opens, not again a moment later.
      this.snapshots.notifyNow();
      this.markUnderway();
      await copying;
      this.setStatus(this.items.some((item) => item.state === 'failed') ? 'failed' : 'done');
    } catch (error) {
      if (signal.aborted) {
        this.setStatus('cancelled');
      } else {
        this.error = from.session.toAppError(error, { bucket: from.bucket });
        this.setStatus('failed');
      }
    }
    if (signal.aborted && this.items) {
      // Whatever had not finished is a failure to retry; a verified copy is kept, only its delete is left.
      for (const item of this.items) {
        if (item.state === 'pending') this.fail(item, 'copy', copyCancelled());
        if (item.state === 'copied' && this.options.mode === 'move')
          this.fail(item, 'delete', copyCancelled());
      }
      this.setStatus('cancelled');
    }
    // A retry reads the ACLs anew.
    this.aclReads = undefined;
    this.snapshots.notifyNow();
    this.markUnderway();
    return this.snapshots.get();
  }

  private async runItems(items: TransferItem[], signal: AbortSignal): Promise<void> {
    const move = this.options.mode === 'move';
    // Copies verified in an earlier run: check they still match before their sources go.
    const earlier = items.filter((item) => item.state === 'copied');
    const queue = items.filter((item) => item.state === 'pending');
    const toDelete: TransferItem[] = [];
    const deleting = new Set<Promise<void>>();
    const queueDelete = (item: TransferItem) => {
      toDelete.push(item);
      // A quarter of S3's 1000 a request: RGW deletes a request's keys one after another, and the last request,
      // sent once every copy is done, is all the job still waits for.
      if (toDelete.length >= DELETE_CHUNK) this.trackDelete(deleting, toDelete.splice(0), signal);
    };

    const worker = async () => {
      for (let item = queue.shift(); item && !signal.aborted; item = queue.shift()) {
        await this.copyItem(item, signal);
        if (move && item.state === 'copied') queueDelete(item);
      }
    };
    const concurrency = Math.max(1, this.options.concurrency ?? this.defaultConcurrency());
    const recheck = async () => {
      for (const item of earlier) if (move && (await this.recheck(item, signal))) queueDelete(item);
    };
    await Promise.all([recheck(), ...Array.from({ length: concurrency }, worker)]);
    if (!signal.aborted && toDelete.length) this.trackDelete(deleting, toDelete.splice(0), signal);
    await Promise.all(deleting);
    signal.throwIfAborted();
  }

  /** Server-side copies in one connection go in request batches when it may (see S3Session.batchesRequests). */
  private get batched(): boolean {
    const { from, to } = this.options;
    return sameConnection(from.session, to.session) && from.session.batchesRequests;
  }

  /**
   * A key among many goes in a request batch; a lone key (a file copied or renamed) goes straight: it has nothing
   * to share a batch with, and would only wait for one.
   */
  private batchesItem(item: TransferItem): boolean {
    return this.batched && item.size <= BATCHED_MAX_SIZE && (this.items?.length ?? 0) > 1;
  }

  private defaultConcurrency(): number {
    return this.batched ? BATCHED_CONCURRENCY : DEFAULT_CONCURRENCY;
  }

  private async copyItem(item: TransferItem, signal: AbortSignal): Promise<void> {
    const { from, to, tuning, send } = this.options;
    try {
      const outcome = await transferObject({
        via: this.batchesItem(item) ? 'batch' : undefined,
        from: from.session,
        to: to.session,
        source: { bucket: from.bucket, key: item.sourceKey },
        destination: { bucket: to.bucket, key: item.destinationKey },
        expected: item.etag ? { etag: item.etag, size: item.size } : undefined,
        signal,
        tuning,
        send,
        signed: this.options.signedCopies?.get(item.destinationKey),
        publicRead: this.aclReads?.get(item.sourceKey),
        onProgress: (bytes) => this.progress(item, bytes),
      });
      this.progress(item, item.size);
      this.inFlightBytes.delete(item);
      item.destinationEtag = outcome.destinationEtag;
      item.size = outcome.size;
      item.etag = outcome.sourceEtag;
      item.state = this.options.mode === 'move' ? 'copied' : 'done';
    } catch (error) {
      this.unprogress(item);
      this.fail(item, 'copy', signal.aborted ? copyCancelled() : asAppError(error, item, from));
    }
    this.snapshots.changed();
  }

  /** Before deleting the source of a copy made earlier: both sides must still be what was verified. */
  private async recheck(item: TransferItem, signal: AbortSignal): Promise<boolean> {
    const { from, to } = this.options;
    try {
      const source = await headSource(from.session, { bucket: from.bucket, key: item.sourceKey }, signal);
      if (source.etag !== item.etag) throw sourceChanged(item.sourceKey);
      const copy = await headSource(to.session, { bucket: to.bucket, key: item.destinationKey }, signal);
      if (copy.etag !== item.destinationEtag) throw copyMismatch(item.sourceKey, 'the copy changed since');
      return true;
    } catch (error) {
      this.fail(item, 'delete', signal.aborted ? copyCancelled() : asAppError(error, item, from));
      this.snapshots.changed();
      return false;
    }
  }

  private trackDelete(deleting: Set<Promise<void>>, batch: TransferItem[], signal: AbortSignal): void {
    const request = this.deleteSources(batch, signal).finally(() => deleting.delete(request));
    deleting.add(request);
  }

  /** One DeleteObjects for verified copies' sources (DELETE_CHUNK at most); per-key refusals stay with their keys. */
  private async deleteSources(batch: TransferItem[], signal: AbortSignal): Promise<void> {
    const { from } = this.options;
    try {
      const output = await from.session.send(
        new DeleteObjectsCommand({
          Bucket: from.bucket,
          Delete: { Objects: batch.map((item) => ({ Key: item.sourceKey })), Quiet: true },
        }),
        { bucket: from.bucket, signal },
      );
      const refused = new Map((output.Errors ?? []).map((e) => [e.Key ?? '', e]));
      for (const item of batch) {
        const error = refused.get(item.sourceKey);
        if (!error) item.state = 'done';
        else {
          const code = error.Code ?? 'Error';
          const failure = from.session.toAppError(
            { name: code, Code: code, message: error.Message },
            { bucket: from.bucket, key: item.sourceKey },
          );
          this.fail(item, 'delete', failure);
        }
      }
    } catch (error) {
      for (const item of batch) {
        this.fail(item, 'delete', signal.aborted ? copyCancelled() : asAppError(error, item, from));
      }
    }
    this.snapshots.changed();
  }

  private fail(item: TransferItem, stage: 'copy' | 'delete', error: S3AppError): void {
    Object.assign(item, { state: 'failed', failedAt: stage, error });
  }

  private progress(item: TransferItem, bytes: number): void {
    const before = this.inFlightBytes.get(item) ?? 0;
    this.inFlightBytes.set(item, bytes);
    if (bytes > before) this.speed.add(performance.now(), bytes - before);
    this.snapshots.changed();
  }

  private unprogress(item: TransferItem): void {
    this.inFlightBytes.delete(item);
  }

  private setStatus(status: JobStatus): void {
    this.status = status;
    this.snapshots.notifyNow();
  }

  private buildSnapshot(): TransferSnapshot {
    const items = this.items ?? [];
    const keys = { done: 0, total: items.length, skipped: 0, failed: 0, copied: 0 };
    const bytes = { done: 0, total: 0 };
    const failures: TransferFailure[] = [];
    for (const item of items) {
      if (item.state === 'skipped') {
        keys.skipped++;
        keys.done++;
        continue;
      }
      bytes.total += item.size;
      if (item.state === 'done') keys.done++;
      if (item.state === 'copied') keys.copied++;
      if (item.state === 'done' || item.state === 'copied') bytes.done += item.size;
      if (item.state === 'failed') {
        keys.failed++;
        if (item.failedAt === 'delete') bytes.done += item.size;
        failures.push({
          sourceKey: item.sourceKey,
          destinationKey: item.destinationKey,
          stage: item.failedAt ?? 'copy',
          error: item.error!,
        });
      }
    }
    for (const [item, moved] of this.inFlightBytes) if (item.state === 'pending') bytes.done += moved;
    const bytesPerSecond = this.status === 'running' ? this.speed.rate(performance.now()) : 0;
    const secondsLeft = bytesPerSecond > 0 ? (bytes.total - bytes.done) / bytesPerSecond : undefined;
    return {
      status: this.status,
      mode: this.options.mode,
      keys,
      bytes,
      bytesPerSecond,
      secondsLeft,
      failures,
      error: this.error,
    };
  }
}

function asAppError(error: unknown, item: TransferItem, from: TransferSide): S3AppError {
  if (error instanceof S3AppError) return error;
  return from.session.toAppError(error, { key: item.sourceKey });
}
