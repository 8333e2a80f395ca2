import { isNetworkFailure, S3AppError, unreadableFileError } from '../errors';
import type { S3Session } from '../session';
import type { MultipartState } from './multipart';
import { FORM_POST_LIMIT, MAX_OBJECT_SIZE, MiB, planUpload, type PlanOptions } from './part-plan';
import { PostPolicies } from './post-policies';
import { RequestPool } from './request-pool';
import { SpeedMeter } from './speed';
import type { BlobSender } from './xhr-send';

/**
 * The transfer code loads on demand, so a page that never uploads does not download it; the app prefetches it
 * when a bucket opens. The queue (state, progress, cancel) is small and always there.
 */
let senders: Promise<typeof import('./upload-senders')> | undefined;
export const loadUploadEngine = () => {
  senders ??= import('./upload-senders');
  // A failed load (a network blip) is tried again by the next file.
  senders.catch(() => (senders = undefined));
  return senders;
};

export type UploadStatus = 'queued' | 'uploading' | 'cancelling' | 'done' | 'failed' | 'cancelled';

/** One file to put at `key`. */
export interface UploadRequest {
  key: string;
  body: Blob;
  /** Defaults to the File's type or its extension. */
  contentType?: string;
}

/** What the panel shows for one file. A new object whenever something about the file changed. */
export interface UploadFile {
  id: number;
  bucket: string;
  key: string;
  size: number;
  loaded: number;
  status: UploadStatus;
  multipart: boolean;
  /** Bytes per second over the last few seconds, while uploading. */
  speed: number;
  /** Seconds left at the current speed, or null when unknown. */
  eta: number | null;
  error?: S3AppError;
}

export interface UploadTotals {
  files: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Queued or uploading. */
  active: number;
  size: number;
  loaded: number;
  speed: number;
  eta: number | null;
}

export interface UploadSnapshot {
  files: readonly UploadFile[];
  totals: UploadTotals;
}

export interface QueueOptions {
  /** Upload requests in flight for the whole batch (Chromium has 6 connections per host; one stays free). */
  requestLimit?: number;
  /** Parts of one multipart file in flight. */
  partConcurrency?: number;
  plan?: PlanOptions;
  send?: BlobSender;
  retryDelays?: readonly number[];
  /** Subscribers hear about progress at most this often. */
  notifyMs?: number;
}

export const DEFAULT_QUEUE_OPTIONS = { requestLimit: 5, partConcurrency: 3, notifyMs: 100 };

/**
 * Small files beyond the request limit travel many per request through the app's server (see `takeBatch`). A
 * batch of 50 files of 10 KiB is one request of half a MiB; the cap on bytes keeps any batch quick to resend.
 */
const BATCH_FILES = 50;
const BATCH_BYTES = 4 * MiB;

/** How soon subscribers hear that a file was added, started, finished or failed. */
const STATUS_NOTIFY_MS = 50;

interface QueueEvents {
  /** A file is stored on the server. */
  complete: UploadFile;
  /** A file failed for good (it may be retried by the user). */
  failed: UploadFile;
}

interface Entry {
  file: UploadFile;
  body: Blob;
  /** As asked for; otherwise decided when the file starts. */
  contentType?: string;
  controller?: AbortController;
  /** Multipart uploads of this file that ended early and could not be aborted then (see `abortAbandoned`). */
  abandoned: MultipartState[];
  meter: SpeedMeter;
  /** True when `file` must be rebuilt for the next snapshot. */
  dirty: boolean;
}

/**
 * The files of every drop in one connection: they share a request limit, report bytes, speed and time left per
 * file and for the whole batch, and can be cancelled, cancelled all at once, and retried. No React here: the hook
 * `useUploads` subscribes to it.
 */
export class UploadQueue {
  private readonly entries = new Map<number, Entry>();
  private readonly pending: Entry[] = [];
  private readonly pool: RequestPool;
  /** Signed when the first small file of a bucket is posted as a form, in the engine's chunk. */
  private readonly postPolicies = new PostPolicies(async (bucket, folder) =>
    (await loadUploadEngine()).signPostPolicy(this.session, bucket, folder),
  );
  private readonly options: Required<Omit<QueueOptions, 'plan' | 'send' | 'retryDelays'>> & QueueOptions;
  private readonly totalMeter = new SpeedMeter();
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners: { [E in keyof QueueEvents]: Set<(file: QueueEvents[E]) => void> } = {
    complete: new Set(),
    failed: new Set(),
  };
  /** Buckets whose batches were refused (a policy the endpoint rejects): their files go one by one. */
  private readonly batchRefused = new Set<string>();
  private nextId = 1;
  private running = 0;
  private snapshot: UploadSnapshot = { files: [], totals: emptyTotals() };
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private lastNotify = -Infinity;
  private notifyDue = Infinity;

  constructor(
    private readonly session: S3Session,
    options: QueueOptions = {},
  ) {
    this.options = { ...DEFAULT_QUEUE_OPTIONS, ...options };
    this.pool = new RequestPool(this.options.requestLimit);
  }

  /** Queues files for `bucket`; they start as soon as the request limit allows. */
  add(bucket: string, requests: readonly UploadRequest[]): UploadFile[] {
    const added = requests.map((request) => {
      const entry: Entry = {
        body: request.body,
        contentType: request.contentType,
        abandoned: [],
        meter: new SpeedMeter(),
        dirty: false,
        file: {
          id: this.nextId++,
          bucket,
          key: request.key,
          size: request.body.size,
          loaded: 0,
          status: 'queued',
          multipart:
            planUpload(Math.min(request.body.size, MAX_OBJECT_SIZE), this.options.plan).kind === 'multipart',
          speed: 0,
          eta: null,
        },
      };
      this.entries.set(entry.file.id, entry);
      this.pending.push(entry);
      return entry.file;
    });
    this.pump();
    this.notify(true);
    return added;
  }

  cancel(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (entry.file.status === 'queued') {
      this.pending.splice(this.pending.indexOf(entry), 1);
      this.update(entry, { status: 'cancelled' });
    } else if (entry.file.status === 'uploading') {
      this.update(entry, { status: 'cancelling' });
      entry.controller?.abort();
    }
    this.notify(true);
  }

  cancelAll(): void {
    for (const entry of [...this.entries.values()]) this.cancel(entry.file.id);
  }

  /** Starts a failed or cancelled file again, from its first byte (a new upload: see `abortAbandoned`). */
  retry(id: number): void {
    const entry = this.entries.get(id);
    if (!entry || (entry.file.status !== 'failed' && entry.file.status !== 'cancelled')) return;
    entry.meter = new SpeedMeter();
    this.update(entry, { status: 'queued', loaded: 0, error: undefined });
    this.pending.push(entry);
    this.pump();
    this.notify(true);
  }

  /** Forgets finished files (done, failed, cancelled); running and queued ones stay. */
  clearFinished(): void {
    const abandoned: MultipartState[] = [];
    for (const [id, entry] of this.entries) {
      if (['done', 'failed', 'cancelled'].includes(entry.file.status)) {
        this.entries.delete(id);
        abandoned.push(...entry.abandoned);
      }
    }
    // No Retry can come for these files any more: their leftover uploads get this one last try, in the background.
    if (abandoned.length) {
      void loadUploadEngine()
        .then(({ abortMultipart }) =>
          Promise.all(abandoned.map((state) => abortMultipart(this.session, state))),
        )
        .catch(() => {});
    }
    this.notify(true);
  }

  get isActive(): boolean {
    return this.running > 0 || this.pending.length > 0;
  }

  /** For useSyncExternalStore: the same object until something changed. */
  getSnapshot = (): UploadSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  on<E extends keyof QueueEvents>(event: E, listener: (file: QueueEvents[E]) => void): () => void {
    const set = this.eventListeners[event] as Set<(file: QueueEvents[E]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Stops everything (on disconnect). */
  destroy(): void {
    this.cancelAll();
    clearTimeout(this.notifyTimer);
    clearInterval(this.tickTimer);
    this.listeners.clear();
  }

  private pump(): void {
    // Files start while request slots are free; a multipart file's parts then share the same slots.
    while (this.running < this.options.requestLimit && this.pending.length > 0) {
      const batch = this.takeBatch();
      this.running++;
      void (batch ? this.runBatch(batch) : this.run(this.pending.shift()!)).finally(() => {
        this.running--;
        this.pump();
        this.notify(true);
      });
    }
    if (this.isActive && !this.tickTimer) {
      // Speed and time left age even when no byte moves (a stalled connection must show it).
      this.tickTimer = setInterval(() => this.notify(), 1000);
    } else if (!this.isActive && this.tickTimer) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  /**
   * Two or more small files from the front of the queue, for one request through the app's server, or null.
   * Files are spread over the free request slots first: a drop of five files still goes as five requests, each
   * file as soon as possible; a drop of a thousand goes as batches of fifty.
   */
  private takeBatch(): Entry[] | null {
    if (!this.session.batchUploadUrl || this.options.send) return null;
    const bucket = this.pending[0].file.bucket;
    if (this.batchRefused.has(bucket)) return null;
    let count = 0;
    let bytes = 0;
    for (const entry of this.pending) {
      const { file } = entry;
      const fits =
        file.bucket === bucket &&
        file.size <= FORM_POST_LIMIT &&
        bytes + file.size <= BATCH_BYTES &&
        !entry.abandoned.length &&
        !keyProblem(file.key, file.size);
      if (!fits || count === BATCH_FILES) break;
      count++;
      bytes += file.size;
    }
    const size = Math.min(count, Math.ceil(this.pending.length / this.options.requestLimit));
    return size >= 2 ? this.pending.splice(0, size) : null;
  }

  /**
   * One batch: every file is "uploading" until the server says it is stored. A file the batch did not store (an
   * error, a broken connection, a refused batch) goes again the single-file way, with its retries and its
   * explanations; so does every file of a batch cut short by a Cancel, except the cancelled one.
   */
  private async runBatch(group: Entry[]): Promise<void> {
    const bucket = group[0].file.bucket;
    const batchController = new AbortController();
    for (const entry of group) {
      entry.controller = new AbortController();
      entry.controller.signal.addEventListener('abort', () => batchController.abort(), { once: true });
      this.update(entry, { status: 'uploading', loaded: 0 });
    }
    this.notify(true);
    const stored = new Set<Entry>();
    try {
      const { contentTypeFor, postBatch } = await loadUploadEngine();
      const items = group.map((entry) => ({
        key: entry.file.key,
        body: entry.body,
        contentType: entry.contentType ?? contentTypeFor(fileName(entry.file.key), entry.body.type),
      }));
      const send = () =>
        postBatch(this.session, bucket, items, {
          signal: batchController.signal,
          postPolicies: this.postPolicies,
          onProgress: (index, loaded) => {
            const entry = group[index];
            if (!stored.has(entry) && loaded !== entry.file.loaded) this.progress(entry, loaded);
          },
          onResult: (index, result) => {
            const entry = group[index];
            if (result.ok) {
              stored.add(entry);
              entry.controller = undefined;
              return this.complete(entry);
            }
            // Refused, not failed: the policy or the POST itself is not accepted here (one file's own problem,
            // such as a bad key, is a 400 and leaves the lane open for the others).
            const status = (result.error as { $metadata?: { httpStatusCode?: number } }).$metadata
              ?.httpStatusCode;
            if (status === 403 || status === 405 || status === 501) this.batchRefused.add(bucket);
          },
        });
      await this.pool.run(send, batchController.signal);
    } catch {
      // A cancel, or the engine did not load: the files below find out on their own.
    }
    await Promise.all(
      group
        .filter((entry) => !stored.has(entry))
        .map((entry) => {
          entry.controller = undefined;
          if (entry.file.status !== 'cancelling') return this.run(entry);
          this.update(entry, { status: 'cancelled', loaded: 0 });
        }),
    );
  }

  /** `loaded` bytes of a file have left (or, on a retry, its count starts again). */
  private progress(entry: Entry, loaded: number): void {
    const now = performance.now();
    this.totalMeter.add(now, loaded - entry.file.loaded);
    entry.meter.add(now, loaded - entry.file.loaded);
    this.update(entry, { loaded });
    this.notify();
  }

  /** A file is on the server. */
  private complete(entry: Entry): void {
    this.progress(entry, entry.file.size);
    this.update(entry, { status: 'done' });
    this.emit('complete', entry.file);
  }

  private async run(entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    const { bucket, key, size } = entry.file;
    this.update(entry, { status: 'uploading', loaded: 0 });
    this.notify(true);
    const onProgress = (loaded: number) => this.progress(entry, loaded);
    try {
      const problem = keyProblem(key, size);
      if (problem) throw problem;
      const { abortMultipart, contentTypeFor, putSingle, uploadMultipart } = await loadUploadEngine();
      controller.signal.throwIfAborted();
      if (entry.abandoned.length) {
        await this.abortAbandoned(entry, abortMultipart);
        controller.signal.throwIfAborted();
      }
      const plan = planUpload(size, this.options.plan);
      const transfer = {
        session: this.session,
        bucket,
        key,
        body: entry.body,
        contentType: entry.contentType ?? contentTypeFor(fileName(key), entry.body.type),
        signal: controller.signal,
        onProgress,
        send: this.options.send,
        postPolicies: this.postPolicies,
        pool: this.pool,
        retryDelays: this.options.retryDelays,
      };
      if (plan.kind === 'single') await putSingle(transfer);
      else {
        await uploadMultipart({
          ...transfer,
          partSize: plan.partSize,
          partConcurrency: this.options.partConcurrency,
          onAbandoned: (state) => entry.abandoned.push(state),
        });
      }
      this.complete(entry);
    } catch (error) {
      if (controller.signal.aborted) {
        this.update(entry, { status: 'cancelled' });
      } else {
        this.update(entry, { status: 'failed', error: await this.explain(error, bucket, key, entry.body) });
        this.emit('failed', entry.file);
      }
    } finally {
      entry.controller = undefined;
      // What was counted for a file that did not finish leaves the batch's speed alone but not its bytes.
      if (entry.file.status !== 'done') this.update(entry, { loaded: 0 });
    }
  }

  /**
   * A Retry sends the file again as a new multipart upload; it does not resume the old one. A failed upload is
   * aborted the moment it fails, so normally nothing is left to resume; keeping its parts instead would hold
   * storage for every failed file the user never retries, and resuming would have to trust that the file did not
   * change on disk in between (one of the ways an upload fails). Only when that abort could not reach the server
   * (it died mid-upload) is the old upload still there: it is aborted here, before its replacement starts, and
   * kept for the next try if the server still does not answer.
   */
  private async abortAbandoned(
    entry: Entry,
    abortMultipart: (session: S3Session, state: MultipartState) => Promise<boolean>,
  ): Promise<void> {
    const tries = entry.abandoned.splice(0);
    const aborted = await Promise.all(tries.map((state) => abortMultipart(this.session, state)));
    entry.abandoned.push(...tries.filter((_, i) => !aborted[i]));
  }

  private async explain(error: unknown, bucket: string, key: string, body: Blob): Promise<S3AppError> {
    // A file deleted or changed on disk mid-upload fails like the network: say so, not "server unreachable".
    const unreadable = isNetworkFailure(error) ? await unreadableFileError(body) : null;
    return unreadable ?? this.session.explain(error, { bucket, key });
  }

  private update(entry: Entry, change: Partial<UploadFile>): void {
    entry.file = { ...entry.file, ...change };
    entry.dirty = true;
  }

  private emit<E extends keyof QueueEvents>(event: E, file: QueueEvents[E]): void {
    for (const listener of this.eventListeners[event]) listener(file);
  }

  /**
   * Progress is coalesced to one snapshot per `notifyMs`; status changes (`soon`) go out within
   * STATUS_NOTIFY_MS, so a batch of a thousand small files redraws the panel a few dozen times a second at most,
   * not once per file.
   */
  private notify(soon = false): void {
    const gap = soon ? STATUS_NOTIFY_MS : this.options.notifyMs;
    const due = Math.max(performance.now(), this.lastNotify + gap);
    if (this.notifyTimer !== undefined && this.notifyDue <= due) return;
    clearTimeout(this.notifyTimer);
    this.notifyDue = due;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.notifyDue = Infinity;
      this.lastNotify = performance.now();
      this.snapshot = this.buildSnapshot(this.lastNotify);
      for (const listener of this.listeners) listener();
    }, due - performance.now());
  }

  private buildSnapshot(now: number): UploadSnapshot {
    const files: UploadFile[] = [];
    const totals = emptyTotals();
    let activeRemaining = 0;
    for (const entry of this.entries.values()) {
      if (entry.file.status === 'uploading') {
        const speed = entry.meter.rate(now);
        const left = entry.file.size - entry.file.loaded;
        entry.file = { ...entry.file, speed, eta: speed > 0 ? left / speed : null };
      } else if (entry.dirty && (entry.file.speed || entry.file.eta !== null)) {
        entry.file = { ...entry.file, speed: 0, eta: null };
      }
      entry.dirty = false;
      const file = entry.file;
      files.push(file);
      totals.files++;
      // A cancelled file is no longer part of what the batch will send.
      if (file.status !== 'cancelled' && file.status !== 'cancelling') {
        totals.size += file.size;
        totals.loaded += file.status === 'done' ? file.size : file.loaded;
      }
      if (file.status === 'done') totals.done++;
      else if (file.status === 'failed') totals.failed++;
      else if (file.status === 'cancelled') totals.cancelled++;
      else {
        totals.active++;
        activeRemaining += file.size - file.loaded;
      }
    }
    totals.speed = totals.active ? this.totalMeter.rate(now) : 0;
    totals.eta = totals.active && totals.speed > 0 ? activeRemaining / totals.speed : null;
    return { files, totals };
  }
}

function emptyTotals(): UploadTotals {
  return { files: 0, done: 0, failed: 0, cancelled: 0, active: 0, size: 0, loaded: 0, speed: 0, eta: null };
}

/** The last segment of a key ("a/b/c.txt" -> "c.txt"; a folder marker keeps its slash). */
function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/', key.length - 2) + 1);
}

/** S3 keys are at most 1024 bytes of UTF-8; objects at most 5 TiB. Said before any request is made. */
function keyProblem(key: string, size: number): S3AppError | null {
  // One UTF-16 unit is at most 3 bytes of UTF-8: most keys need no encoding to be known short enough.
  const bytes = key.length * 3 <= 1024 ? key.length : new TextEncoder().encode(key).length;
  if (bytes > 1024) {
    return new S3AppError(
      'key-too-long',
      `The key would be ${bytes} bytes long; S3 allows 1024.`,
      'Upload it into a shorter folder path, or rename the file.',
      { code: 'KeyTooLongError' },
    );
  }
  if (size > MAX_OBJECT_SIZE) {
    return new S3AppError(
      'too-large',
      'The file is larger than 5 TiB, the largest object S3 stores.',
      'Split it into smaller files, or store it with a tool made for such sizes.',
      { code: 'EntityTooLarge' },
    );
  }
  return null;
}
