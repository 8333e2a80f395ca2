import type { KeyJobSnapshot } from './key-job';

/** What a versions job is about, for its title in the jobs panel. */
export type VersionJobInfo =
  | { kind: 'undelete'; bucket: string; keys: readonly string[] }
  | { kind: 'restore-folder'; bucket: string; prefix: string; time: Date };

/** The part of a KeyJob the store drives (the job itself is made by whoever starts it, in a lazy chunk). */
export interface RunnableJob {
  start(): Promise<KeyJobSnapshot>;
  cancel(): void;
  retryFailed(): Promise<KeyJobSnapshot>;
  getSnapshot(): KeyJobSnapshot;
  subscribe(listener: () => void): () => void;
}

export interface VersionJobView {
  id: number;
  info: VersionJobInfo;
  snapshot: KeyJobSnapshot;
}

interface Entry {
  id: number;
  info: VersionJobInfo;
  job: RunnableJob;
  /** Told each time a run ends (a retry's too): what the job changed is read again. */
  onEnded?: () => void;
  stop: () => void;
}

const running = (snapshot: KeyJobSnapshot) => snapshot.status === 'idle' || snapshot.status === 'running';

/**
 * The connection's undelete and folder-restore jobs (no React), for the jobs panel: keeps each job's snapshot
 * (subscribe/getSnapshot, for useSyncExternalStore), and its Cancel, Retry failed and Close. They outlive the
 * view that started them.
 */
export class VersionJobs {
  private entries: Entry[] = [];
  private nextId = 1;
  private snapshot: { jobs: VersionJobView[] } = { jobs: [] };
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): { jobs: VersionJobView[] } => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts a job at once; its progress shows in the snapshot. Returns its id. */
  start(info: VersionJobInfo, job: RunnableJob, onEnded?: () => void): number {
    const entry: Entry = { id: this.nextId++, info, job, onEnded, stop: job.subscribe(() => this.changed()) };
    this.entries.push(entry);
    this.changed();
    void job.start().then(() => this.ended(entry));
    return entry.id;
  }

  cancel(id: number): void {
    this.find(id)?.job.cancel();
  }

  retryFailed(id: number): void {
    const entry = this.find(id);
    if (entry) void entry.job.retryFailed().then(() => this.ended(entry));
  }

  /** Removes a finished job from the panel. */
  close(id: number): void {
    const entry = this.find(id);
    if (!entry || running(entry.job.getSnapshot())) return;
    entry.stop();
    this.entries = this.entries.filter((e) => e !== entry);
    this.changed();
  }

  /** Stops every job (the connection ends): each key's history is whole, whatever was done. */
  destroy(): void {
    for (const entry of this.entries) {
      entry.job.cancel();
      entry.stop();
    }
    this.listeners.clear();
  }

  private ended(entry: Entry): void {
    this.changed();
    entry.onEnded?.();
  }

  private find(id: number): Entry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  private changed(): void {
    this.snapshot = {
      jobs: this.entries.map(({ id, info, job }) => ({ id, info, snapshot: job.getSnapshot() })),
    };
    for (const listener of this.listeners) listener();
  }
}
