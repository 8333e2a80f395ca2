// Folder jobs against the real RGW: a move interrupted midway never loses a key and Retry finishes it (checked
// from Node key by key), conflicts settled by policy, a source changed after listing, across connections.
import crypto from 'node:crypto';
import {
  CopyObjectCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import type { ConflictAnswer, ConflictQuestion } from '../../src/s3/copy/conflicts';
import { intoFolder, renamed } from '../../src/s3/copy/plan';
import { TransferJob, type TransferJobOptions, type TransferSnapshot } from '../../src/s3/copy/transfer-job';
import { S3AppError } from '../../src/s3/errors';
import type { S3Session } from '../../src/s3/session';
import { MiB } from '../../src/s3/upload/part-plan';
import { bytesOf, exists, HARD_KEYS, publicRead, tagsOf, withOtherUserBucket } from './copy-helpers';
import { fetchSend } from './fetch-send';
import { adminClient, makeSession, putObjects, sandbox, withTempBucket } from './sandbox';

const overwriteAll = (): ConflictAnswer => ({ decision: 'overwrite', applyToAll: true });

/** A folder with nested, hard and empty keys, and its folder marker. */
function folderContents(prefix: string, count: number): Map<string, Buffer> {
  const contents = new Map<string, Buffer>([[prefix, Buffer.alloc(0)]]);
  for (const key of HARD_KEYS) contents.set(`${prefix}${key}`, crypto.randomBytes(100));
  for (let i = 0; contents.size < count; i++) {
    contents.set(`${prefix}sub ${i % 3}/file ${i}.txt`, crypto.randomBytes(10 + i));
  }
  return contents;
}

/** Every key is at its source, its destination or both, and each copy that exists holds the original bytes. */
async function expectNoKeyLost(bucket: string, contents: Map<string, Buffer>, from: string, to: string) {
  for (const [key, body] of contents) {
    const destination = `${to}${key.slice(from.length)}`;
    const atSource = await exists(bucket, key);
    const atDestination = await exists(bucket, destination);
    expect(atSource || atDestination, key).toBe(true);
    if (atSource) expect((await bytesOf(bucket, key)).equals(body), key).toBe(true);
    if (atDestination) expect((await bytesOf(bucket, destination)).equals(body), destination).toBe(true);
  }
}

async function expectMoved(bucket: string, contents: Map<string, Buffer>, from: string, to: string) {
  for (const [key, body] of contents) {
    const destination = `${to}${key.slice(from.length)}`;
    expect(await exists(bucket, key), key).toBe(false);
    expect((await bytesOf(bucket, destination)).equals(body), destination).toBe(true);
  }
}

/** Makes `session.send` fail for the commands `fault` picks, while `fault` returns an error. */
function injectFault(session: S3Session, fault: (command: object) => Error | undefined) {
  const send = session.send.bind(session);
  return vi.spyOn(session, 'send').mockImplementation(async (command, target) => {
    const error = fault(command);
    if (error) throw error;
    return send(command, target);
  });
}

const dropped = () =>
  new S3AppError('unreachable', 'Could not reach the endpoint.', 'Check it.', { code: 'ECONNRESET' });

describe('TransferJob against RGW', () => {
  it('a folder rename cancelled midway loses no key, and Retry completes it', async () => {
    await withTempBucket(async (bucket) => {
      const contents = folderContents('photos/', 40);
      await putObjects(bucket, contents);
      const session = makeSession();
      const job = new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [renamed('photos/', 'pictures ü')],
        onConflict: overwriteAll,
        concurrency: 3,
        notifyMs: 5,
      });
      let copies = 0;
      injectFault(session, (command) => {
        if (command instanceof CopyObjectCommand && ++copies === 15) job.cancel();
        return undefined;
      });
      const cancelled = await job.start();
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.keys.total).toBe(40);
      expect(cancelled.failures.length).toBeGreaterThan(0);
      expect(cancelled.failures.every((f) => f.error.kind === 'aborted')).toBe(true);
      await expectNoKeyLost(bucket, contents, 'photos/', 'pictures ü/');

      const retried = await job.retryFailed();
      expect(retried.status).toBe('done');
      expect(retried.keys).toEqual({ done: 40, total: 40, skipped: 0, failed: 0, copied: 0 });
      expect(retried.bytes.done).toBe(retried.bytes.total);
      await expectMoved(bucket, contents, 'photos/', 'pictures ü/');
    });
  });

  it('a dropped connection during the deletes keeps both copies, and Retry deletes the sources', async () => {
    await withTempBucket(async (bucket) => {
      const contents = folderContents('a/docs/', 25);
      await putObjects(bucket, contents);
      const session = makeSession();
      let fail = true;
      injectFault(session, (command) =>
        fail && command instanceof DeleteObjectsCommand ? dropped() : undefined,
      );
      const job = new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [intoFolder('a/docs/', 'b/')],
        onConflict: overwriteAll,
        notifyMs: 5,
      });
      const first = await job.start();
      expect(first.status).toBe('failed');
      expect(first.keys.failed).toBe(25);
      expect(first.failures.every((f) => f.stage === 'delete' && f.error.kind === 'unreachable')).toBe(true);
      expect(first.bytes.done).toBe(first.bytes.total);
      await expectNoKeyLost(bucket, contents, 'a/docs/', 'b/docs/');
      for (const key of contents.keys()) expect(await exists(bucket, key)).toBe(true);

      fail = false;
      const retried = await job.retryFailed();
      expect(retried.status).toBe('done');
      await expectMoved(bucket, contents, 'a/docs/', 'b/docs/');
    });
  });

  it('a source the server refuses to delete stays beside its copy, named; Retry moves it once allowed', async () => {
    await withTempBucket(async (bucket) => {
      const contents = folderContents('keep/', 12);
      await putObjects(bucket, contents);
      const guarded = 'keep/sp ace.txt';
      const s3 = adminClient();
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:DeleteObject',
                Resource: `arn:aws:s3:::${bucket}/${guarded}`,
              },
            ],
          }),
        }),
      );
      const session = makeSession();
      const job = new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [renamed('keep/', 'kept')],
        onConflict: overwriteAll,
      });
      const first = await job.start();
      expect(first.status).toBe('failed');
      expect(first.failures).toHaveLength(1);
      expect(first.failures[0]).toMatchObject({ sourceKey: guarded, stage: 'delete' });
      expect(first.failures[0].error.kind).toBe('access-denied');
      expect(first.failures[0].error.message).toContain(guarded);
      await expectNoKeyLost(bucket, contents, 'keep/', 'kept/');
      expect(await exists(bucket, guarded)).toBe(true);

      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      const retried = await job.retryFailed();
      expect(retried.status).toBe('done');
      await expectMoved(bucket, contents, 'keep/', 'kept/');
    });
  });

  it('a moved public file stays public, with its tags and metadata, in parts above the threshold', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      const big = crypto.randomBytes(11 * MiB);
      const common = {
        ACL: 'public-read',
        Tagging: 'a=1',
        Metadata: { m: 'v' },
        ContentType: 'image/png',
      } as const;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'pub/big.png', Body: big, ...common }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'pub/small.png', Body: 'png', ...common }));
      const session = makeSession();
      const done = await new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [renamed('pub/', 'public')],
        onConflict: overwriteAll,
        tuning: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
      }).start();
      expect(done.status).toBe('done');
      for (const key of ['public/big.png', 'public/small.png']) {
        expect(await publicRead(bucket, key), key).toBe(true);
        expect(await tagsOf(bucket, key), key).toEqual([{ Key: 'a', Value: '1' }]);
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        expect(head).toMatchObject({ ContentType: 'image/png', Metadata: { m: 'v' } });
      }
      expect((await bytesOf(bucket, 'public/big.png')).equals(big)).toBe(true);
      expect(await exists(bucket, 'pub/big.png')).toBe(false);
    });
  });

  it('keeps both with name (n).ext against real keys; "apply to all" asks once; skip and overwrite', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [
        ['src/x.txt', 'new x'],
        ['src/y.tar.gz', 'new y'],
        ['src/z', 'new z'],
        ['dst/x.txt', 'old x'],
        ['dst/x (1).txt', 'old x1'],
        ['dst/y.tar.gz', 'old y'],
        ['dst/z', 'old z'],
      ]);
      const session = makeSession();
      const asked: ConflictQuestion[] = [];
      const job = new TransferJob({
        mode: 'copy',
        from: { session, bucket },
        to: { session, bucket },
        roots: ['src/x.txt', 'src/y.tar.gz', 'src/z'].map((key) => intoFolder(key, 'dst/')),
        onConflict: (question) => {
          asked.push(question);
          return { decision: 'keep-both', applyToAll: true };
        },
      });
      const done = await job.start();
      expect(done.status).toBe('done');
      expect(asked).toEqual([{ sourceKey: 'src/x.txt', destinationKey: 'dst/x.txt', remaining: 2 }]);
      expect((await bytesOf(bucket, 'dst/x (2).txt')).toString()).toBe('new x');
      expect((await bytesOf(bucket, 'dst/y (1).tar.gz')).toString()).toBe('new y');
      expect((await bytesOf(bucket, 'dst/z (1)')).toString()).toBe('new z');
      expect((await bytesOf(bucket, 'dst/x.txt')).toString()).toBe('old x');

      const answers: ConflictAnswer['decision'][] = ['skip', 'overwrite', 'skip'];
      const second = await new TransferJob({
        mode: 'copy',
        from: { session, bucket },
        to: { session, bucket },
        roots: ['src/x.txt', 'src/y.tar.gz', 'src/z'].map((key) => intoFolder(key, 'dst/')),
        onConflict: () => ({ decision: answers.shift()! }),
      }).start();
      expect(second.keys).toEqual({ done: 3, total: 3, skipped: 2, failed: 0, copied: 0 });
      expect((await bytesOf(bucket, 'dst/x.txt')).toString()).toBe('old x');
      expect((await bytesOf(bucket, 'dst/y.tar.gz')).toString()).toBe('new y');
    });
  });

  it('a folder is checked for conflicts under its own destination, not the whole folder it goes into', async () => {
    await withTempBucket(async (bucket) => {
      // More keys than are checked one HEAD each: the check lists.
      const many = Array.from({ length: 70 }, (_, i): [string, string] => [`src/docs/f${i}.txt`, `f${i}`]);
      await putObjects(bucket, [
        ['src/docs/a.txt', 'new a'],
        ['src/docs/sub/b.txt', 'new b'],
        ...many,
        ['dst/docs/a.txt', 'old a'],
        ['dst/other/c.txt', 'unrelated'],
      ]);
      const session = makeSession();
      const prefixes: Array<string | undefined> = [];
      injectFault(session, (command) => {
        if (command instanceof ListObjectsV2Command) prefixes.push(command.input.Prefix);
        return undefined;
      });
      const asked: ConflictQuestion[] = [];
      const done = await new TransferJob({
        mode: 'copy',
        from: { session, bucket },
        to: { session, bucket },
        roots: [intoFolder('src/docs/', 'dst/')],
        onConflict: (question) => {
          asked.push(question);
          return { decision: 'skip' };
        },
      }).start();
      expect(done.keys).toEqual({ done: 72, total: 72, skipped: 1, failed: 0, copied: 0 });
      expect(asked.map((q) => q.destinationKey)).toEqual(['dst/docs/a.txt']);
      // The source listing, then the destination's: `dst/docs/` (its files, then its subfolder), never `dst/`.
      expect(prefixes.filter((prefix) => prefix?.startsWith('dst/'))).toEqual(['dst/docs/', 'dst/docs/sub/']);
      expect((await bytesOf(bucket, 'dst/docs/a.txt')).toString()).toBe('old a');
      expect((await bytesOf(bucket, 'dst/docs/sub/b.txt')).toString()).toBe('new b');
    });
  });

  it('refuses a key that changed after the listing, naming it; a too-long destination fails alone', async () => {
    await withTempBucket(async (bucket) => {
      const long = `${'n'.repeat(1010)}.txt`;
      await putObjects(bucket, [
        ['in/a.txt', 'a'],
        ['in/b.txt', 'b'],
        ['in/c.txt', 'c'],
        [`in/${long}`, 'long'],
        ['out/deep/in/a.txt', 'old a'],
      ]);
      const session = makeSession();
      const job = new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [intoFolder('in/', 'out/deep/')],
        // While the person decides, someone rewrites b.txt.
        onConflict: async () => {
          await adminClient().send(new PutObjectCommand({ Bucket: bucket, Key: 'in/b.txt', Body: 'b2' }));
          return { decision: 'overwrite' };
        },
      });
      const result = await job.start();
      expect(result.status).toBe('failed');
      const byKey = new Map(result.failures.map((f) => [f.sourceKey, f.error]));
      expect(byKey.get('in/b.txt')?.kind).toBe('source-changed');
      expect(byKey.get('in/b.txt')?.message).toContain('"b.txt"');
      expect(byKey.get(`in/${long}`)?.kind).toBe('key-too-long');
      expect(result.failures).toHaveLength(2);
      expect((await bytesOf(bucket, 'in/b.txt')).toString()).toBe('b2');
      expect(await exists(bucket, 'out/deep/in/b.txt')).toBe(false);
      expect((await bytesOf(bucket, 'out/deep/in/a.txt')).toString()).toBe('a');
      expect(await exists(bucket, 'in/a.txt')).toBe(false);

      // Retry copies what b.txt is now; the too-long key stays refused.
      const retried = await job.retryFailed();
      expect(retried.failures.map((f) => f.error.kind)).toEqual(['key-too-long']);
      expect((await bytesOf(bucket, 'out/deep/in/b.txt')).toString()).toBe('b2');
      expect(await exists(bucket, 'in/b.txt')).toBe(false);
    });
  });

  it('a picked file gone since it was listed fails alone; the others are moved', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['f/a.txt', 'a']]);
      const session = makeSession();
      const done = await new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: ['f/a.txt', 'f/gone.txt'].map((key) => intoFolder(key, 'g/')),
        onConflict: overwriteAll,
      }).start();
      expect(done.status).toBe('failed');
      expect(done.failures.map((f) => [f.sourceKey, f.error.kind])).toEqual([['f/gone.txt', 'no-such-key']]);
      expect((await bytesOf(bucket, 'g/a.txt')).toString()).toBe('a');
      expect(await exists(bucket, 'f/a.txt')).toBe(false);
    });
  });

  it('picked files as listed are not read again: one changed since fails by name, one gone fails alone', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [
        ['f/a.txt', 'a'],
        ['f/b.txt', 'b'],
      ]);
      const listed = async (key: string) => {
        const head = await adminClient().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { etag: head.ETag!, size: head.ContentLength! };
      };
      const roots = [
        intoFolder('f/a.txt', 'g/', await listed('f/a.txt')),
        intoFolder('f/b.txt', 'g/', await listed('f/b.txt')),
        intoFolder('f/gone.txt', 'g/', { etag: '"0cc175b9c0f1b6a831c399e269772661"', size: 1 }),
      ];
      await adminClient().send(new PutObjectCommand({ Bucket: bucket, Key: 'f/b.txt', Body: 'b2' }));
      const session = makeSession();
      const heads = vi.spyOn(session, 'send');
      const done = await new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots,
        onConflict: overwriteAll,
      }).start();
      const sourceHeads = heads.mock.calls.filter(
        ([command, target]) => command instanceof HeadObjectCommand && target?.key?.startsWith('f/'),
      );
      expect(sourceHeads).toEqual([]);
      expect(done.failures.map((f) => [f.sourceKey, f.error.kind])).toEqual([
        ['f/b.txt', 'source-changed'],
        ['f/gone.txt', 'no-such-key'],
      ]);
      expect((await bytesOf(bucket, 'g/a.txt')).toString()).toBe('a');
      expect(await exists(bucket, 'f/a.txt')).toBe(false);
      expect((await bytesOf(bucket, 'f/b.txt')).toString()).toBe('b2');
      expect(await exists(bucket, 'g/b.txt')).toBe(false);
    });
  });

  it('copies a folder between two users, streamed, with progress to the last byte', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        const contents = new Map<string, Buffer>([
          ['share/big.bin', crypto.randomBytes(6 * MiB)],
          ['share/sp ace+%.txt', Buffer.from('small')],
          ['share/n/ü.txt', Buffer.from('unicode')],
        ]);
        await putObjects(from, contents);
        const snapshots: TransferSnapshot[] = [];
        const options: TransferJobOptions = {
          mode: 'copy',
          from: { session: makeSession(), bucket: from },
          to: {
            session: makeSession({
              accessKeyId: sandbox().other.accessKey,
              secretAccessKey: sandbox().other.secretKey,
            }),
            bucket: to,
          },
          roots: [intoFolder('share/', 'backup')],
          onConflict: overwriteAll,
          tuning: { streamPartSize: 5 * MiB },
          send: fetchSend,
          notifyMs: 1,
        };
        const job = new TransferJob(options);
        job.subscribe(() => snapshots.push(job.getSnapshot()));
        const done = await job.start();
        expect(done.status).toBe('done');
        expect(done.bytes).toEqual({ done: 6 * MiB + 12, total: 6 * MiB + 12 });
        expect(snapshots.map((s) => s.status)).toContain('running');
        for (const [key, body] of contents) {
          expect((await bytesOf(to, `backup/${key}`, other)).equals(body)).toBe(true);
          expect(await exists(from, key)).toBe(true);
        }
      });
    });
  });

  it('moves a folder between two users: copies verified on the other side, sources deleted', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        const contents = folderContents('mv/', 14);
        await putObjects(from, contents);
        const done = await new TransferJob({
          mode: 'move',
          from: { session: makeSession(), bucket: from },
          to: {
            session: makeSession({
              accessKeyId: sandbox().other.accessKey,
              secretAccessKey: sandbox().other.secretKey,
            }),
            bucket: to,
          },
          roots: [intoFolder('mv/', '')],
          onConflict: overwriteAll,
          send: fetchSend,
        }).start();
        expect(done.status).toBe('done');
        for (const [key, body] of contents) {
          expect((await bytesOf(to, key, other)).equals(body), key).toBe(true);
          expect(await exists(from, key), key).toBe(false);
        }
      });
    });
  });
});
