import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { S3AppError } from '../errors';
import { S3Session } from '../session';
import { contentTypeFor } from './content-type';
import { RequestPool } from './request-pool';
import { isRetryable, markPresignExpired, withRetries } from './retry';
import { SpeedMeter } from './speed';
import { parseUploadTuning } from './tuning';
import { UploadQueue, type UploadSnapshot } from './upload-queue';
import { s3HttpError, unquoteEtag, type BlobSender } from './xhr-send';

describe('isRetryable', () => {
  it('retries network errors, 5xx, throttling and expired URLs, not other 4xx or cancels', () => {
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryable(s3HttpError(503, '<Error><Code>SlowDown</Code></Error>'))).toBe(true);
    expect(isRetryable(s3HttpError(500, ''))).toBe(true);
    expect(isRetryable(s3HttpError(400, '<Error><Code>RequestTimeout</Code></Error>'))).toBe(true);
    expect(isRetryable(s3HttpError(403, '<Error><Code>AccessDenied</Code></Error>'))).toBe(false);
    expect(
      isRetryable(markPresignExpired(s3HttpError(403, '<Error><Code>AccessDenied</Code></Error>'))),
    ).toBe(true);
    expect(isRetryable(s3HttpError(404, '<Error><Code>NoSuchUpload</Code></Error>'))).toBe(false);
    expect(isRetryable(new DOMException('x', 'AbortError'))).toBe(false);
  });
});

describe('withRetries', () => {
  it('tries again after a retryable failure and gives up on a final one', async () => {
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw new TypeError('blip');
        return 'ok';
      },
      { delays: [0, 0, 0] },
    );
    expect([value, calls]).toEqual(['ok', 3]);

    calls = 0;
    const denied = s3HttpError(403, '<Error><Code>AccessDenied</Code><Message>No &amp; no</Message></Error>');
    await expect(
      withRetries(
        async () => {
          calls++;
          throw denied;
        },
        { delays: [0, 0] },
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied', message: 'No & no' });
    expect(calls).toBe(1);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const run = withRetries(
      async () => {
        throw new TypeError('down');
      },
      { delays: [60_000], signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('RequestPool', () => {
  it('keeps at most `limit` tasks running, in order', async () => {
    const pool = new RequestPool(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      order.push(n);
      running--;
    };
    await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(task(n))));
    expect(peak).toBe(2);
    expect(order).toHaveLength(5);
  });

  it('lets a waiting task be cancelled', async () => {
    const pool = new RequestPool(1);
    let release!: () => void;
    const first = pool.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const second = pool.run(async () => 'ran', controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await first;
    await expect(pool.run(async () => 'free')).resolves.toBe('free');
  });
});

describe('SpeedMeter', () => {
  it('measures the recent rate and falls when bytes stop', () => {
    const meter = new SpeedMeter(3000);
    for (let t = 0; t <= 2000; t += 100) meter.add(t, 100_000);
    expect(meter.rate(2000)).toBeCloseTo(1_000_000, -4);
    expect(meter.rate(4000)).toBeLessThan(600_000);
    expect(meter.rate(10_000)).toBe(0);
  });
});

describe('contentTypeFor', () => {
  it('prefers the browser type, then the extension', () => {
    expect(contentTypeFor('a.bin', 'image/png')).toBe('image/png');
    expect(contentTypeFor('notes.MD')).toBe('text/markdown');
    expect(contentTypeFor('photo.jpeg')).toBe('image/jpeg');
    expect(contentTypeFor('README')).toBe('application/octet-stream');
    expect(contentTypeFor('x.txt', 'text/plain\r\nx: y')).toBe('text/plain');
  });
});

describe('unquoteEtag', () => {
  it('strips quotes and weak markers', () => {
    expect(unquoteEtag('"abc-3"')).toBe('abc-3');
    expect(unquoteEtag('W/"x"')).toBe('x');
    expect(unquoteEtag(null)).toBeUndefined();
  });
});

describe('parseUploadTuning', () => {
  it('takes known, sane values and ignores the rest', () => {
    expect(
      parseUploadTuning('{"multipartThreshold":0,"partSize":5242880,"partConcurrency":4,"evil":"x"}'),
    ).toEqual({ plan: { multipartThreshold: 0, partSize: 5242880 }, partConcurrency: 4 });
    expect(parseUploadTuning('{"partConcurrency":1000,"requestLimit":-1,"partSize":"big"}')).toEqual({});
    expect(parseUploadTuning('not json')).toEqual({});
    expect(parseUploadTuning(null)).toEqual({});
  });
});

describe('UploadQueue: a multipart upload whose server died', () => {
  const session = new S3Session(
    {
      id: 'p',
      label: 'p',
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      pathStyle: true,
      transport: 'direct',
    },
    { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    null,
    'http://app.test',
  );
  const unreachable = () => new S3AppError('unreachable', 'No answer.', '', { code: 'NetworkError' });

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

  it(
    'aborts the upload it could not abort then before Retry starts a new one',
    { timeout: 30_000 },
    async () => {
      let down = false;
      const created: string[] = [];
      const aborted: string[] = [];
      const completed: string[] = [];
      // The session's calls (Create, Abort, Complete) and the part sender share one fault: the server is down.
      vi.spyOn(session, 'send').mockImplementation(async (command: object) => {
        if (down) throw unreachable();
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
      const [file] = queue.add('b', [{ key: 'big.bin', body: new Blob([new Uint8Array(11 * 1024 * 1024)]) }]);
      const failed = await settled(queue);
      expect(failed.files[0]).toMatchObject({ status: 'failed', multipart: true });
      expect([created, aborted]).toEqual([['upload-1'], []]);

      down = false;
      queue.retry(file.id);
      const done = await settled(queue);
      expect(done.files[0].status).toBe('done');
      // The old upload went first, then a new one was made and completed.
      expect([created, aborted, completed]).toEqual([['upload-1', 'upload-2'], ['upload-1'], ['upload-2']]);
    },
  );
});
