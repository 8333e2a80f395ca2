import { buildQueryString, HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import type { HttpHandlerOptions } from '@smithy/types';
import { s3HttpError } from './upload/xhr-send';
import {
  BATCH_CONTENT_TYPE,
  MAX_BATCH_REQUESTS,
  type BatchedAnswer,
  type BatchedRequest,
  type RequestBatch,
} from './relay-protocol';

/** Requests one batch carries at most: enough that a batch costs the page little per request. */
const BATCH_SIZE = 100;
/** Batches on their way at once: while one is answered, the next one fills. */
const BATCHES_IN_FLIGHT = 2;
/** One for every answer the SDK reads: a batch of a job's copies brings thousands. */
const encoder = new TextEncoder();

interface Waiting {
  target: string;
  request: BatchedRequest;
  signal?: AbortSignal;
  resolve: (answer: BatchedAnswer) => void;
  reject: (error: unknown) => void;
  /** Set while in a batch: tells the batch nobody waits for this answer any more. */
  onGiveUp?: () => void;
}

/**
 * The request batch lane's client (server/request-batch.ts), as the SDK's request handler and for requests the
 * session signs itself (`send`): each request arrives here signed for the endpoint, waits for the next batch, and
 * is answered by the server's line for it. The browser then spends one request on a hundred, and the endpoint gets them as fast as it takes them. Only requests without a body.
 *
 * A batch that gets no answer fails each of its requests as a network error (a TypeError), as fetch would, so the
 * SDK's retries and the session's error messages treat them as they treat any request.
 */
export class RequestBatcher {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly url: string) {}

  /** The SDK's way in: a signed command's request; the answer as the SDK reads one. */
  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const query = buildQueryString(request.query ?? {});
    const batched: BatchedRequest = {
      method: request.method,
      path: query ? `${request.path}?${query}` : request.path,
      headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host')),
    };
    const target = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
    const answer = await this.send(target, batched, options.abortSignal as AbortSignal | undefined);
    const response = new HttpResponse({
      statusCode: answer.status,
      headers: answer.headers,
      body: encoder.encode(answer.body),
    });
    return { response };
  }

  /**
   * A request signed for `target` (an endpoint origin), without Host: the endpoint's answer, or a TypeError when
   * it got none.
   */
  send(target: string, request: BatchedRequest, signal?: AbortSignal): Promise<BatchedAnswer> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<BatchedAnswer>((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiting);
        if (index >= 0) this.queue.splice(index, 1);
        waiting.reject(abortError());
      };
      // Settled once; the listener goes with it (a job's one signal serves thousands of requests).
      const settle = () => signal?.removeEventListener('abort', onAbort);
      const waiting: Waiting = {
        target,
        request,
        signal,
        resolve: (answer) => {
          settle();
          resolve(answer);
        },
        reject: (error) => {
          settle();
          reject(error);
          waiting.onGiveUp?.();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiting);
      this.schedule();
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** Waits one task, so that requests made together leave together. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= BATCHES_IN_FLIGHT) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length && this.inFlight < BATCHES_IN_FLIGHT) {
      const { target } = this.queue[0];
      const batch: Waiting[] = [];
      this.queue = this.queue.filter((waiting) => {
        const take = waiting.target === target && batch.length < Math.min(BATCH_SIZE, MAX_BATCH_REQUESTS);
        if (take) batch.push(waiting);
        return !take;
      });
      this.inFlight++;
      void this.sendBatch(target, batch).finally(() => {
        this.inFlight--;
        if (this.queue.length) this.schedule();
      });
    }
  }

  private async sendBatch(target: string, batch: Waiting[]): Promise<void> {
    // The batch stops when nobody waits for any of its answers any more.
    const stop = new AbortController();
    const pending = new Set(batch);
    for (const waiting of batch) {
      waiting.onGiveUp = () => {
        pending.delete(waiting);
        if (!pending.size) stop.abort();
      };
    }
    const body: RequestBatch = { target, requests: batch.map((waiting) => waiting.request) };
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': BATCH_CONTENT_TYPE },
        body: JSON.stringify(body),
        signal: stop.signal,
      });
      // A refusal of the whole batch is S3-style XML from the app's server: each request gets it.
      if (response.status !== 200) {
        const error = s3HttpError(response.status, await response.text());
        for (const waiting of pending) waiting.reject(error);
        return;
      }
      await readLines(response, (line) => {
        const answer = JSON.parse(line) as BatchedAnswer;
        const waiting = batch[answer.i];
        if (!waiting || !pending.has(waiting)) return;
        pending.delete(waiting);
        waiting.resolve(answer);
      });
      if (pending.size)
        throw new TypeError('The app\u2019s server did not answer every request of the batch.');
    } catch (error) {
      const failure =
        error instanceof TypeError
          ? error
          : new TypeError('The request batch got no answer from the app\u2019s server.');
      for (const waiting of pending) waiting.reject(waiting.signal?.aborted ? abortError() : failure);
    }
  }
}

async function readLines(response: Response, onLine: (line: string) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    let end = text.indexOf('\n');
    while (end >= 0) {
      const line = text.slice(0, end);
      text = text.slice(end + 1);
      if (line) onLine(line);
      end = text.indexOf('\n');
    }
  }
  if (text) onLine(text);
}

function abortError(): Error {
  return new DOMException('The request was aborted.', 'AbortError');
}
