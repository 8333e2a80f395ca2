/**
 * At most `concurrency` tasks in flight; the rest wait in order. A waiting task whose signal aborts leaves the
 * queue without ever starting, so rows scrolled past before their turn cost nothing. `setConcurrency` changes the
 * limit on the way (a lower one takes effect as running tasks end).
 */
export function createLimiter(concurrency: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  const pump = () => {
    while (active < concurrency && queue.length) queue.shift()!();
  };

  const run = <T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const start = () => {
        signal?.removeEventListener('abort', onAbort);
        active++;
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            pump();
          });
      };
      const onAbort = () => {
        const index = queue.indexOf(start);
        if (index >= 0) queue.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(start);
      pump();
    });
  };
  const setConcurrency = (limit: number) => {
    concurrency = limit;
    pump();
  };
  return Object.assign(run, { setConcurrency });
}

export type Limiter = ReturnType<typeof createLimiter>;
