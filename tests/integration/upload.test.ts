// The upload engine against the real RGW, from Node: the page's XMLHttpRequest sender is swapped for fetch (the
// engine takes its sender as a parameter), and faults are injected by wrapping that sender.
import crypto from 'node:crypto';
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { findExistingKeys, signHeads } from '../../src/s3/upload/existing-keys';
import { MiB } from '../../src/s3/upload/part-plan';
import { UploadQueue, type QueueOptions, type UploadSnapshot } from '../../src/s3/upload/upload-queue';
import {
  etagHiddenError,
  s3HttpError,
  type BlobRequest,
  type BlobSender,
} from '../../src/s3/upload/xhr-send';
import { fetchSend } from './fetch-send';
import { adminClient, makeSession, putObjects, withTempBucket } from './sandbox';

const partNumberOf = (request: BlobRequest) => Number(new URL(request.url).searchParams.get('partNumber'));

/** Small parts, so a few MiB exercise the multipart path. */
const SMALL_PARTS: QueueOptions = {
  plan: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
  retryDelays: [0, 50, 50],
  notifyMs: 5,
};

function queueFor(options: QueueOptions = {}) {
  return new UploadQueue(makeSession(), { send: fetchSend, ...SMALL_PARTS, ...options });
}

function settled(queue: UploadQueue): Promise<UploadSnapshot> {
  return new Promise((resolve) => {
    const check = () => {
      const snapshot = queue.getSnapshot();
      if (snapshot.totals.files > 0 && snapshot.totals.active === 0) {
        unsubscribe();
        resolve(snapshot);
      }
    };
    // Only fresh snapshots: right after add() or retry() the current one still shows the previous state.
    const unsubscribe = queue.subscribe(check);
  });
}

async function stored(bucket: string, key: string) {
  const object = await adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { bytes: Buffer.from(await object.Body!.transformToByteArray()), type: object.ContentType };
}

async function openUploads(bucket: string) {
  const list = await adminClient().send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return list.Uploads ?? [];
}

const md5 = (bytes: Uint8Array) => crypto.createHash('md5').update(bytes).digest('hex');
const randomFile = (size: number, name = 'f.bin', type = '') =>
  new File([crypto.randomBytes(size)], name, { type });

describe('upload engine against RGW', () => {
  it('stores odd keys, an empty file and content types byte for byte', async () => {
    await withTempBucket(async (bucket) => {
      const queue = queueFor();
      const files = {
        'in dir/a b+c%#?&=ü😀.txt': new File(['hello\n'], 'x.txt', { type: 'text/plain' }),
        'empty.dat': new File([], 'empty.dat'),
        'notes.md': new File(['# t'], 'notes.md'),
        'img.png': randomFile(3000, 'img.png', 'image/png'),
      };
      queue.add(
        bucket,
        Object.entries(files).map(([key, body]) => ({ key, body })),
      );
      const done = await settled(queue);
      expect(done.totals).toMatchObject({ files: 4, done: 4, failed: 0, loaded: done.totals.size });
      for (const [key, file] of Object.entries(files)) {
        const object = await stored(bucket, key);
        expect(md5(object.bytes), key).toBe(md5(new Uint8Array(await file.arrayBuffer())));
      }
      expect((await stored(bucket, 'notes.md')).type).toBe('text/markdown');
      expect((await stored(bucket, 'img.png')).type).toBe('image/png');
      expect((await stored(bucket, 'empty.dat')).type).toBe('application/octet-stream');
    });
  });

  it('sends a multipart file whose parts fail once (500, network) and stores the right bytes', async () => {
    await withTempBucket(async (bucket) => {
      const failedOnce = new Set<number>();
      const attempts: number[] = [];
      const flaky: BlobSender = async (request) => {
        const part = partNumberOf(request);
        attempts.push(part);
        if ((part === 2 || part === 3) && !failedOnce.has(part)) {
          failedOnce.add(part);
          if (part === 2) throw s3HttpError(500, '<Error><Code>InternalError</Code></Error>');
          throw new TypeError('fetch failed');
        }
        return fetchSend(request);
      };
      const queue = queueFor({ send: flaky });
      const file = randomFile(12 * MiB + 3);
      const [added] = queue.add(bucket, [{ key: 'big.bin', body: file }]);
      expect(added.multipart).toBe(true);
      const done = await settled(queue);
      expect(done.files[0].error?.message).toBeUndefined();
      expect(done.files[0]).toMatchObject({ status: 'done', loaded: file.size });
      expect(attempts.sort()).toEqual([1, 2, 2, 3, 3]);
      const object = await stored(bucket, 'big.bin');
      expect(md5(object.bytes)).toBe(md5(new Uint8Array(await file.arrayBuffer())));
      expect(object.type).toBe('application/octet-stream');
      expect(await openUploads(bucket)).toEqual([]);
    });
  });

  it('gives up on a part refused with 4xx, aborts the upload, and can retry the file', async () => {
    await withTempBucket(async (bucket) => {
      let refuse = true;
      let refusals = 0;
      const sender: BlobSender = async (request) => {
        if (refuse && partNumberOf(request) === 2) {
          refusals++;
          throw s3HttpError(403, '<Error><Code>AccessDenied</Code></Error>');
        }
        return fetchSend(request);
      };
      const queue = queueFor({ send: sender });
      const file = randomFile(11 * MiB);
      const [added] = queue.add(bucket, [{ key: 'denied.bin', body: file }]);
      const failed = await settled(queue);
      expect(failed.files[0].status).toBe('failed');
      expect(failed.files[0].error).toMatchObject({ kind: 'access-denied', code: 'AccessDenied' });
      expect(refusals).toBe(1);
      expect(await openUploads(bucket)).toEqual([]);

      refuse = false;
      queue.retry(added.id);
      const done = await settled(queue);
      expect(done.files[0].status).toBe('done');
      expect(md5((await stored(bucket, 'denied.bin')).bytes)).toBe(
        md5(new Uint8Array(await file.arrayBuffer())),
      );
    });
  });

  it('a server that dies mid-upload keeps it; Retry aborts that upload, then sends the file anew', async () => {
    await withTempBucket(async (bucket) => {
      let down = false;
      let died = false;
      const session = makeSession();
      // The fault covers both ways to the server: the session's SDK calls (so the abort on failure fails too)...
      session.directClient.middlewareStack.add(
        (next) => async (args) => {
          if (down) throw new TypeError('fetch failed');
          return next(args);
        },
        { step: 'initialize', name: 'serverDown' },
      );
      // ...and the part sender: part 1 is stored, then the server goes away.
      const dying: BlobSender = async (request) => {
        if (partNumberOf(request) === 2 && !died) died = down = true;
        if (down) throw new TypeError('fetch failed');
        return fetchSend(request);
      };
      const queue = new UploadQueue(session, { ...SMALL_PARTS, send: dying, partConcurrency: 1 });
      const file = randomFile(11 * MiB);
      const [added] = queue.add(bucket, [{ key: 'dies.bin', body: file }]);
      const failed = await settled(queue);
      expect(failed.files[0]).toMatchObject({ status: 'failed', error: { kind: 'unreachable' } });
      // The abort on failure could not reach the server either: the upload is still there, holding part 1.
      expect((await openUploads(bucket)).map((upload) => upload.Key)).toEqual(['dies.bin']);

      down = false;
      queue.retry(added.id);
      const done = await settled(queue);
      expect(done.files[0].status).toBe('done');
      expect(md5((await stored(bucket, 'dies.bin')).bytes)).toBe(
        md5(new Uint8Array(await file.arrayBuffer())),
      );
      expect(await openUploads(bucket)).toEqual([]);
    });
  });

  it('says so when the ETag header is unreadable, instead of hanging, and leaves no parts', async () => {
    await withTempBucket(async (bucket) => {
      const hidden: BlobSender = async (request) => {
        const response = await fetchSend({ ...request, requireEtag: false });
        if (request.requireEtag) throw etagHiddenError();
        return response;
      };
      const queue = queueFor({ send: hidden });
      queue.add(bucket, [{ key: 'no-etag.bin', body: randomFile(6 * MiB) }]);
      const failed = await settled(queue);
      expect(failed.files[0].error).toMatchObject({ kind: 'cors', code: 'ETagNotExposed' });
      expect(failed.files[0].error?.hint).toMatch(/ExposeHeaders/);
      expect(await openUploads(bucket)).toEqual([]);
    });
  });

  it('cancelled midway, aborts the multipart upload on the server', async () => {
    await withTempBucket(async (bucket) => {
      let sentParts = 0;
      let holdRelease!: () => void;
      const hold = new Promise<void>((resolve) => (holdRelease = resolve));
      const slow: BlobSender = async (request) => {
        if (partNumberOf(request) === 1) {
          const response = await fetchSend(request);
          sentParts++;
          return response;
        }
        // Later parts hang until cancelled, like a slow network.
        await Promise.race([
          hold,
          new Promise((_, reject) =>
            request.signal?.addEventListener('abort', () => reject(new DOMException('x', 'AbortError'))),
          ),
        ]);
        return fetchSend(request);
      };
      const queue = queueFor({ send: slow, partConcurrency: 1 });
      const [added] = queue.add(bucket, [{ key: 'cancel.bin', body: randomFile(16 * MiB) }]);
      await expect.poll(() => sentParts).toBe(1);
      expect(await openUploads(bucket)).toHaveLength(1);
      queue.cancel(added.id);
      expect(queue.getSnapshot().files[0].status).not.toBe('done');
      const cancelled = await settled(queue);
      expect(cancelled.files[0].status).toBe('cancelled');
      expect(await openUploads(bucket)).toEqual([]);
      holdRelease();
    });
  });

  it('shares the request limit across files and counts the batch', async () => {
    await withTempBucket(async (bucket) => {
      let inFlight = 0;
      let peak = 0;
      const counting: BlobSender = async (request) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await fetchSend(request);
        } finally {
          inFlight--;
        }
      };
      const queue = queueFor({ send: counting, requestLimit: 3 });
      const files = Array.from({ length: 12 }, (_, i) => ({ key: `many/${i}.txt`, body: randomFile(1000) }));
      queue.add(bucket, files);
      const done = await settled(queue);
      expect(done.totals).toMatchObject({ files: 12, done: 12, size: 12_000, loaded: 12_000 });
      expect(peak).toBeLessThanOrEqual(3);
      queue.clearFinished();
      await expect.poll(() => queue.getSnapshot().files.length).toBe(0);
    });
  });
});

describe('findExistingKeys', () => {
  it('finds existing keys one by one for a few files, and by listing for many', async () => {
    await withTempBucket(async (bucket) => {
      const session = makeSession();
      const existing = Array.from({ length: 30 }, (_, i) => `top/dir/e${i}.txt`);
      await putObjects(
        bucket,
        [...existing, 'top/here.txt', 'top/x y+z.txt'].map((k) => [k, 'x']),
      );
      const few = await findExistingKeys(session, bucket, ['top/here.txt', 'top/x y+z.txt', 'top/new.txt'], {
        prefix: 'top/',
      });
      expect([...few].sort()).toEqual(['top/here.txt', 'top/x y+z.txt']);

      const many = [
        ...existing,
        ...Array.from({ length: 100 }, (_, i) => `top/dir/n${i}.txt`),
        'top/here.txt',
      ];
      const found = await findExistingKeys(session, bucket, many, { prefix: 'top/' });
      expect([...found].sort()).toEqual([...existing, 'top/here.txt'].sort());
    });
  });

  it('answers the same with HEADs signed ahead, and asks again the usual way when a signed one is refused', async () => {
    await withTempBucket(async (bucket) => {
      const session = makeSession();
      const here = ['q?mark.txt', 'pct%41.txt', 'sp ace+plus.txt', 'ünï/cödé.txt', 'a//b.txt'];
      await putObjects(
        bucket,
        here.map((k) => [k, 'x']),
      );
      const keys = [...here, 'pctA.txt', 'q', 'new.txt'];
      const signed = await signHeads(session, bucket, keys);
      expect(signed?.urls.size).toBe(keys.length);
      const sent = vi.spyOn(session, 'send');
      const found = await findExistingKeys(session, bucket, keys, { signed });
      expect([...found].sort()).toEqual([...here].sort());
      expect(sent).not.toHaveBeenCalled();

      // A URL the server refuses (403, as an expired one) is no answer: the key is asked with a signed request.
      const refused = new Map(
        [...signed!.urls].map(([key, url]) => [key, url.replace(/Signature=\w+/, 'Signature=0')]),
      );
      const again = await findExistingKeys(session, bucket, keys, { signed: { ...signed!, urls: refused } });
      expect([...again].sort()).toEqual([...here].sort());
      expect(sent).toHaveBeenCalledTimes(keys.length);
      // Signed for another bucket, or long ago: not used.
      const elsewhere = await findExistingKeys(session, bucket, keys, {
        signed: { ...signed!, bucket: 'other' },
      });
      expect([...elsewhere].sort()).toEqual([...here].sort());
    });
  });
});
