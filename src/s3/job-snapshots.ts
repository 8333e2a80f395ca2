/**
 * The snapshot side of a long job (a transfer, a folder restore): a view subscribes (useSyncExternalStore) and
 * reads the last snapshot; changes are batched so it redraws at most every `notifyMs`, while status changes are
 * told at once (`notifyNow`).
 */
export class JobSnapshots<S> {
  private snapshot: S;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly build: () => S,
    private readonly notifyMs = 100,
  ) {
    this.snapshot = build();
  }

  get = (): S => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.notifyNow(), this.notifyMs);
  }

  notifyNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.snapshot = this.build();
    for (const listener of this.listeners) listener();
  }
}
