/** Waits between attempts of one request (Uppy's schedule): a blip is retried at once, an outage gets seconds. */
export const RETRY_DELAYS_MS = [0, 1000, 3000, 5000];

/** An error as XHR/fetch senders throw it, or an S3AppError from the session. */
interface ErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  presignExpired?: boolean;
  kind?: string;
  code?: string;
  status?: number;
}

/**
 * RGW answers a presigned URL past its expiry with a bare 403 AccessDenied (AWS says "Request has expired"), which
 * reads like a permission problem. The caller knows when it signed: it marks the error so the retry signs again.
 */
export function markPresignExpired<E>(error: E): E {
  if (error && typeof error === 'object') Object.assign(error, { presignExpired: true });
  return error;
}

/**
 * Worth another attempt: no answer at all (network, a stall), a server error, throttling, S3's RequestTimeout, or
 * an expired URL (the next attempt signs a fresh one). Other 4xx answers will not change by asking again.
 */
export function isRetryable(error: unknown): boolean {
  const e = (error ?? {}) as ErrorShape;
  if (e.name === 'AbortError' || e.kind === 'aborted') return false;
  if (error instanceof TypeError || e.kind === 'unreachable') return true;
  const status = e.$metadata?.httpStatusCode ?? e.status ?? 0;
  if (status >= 500 || status === 429) return true;
  const code = e.code ?? e.name;
  if (code === 'RequestTimeout' || code === 'SlowDown') return true;
  return !!e.presignExpired || (status === 403 && /expired/i.test(e.message ?? ''));
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the delays run out. `attempt` is called afresh each time,
 * so whatever it prepares (a signed URL, a Blob slice) is new for every try.
 */
export async function withRetries<T>(
  attempt: (tryNumber: number) => Promise<T>,
  options: { signal?: AbortSignal; delays?: readonly number[]; onRetry?: (error: unknown) => void } = {},
): Promise<T> {
  const delays = options.delays ?? RETRY_DELAYS_MS;
  for (let tryNumber = 0; ; tryNumber++) {
    try {
      return await attempt(tryNumber);
    } catch (error) {
      if (tryNumber >= delays.length || !isRetryable(error) || options.signal?.aborted) throw error;
      options.onRetry?.(error);
      await sleep(delays[tryNumber], options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Cancelled.', 'AbortError'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('Cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
