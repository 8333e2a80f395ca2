import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { S3AppError } from '../errors';
import { testSession } from '../../testing/test-session';
import { UploadQueue, type QueueOptions, type UploadSnapshot } from './upload-queue';
import { s3HttpError, type BlobRequest, type BlobSender } from './xhr-send';

// The queue through its `send` seam: the sender stands in for the network (each test decides what it answers),
// everything else (planning, signing, retries, the request pool, progress) is the queue's own code.

const newSession = () => testSession();

const newQueue = (send: BlobSender, options: QueueOptions = {}) =>
  new UploadQueue(newSession(), { retryDelays: [0, 0, 0], notifyMs: 5, send, ...options });

/** The next snapshot in which nothing runs or waits. */
const settled = (queue: UploadQueue) =>
  new Promise<UploadSnapshot>((resolve) => {
    const unsubscribe = queue.subscribe(() => {
      const snapshot = queue.getSnapshot();
      if (snapshot.totals.active === 0) {
        unsubscribe();
        resolve(snapshot);
      }
    });
  });

/** The first snapshot that `check` accepts. */
const until = (queue: UploadQueue, check: (snapshot: UploadSnapshot) => boolean) =>
  new Promise<UploadSnapshot>((resolve) => {
    const unsubscribe = queue.subscribe(() => {
      if (check(queue.getSnapshot())) {
        unsubscribe();
        resolve(queue.getSnapshot());
      }
    });
  });

const file = (key: string, bytes = 10) => ({ key, body: new Blob([new Uint8Array(bytes)]) });

describe('UploadQueue', () => {
  it('retries a request that got no answer, then reports the file done', async () => {
    let calls = 0;
    const queue = newQueue(async () => {
      if (++calls < 3) throw new TypeError('Failed to fetch');
      return { status: 200, etag: 'e' };
    });
    queue.add('b', [file('a.txt')]);
    const done = await settled(queue);
    expect(done.files[0]).toMatchObject({ status: 'done', loaded: 10 });
    expect(calls).toBe(3);
  });

  it('does not retry a refusal, and explains it', async () => {
    let calls = 0;
    const queue = newQueue(async () => {
      calls++;
      throw s3HttpError(403, '<Error><Code>AccessDenied</Code></Error>');
    });
    queue.add('b', [file('a.txt')]);
    const failed = await settled(queue);
    expect(calls).toBe(1);
    expect(failed.files[0].status).toBe('failed');
    expect(failed.files[0].error).toMatchObject({ kind: 'access-denied', code: 'AccessDenied' });
    expect(failed.totals).toMatchObject({ failed: 1, active: 0, loaded: 0 });
  });

  it('cancels a running file: its request is aborted and nothing is retried', async () => {
    const seen: BlobRequest[] = [];
    const queue = newQueue(
      (request) =>
        new Promise((_, reject) => {
          seen.push(request);
          request.signal?.addEventListener('abort', () => reject(new DOMException('x', 'AbortError')));
        }),
    );
    const [added] = queue.add('b', [file('a.txt')]);
    await until(queue, (s) => s.files[0].status === 'uploading' && seen.length === 1);
    queue.cancel(added.id);
    const cancelled = await settled(queue);
    expect(cancelled.files[0].status).toBe('cancelled');
    expect(cancelled.totals.cancelled).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0].signal?.aborted).toBe(true);
  });

  it('keeps at most `requestLimit` requests in flight, and starts the rest as slots free', async () => {
    let running = 0;
    let peak = 0;
    const queue = newQueue(
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return { status: 200 };
      },
      { requestLimit: 2 },
    );
    queue.add(
      'b',
      ['1', '2', '3', '4', '5'].map((n) => file(`${n}.txt`)),
    );
    const done = await settled(queue);
    expect(done.totals).toMatchObject({ files: 5, done: 5 });
    expect(peak).toBe(2);
  });

  it('reports bytes as they leave, per file and in total, and counts them again on a retry', async () => {
    let calls = 0;
    let release!: () => void;
    const queue = newQueue(async (request) => {
      calls++;
      request.onProgress?.(400);
      if (calls === 1) throw new TypeError('reset');
      await new Promise<void>((r) => (release = r));
      request.onProgress?.(1000);
      return { status: 200 };
    });
    queue.add('b', [file('big.bin', 1000)]);
    const midway = await until(queue, (s) => s.files[0].loaded === 400 && calls === 2);
    expect(midway.files[0]).toMatchObject({ status: 'uploading', size: 1000 });
    expect(midway.totals).toMatchObject({ size: 1000, loaded: 400, active: 1 });
    release();
    const done = await settled(queue);
    expect(done.totals).toMatchObject({ loaded: 1000, done: 1 });
  });

  it('refuses a key over 1024 bytes before any request', async () => {
    const send = vi.fn<BlobSender>();
    const queue = newQueue(send);
    queue.add('b', [file('k'.repeat(1025))]);
    const failed = await settled(queue);
    expect(failed.files[0].error).toMatchObject({ kind: 'key-too-long', code: 'KeyTooLongError' });
    expect(send).not.toHaveBeenCalled();
  });

  it(
    'aborts a multipart upload it could not abort when the server died, before Retry starts a new one',
    { timeout: 30_000 },
    async () => {
      const session = newSession();
      let down = false;
      const created: string[] = [];
      const aborted: string[] = [];
      const completed: string[] = [];
      // The session's calls (Create, Abort, Complete) and the part sender share one fault: the server is down.
      vi.spyOn(session, 'send').mockImplementation(async (command: object) => {
        if (down) throw new S3AppError('unreachable', 'No answer.', '', { code: 'NetworkError' });
        if (command instanceof CreateMultipartUploadCommand) {
          created.push(`upload-${created.length + 1}`);
          return { $metadata: {}, UploadId: created.at(-1) };
        }
        if (command instanceof AbortMultipartUploadCommand) aborted.push(command.input.UploadId!);
        if (command instanceof CompleteMultipartUploadCommand) completed.push(command.input.UploadId!);
        return { $metadata: {} };
      });
      const send: BlobSender = async (request) => {
        // On the first try, part 1 goes through; then the server dies.
        if (down || (created.length === 1 && new URL(request.url).searchParams.get('partNumber') !== '1')) {
          down = true;
          throw new TypeError('Failed to fetch');
        }
        return { status: 200, etag: 'e1' };
      };
      const queue = new UploadQueue(session, {
        plan: { multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024 },
        partConcurrency: 1,
        retryDelays: [0],
        notifyMs: 5,
        send,
      });
      const [big] = queue.add('b', [file('big.bin', 11 * 1024 * 1024)]);
      const failed = await settled(queue);
      expect(failed.files[0]).toMatchObject({ status: 'failed', multipart: true });
      expect([created, aborted]).toEqual([['upload-1'], []]);

      down = false;
      queue.retry(big.id);
      const done = await settled(queue);
      expect(done.files[0].status).toBe('done');
      // The old upload went first, then a new one was made and completed.
      expect([created, aborted, completed]).toEqual([['upload-1', 'upload-2'], ['upload-1'], ['upload-2']]);
    },
  );
});
