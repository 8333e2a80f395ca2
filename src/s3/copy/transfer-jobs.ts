import type { S3Session } from '../session';
import type { SignedHeads } from '../upload/existing-keys';
import { SIGNED_COPY_USE_MS, type SignedCopy } from './signed-copy';
import { DEFAULT_COPY_TUNING } from './tuning';
import type { ConflictAnswer, ConflictQuestion } from './conflicts';
import { isFolder, type TransferRoot } from './plan';
import type { ReadAhead, TransferJob, TransferMode, TransferSnapshot } from './transfer-job';

/** Another saved connection, opened as a destination or a source: its bytes go through the page. */
export interface OtherConnection {
  /** The saved profile's id. */
  id: string;
  label: string;
  session: S3Session;
}

/**
 * A copy or move the person asked for: within the connection, into another one (`toConnection`) or out of another
 * one (`fromConnection`, a paste of what was cut or copied there).
 */
export interface JobRequest {
  mode: TransferMode;
  /** A bucket of `fromConnection` when given, else of this connection. */
  fromBucket: string;
  fromConnection?: OtherConnection;
  /** A bucket of `toConnection` when given, else of this connection. */
  toBucket: string;
  toConnection?: OtherConnection;
  /** Where the items go (the folder picked, or the renamed item's own folder), for the job's title. */
  toPrefix: string;
  roots: TransferRoot[];
  /** A rename: one item, same folder, new name. */
  rename?: boolean;
}

export interface JobView {
  id: number;
  request: JobRequest;
  snapshot: TransferSnapshot;
}

/** A job waits for a person: the destination of one of its keys exists. */
export interface PendingConflict {
  jobId: number;
  request: JobRequest;
  question: ConflictQuestion;
}

export interface TransferJobsSnapshot {
  jobs: JobView[];
  /** The first question still open; the others wait their turn. */
  conflict?: PendingConflict;
}

interface Entry {
  id: number;
  request: JobRequest;
  job?: TransferJob;
  snapshot: TransferSnapshot;
  /** Cancel pressed before the engine's chunk loaded. */
  cancelled?: boolean;
  stop?: () => void;
  /** See TransferJob.underway. */
  underway: Promise<void>;
  markUnderway: () => void;
}

/** What the open dialog's job would send first, signed ahead, and read first, read ahead (see `prepare`). */
interface Prepared {
  heads?: SignedHeads;
  copies?: ReadonlyMap<string, SignedCopy>;
  reads?: Reads;
}

/** A reading ahead, with the job it was made for. */
interface Reads extends ReadAhead {
  request: JobRequest;
  sentAt: number;
}

/**
 * Whether a reading ahead answers for the job started: made for the same files and destinations (a click can come
 * before the dialog prepared its last change), and recent.
 */
function fits(reads: Reads | undefined, request: JobRequest): reads is Reads {
  if (!reads || Date.now() - reads.sentAt >= READ_AHEAD_USE_MS) return false;
  const read = reads.request;
  return (
    read.fromBucket === request.fromBucket &&
    read.toBucket === request.toBucket &&
    read.roots.length === request.roots.length &&
    read.roots.every(
      (root, index) =>
        root.source === request.roots[index].source && root.destination === request.roots[index].destination,
    )
  );
}

interface Question extends PendingConflict {
  resolve: (answer: ConflictAnswer) => void;
  reject: (reason: unknown) => void;
}

type Engine = typeof import('./transfer-job');
/** The engine is a chunk of its own: most visits never copy anything. Loaded once, kept (a failed load is retried). */
let engine: Promise<Engine> | undefined;
/** The engine once loaded: a job then starts within the click, its first request before any redraw. */
let loadedEngine: Engine | undefined;
const loadEngine = () => {
  engine ??= import('./transfer-job').then(
    (loaded) => (loadedEngine = loaded),
    (error: unknown) => {
      engine = undefined;
      throw error;
    },
  );
  return engine;
};

/** How long a job just started keeps the page from redrawing at most, while its first request is on its way. */
const HOLD_CHANGES_MS = 100;
/**
 * A click this soon after the overwrite check read ahead left uses its answer; a later one checks again. The
 * person's pointer on the confirm button (or its focus) reads again what is older than READ_AHEAD_RENEW_MS.
 */
const READ_AHEAD_USE_MS = 2000;
const READ_AHEAD_RENEW_MS = 500;
/** Picked files whose overwrite check is read ahead, at most: a few HEADs each time the destination changes. */
const READ_AHEAD_KEYS = 16;

const waiting = (mode: TransferMode): TransferSnapshot => ({
  status: 'idle',
  mode,
  keys: { done: 0, total: 0, skipped: 0, failed: 0, copied: 0 },
  bytes: { done: 0, total: 0 },
  bytesPerSecond: 0,
  failures: [],
});

const finished = (snapshot: TransferSnapshot) =>
  snapshot.status === 'done' || snapshot.status === 'failed' || snapshot.status === 'cancelled';

/**
 * The connection's copy and move jobs (no React): starts TransferJobs, keeps their snapshots for the jobs panel
 * (subscribe/getSnapshot, for useSyncExternalStore), queues their conflict questions for one dialog, tells who
 * listens when a job ends (listings to refresh).
 */
export class TransferJobs {
  private entries: Entry[] = [];
  private questions: Question[] = [];
  private nextId = 1;
  private snapshot: TransferJobsSnapshot = { jobs: [] };
  private readonly listeners = new Set<() => void>();
  private readonly endListeners = new Set<(job: JobView) => void>();
  /** Other connections opened with their keys: kept while this connection lives, so keys are asked for once. */
  private readonly others = new Map<string, OtherConnection>();
  /** The overwrite check of the job the open dialog would start, signed ahead (see `prepare`). */
  private prepared: Promise<Prepared> | undefined;
  private preparedNow: Prepared = {};
  /** Signs the open dialog's job again before its signatures grow old. */
  private resignTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stops the read-ahead in flight once it is replaced or the dialog closes (see readAhead). */
  private readsController: AbortController | undefined;
  /** Jobs just started whose first request has not left yet: until then changes are held (see start). */
  private starting = 0;
  private heldChange = false;

  constructor(private readonly session: S3Session) {}

  getSnapshot = (): TransferJobsSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called each time a run of a job ends (done, failed or cancelled), a retry's run included. */
  onEnded(listener: (job: JobView) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  get isActive(): boolean {
    return this.entries.some((entry) => !finished(entry.snapshot));
  }

  /** An other connection opened earlier (a destination, or a paste's source), by its profile id. */
  otherConnection(id: string): OtherConnection | undefined {
    return this.others.get(id);
  }

  /** Keeps an other connection opened with its keys (its session ends with this connection). */
  keepOtherConnection(connection: OtherConnection): void {
    const before = this.others.get(connection.id);
    if (before && before.session !== connection.session) before.session.destroy();
    this.others.set(connection.id, connection);
  }

  /** Loads the engine ahead of a job the person is about to start (a dialog opened), so it starts at once. */
  preload(): void {
    loadEngine().catch(() => undefined); // a failed load is reported by the job that needs it
  }

  /**
   * Signs ahead what the job a dialog would start sends first, while the person looks at the dialog: whether the
   * picked files' destinations exist, and for one listed file its CopyObject. For a few files it also sends the
   * overwrite check and the file's ACL read, and a click soon after (READ_AHEAD_USE_MS) uses their answers: the
   * copy leaves on the click. Files within this connection only.
   */
  prepare(request: JobRequest | undefined): void {
    this.preparedNow = {};
    this.prepared = undefined;
    this.readsController?.abort();
    clearTimeout(this.resignTimer);
    if (
      !request ||
      request.toConnection ||
      request.fromConnection ||
      request.roots.some((root) => isFolder(root.source))
    )
      return;
    const keys = request.roots.map((root) => root.destination);
    const [only] = request.roots;
    const copyAhead =
      request.roots.length === 1 && only.listed && only.listed.size <= DEFAULT_COPY_TUNING.multipartThreshold;
    const signing = loadEngine()
      .then(async ({ signHeads, signCopy }): Promise<Prepared> => {
        const heads = await signHeads(this.session, request.toBucket, keys);
        if (!copyAhead || !only.listed) return { heads };
        const source = { bucket: request.fromBucket, key: only.source, etag: only.listed.etag };
        const copy = await signCopy(this.session, source, {
          bucket: request.toBucket,
          key: only.destination,
        });
        return { heads, copies: copy && new Map([[only.destination, copy]]) };
      })
      .catch((): Prepared => ({})); // unsigned, each request is signed when it is made
    this.prepared = signing;
    void signing.then((prepared) => {
      if (this.prepared !== signing) return;
      this.preparedNow = prepared;
      this.readAhead(request);
      this.resignTimer = setTimeout(() => this.prepare(request), SIGNED_COPY_USE_MS);
    });
  }

  /**
   * Reads again what the open dialog's job would read first, when the last reading is a while old: the person is
   * about to confirm (the pointer is on the button, or it has the focus).
   */
  renewReadAhead(): void {
    const { reads } = this.preparedNow;
    if (reads && Date.now() - reads.sentAt > READ_AHEAD_RENEW_MS) this.readAhead(reads.request);
  }

  /** Sends the prepared job's overwrite check and ACL reads (see prepare), replacing any earlier reading. */
  private readAhead(request: JobRequest): void {
    const { heads, copies } = this.preparedNow;
    this.readsController?.abort();
    this.preparedNow.reads = undefined;
    if (!heads || !loadedEngine || heads.urls.size > READ_AHEAD_KEYS) return;
    const { findExistingKeys, readSignedAcl } = loadedEngine;
    const controller = new AbortController();
    const { signal } = controller;
    this.readsController = controller;
    const sentAt = Date.now();
    const existing = findExistingKeys(this.session, heads.bucket, [...heads.urls.keys()], {
      signal,
      signed: heads,
    });
    existing.catch(() => undefined); // a failed reading is not used: the job checks again
    const publicRead = new Map(
      [...(copies?.values() ?? [])].map((copy) => [
        copy.source.key,
        readSignedAcl(this.session, copy, signal).catch(() => undefined),
      ]),
    );
    this.preparedNow.reads = { existing, publicRead, request, sentAt };
  }

  /** Starts a job at once; its progress, questions and end show in the snapshot. Returns its id. */
  start(request: JobRequest): number {
    let markUnderway = () => {};
    const underway = new Promise<void>((resolve) => (markUnderway = resolve));
    const entry: Entry = {
      id: this.nextId++,
      request,
      snapshot: waiting(request.mode),
      underway,
      markUnderway,
    };
    this.entries.push(entry);
    const { reads } = this.preparedNow;
    const signed = { ...this.preparedNow, reads: fits(reads, request) ? reads : undefined };
    // The job uses the answers read ahead, so they are not stopped with the dialog's preparation.
    this.readsController = undefined;
    this.prepare(undefined);
    // The job first, the panel after: a redraw (the panel's first, the page's around it) between the overwrite
    // check's answer and the copy would hold the copy back. Listeners hear of the job once its first request has
    // left, or after HOLD_CHANGES_MS at most.
    this.starting++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.starting--;
      if (!this.starting && this.heldChange) this.changed();
    };
    void underway.then(release);
    setTimeout(release, HOLD_CHANGES_MS);
    void this.run(entry, signed);
    this.changed();
    return entry.id;
  }

  /** Resolves once the job no longer needs the page to itself (see TransferJob.underway); at once for no job. */
  underway(id: number): Promise<void> {
    return this.find(id)?.underway ?? Promise.resolve();
  }

  cancel(id: number): void {
    const entry = this.find(id);
    if (!entry) return;
    entry.cancelled = true;
    entry.job?.cancel();
    // A question nobody needs to answer any more: the job stops waiting for it as it aborts.
    for (const question of this.questions.filter((q) => q.jobId === id)) {
      question.reject(new DOMException('Cancelled', 'AbortError'));
    }
    this.questions = this.questions.filter((q) => q.jobId !== id);
    if (!entry.job) entry.snapshot = { ...entry.snapshot, status: 'cancelled' };
    this.changed();
  }

  retryFailed(id: number): void {
    const entry = this.find(id);
    if (!entry?.job) return;
    entry.cancelled = false;
    void entry.job.retryFailed().then(() => this.ended(entry));
  }

  /** Removes a finished job from the panel. */
  close(id: number): void {
    const entry = this.find(id);
    if (!entry || !finished(entry.snapshot)) return;
    entry.stop?.();
    this.entries = this.entries.filter((e) => e !== entry);
    this.changed();
  }

  /** The person's answer to the open conflict question. */
  answer(answer: ConflictAnswer): void {
    const question = this.questions.shift();
    question?.resolve(answer);
    this.changed();
  }

  /** Stops every job (the connection ends): each key is at its source, its destination, or both. */
  destroy(): void {
    this.prepare(undefined);
    for (const entry of this.entries) this.cancel(entry.id);
    for (const entry of this.entries) entry.stop?.();
    for (const other of this.others.values()) other.session.destroy();
    this.others.clear();
    this.listeners.clear();
    this.endListeners.clear();
  }

  private async run(entry: Entry, signed: Prepared): Promise<void> {
    const { request } = entry;
    try {
      const { TransferJob } = loadedEngine ?? (await loadEngine());
      if (entry.cancelled) return this.ended(entry);
      const job = new TransferJob({
        mode: request.mode,
        from: { session: request.fromConnection?.session ?? this.session, bucket: request.fromBucket },
        to: { session: request.toConnection?.session ?? this.session, bucket: request.toBucket },
        roots: request.roots,
        onConflict: (question) => this.ask(entry, question),
        signedHeads: signed.heads,
        signedCopies: signed.copies,
        readAhead: signed.reads,
      });
      entry.job = job;
      void job.underway.then(entry.markUnderway);
      entry.stop = job.subscribe(() => {
        entry.snapshot = job.getSnapshot();
        this.changed();
      });
      await job.start();
      this.ended(entry);
    } catch (error) {
      // Only the chunk's loading can fail here (a job's start never rejects): say so, as the job's error.
      entry.snapshot = {
        ...entry.snapshot,
        status: 'failed',
        error: this.session.toAppError(error, { bucket: request.fromBucket }),
      };
      this.ended(entry);
    }
  }

  private ask(entry: Entry, question: ConflictQuestion): Promise<ConflictAnswer> {
    return new Promise((resolve, reject) => {
      this.questions.push({ jobId: entry.id, request: entry.request, question, resolve, reject });
      this.changed();
    });
  }

  private ended(entry: Entry): void {
    entry.markUnderway();
    if (entry.job) entry.snapshot = entry.job.getSnapshot();
    this.changed();
    const view = this.view(entry);
    for (const listener of this.endListeners) listener(view);
  }

  private find(id: number): Entry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  private view(entry: Entry): JobView {
    return { id: entry.id, request: entry.request, snapshot: entry.snapshot };
  }

  private changed(): void {
    this.heldChange = this.starting > 0;
    if (this.heldChange) return;
    const [question] = this.questions;
    this.snapshot = {
      jobs: this.entries.map((entry) => this.view(entry)),
      conflict: question && { jobId: question.jobId, request: question.request, question: question.question },
    };
    for (const listener of this.listeners) listener();
  }
}
