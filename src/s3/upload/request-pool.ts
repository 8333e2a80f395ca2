/**
 * At most `limit` upload requests in flight for a whole batch, first come first served. Chromium opens six
 * HTTP/1.1 connections per host: a pool below that leaves one free for listings and the SDK's own calls.
 */
export class RequestPool {
  private active = 0;
  private readonly waiting: Array<{ start: () => void }> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new DOMException('Cancelled.', 'AbortError'));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new DOMException('Cancelled.', 'AbortError'));
      };
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiting.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` does not change.
    if (next) next.start();
    else this.active--;
  }
}
