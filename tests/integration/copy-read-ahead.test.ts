// The Copy dialog reads the overwrite check and the picked file's ACL while the person looks at it: a click soon
// after sends the copy at once, against the real RGW. A destination found there is still asked about, and a click
// long after the reading checks again.
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransferJobs, type JobRequest, type JobView } from '../../src/s3/copy/transfer-jobs';
import { bytesOf, publicRead } from './copy-helpers';
import { adminClient, makeSession, withTempBucket } from './sandbox';

afterEach(() => vi.useRealTimers());

/** A Copy dialog's request for one listed file of `from` into the root of `to`, as the dialog builds it. */
async function copyRequest(from: string, key: string, to: string): Promise<JobRequest> {
  const head = await adminClient().send(new HeadObjectCommand({ Bucket: from, Key: key }));
  const listed = { etag: head.ETag!, size: head.ContentLength! };
  const name = key.split('/').pop()!;
  return {
    mode: 'copy',
    fromBucket: from,
    toBucket: to,
    toPrefix: '',
    roots: [{ source: key, destination: name, listed }],
  };
}

/** Prepares `request` as the open dialog does and resolves once its reads ahead (HEAD, ACL) were answered. */
async function preparedJobs(request: JobRequest) {
  const session = makeSession();
  const jobs = new TransferJobs(session);
  const fetchSigned = vi.spyOn(session, 'fetchSigned');
  jobs.prepare(request);
  await vi.waitFor(async () => {
    expect(fetchSigned).toHaveBeenCalledTimes(2);
    await Promise.all(fetchSigned.mock.results.map((result) => result.value));
  });
  fetchSigned.mockClear();
  const ended = new Promise<JobView>((resolve) => jobs.onEnded(resolve));
  const methods = () => fetchSigned.mock.calls.map(([, , init]) => init?.method ?? 'GET');
  return { jobs, session, ended, methods };
}

/** Resolves once the started job asks whether to overwrite `key`. */
async function askedAbout(jobs: TransferJobs, key: string): Promise<void> {
  await vi.waitFor(() => expect(jobs.getSnapshot().conflict?.question.destinationKey).toBe(key));
}

/** Answers the open question with Skip, waits for the job's end, and checks that `key` kept its bytes. */
async function skipKeeps(
  { jobs, ended }: { jobs: TransferJobs; ended: Promise<JobView> },
  to: string,
  key: string,
): Promise<void> {
  jobs.answer({ decision: 'skip' });
  expect((await ended).snapshot.keys.skipped).toBe(1);
  expect((await bytesOf(to, key)).toString()).toBe('kept');
  jobs.destroy();
}

describe('the Copy dialog reads ahead, against RGW', () => {
  it('sends the copy at once on the click, and a public file stays public', async () => {
    await withTempBucket(async (from) => {
      await withTempBucket(async (to) => {
        const key = 'docs/open #1 ü.txt';
        await adminClient().send(
          new PutObjectCommand({ Bucket: from, Key: key, Body: 'shared', ACL: 'public-read' }),
        );
        const request = await copyRequest(from, key, to);
        const { jobs, session, ended, methods } = await preparedJobs(request);
        const send = vi.spyOn(session, 'send');
        jobs.start(request);
        const job = await ended;
        expect(job.snapshot.status).toBe('done');
        // After the click: the copy, then its public grant (RGW never copies an ACL); no check, no ACL read.
        expect(methods()).toEqual(['PUT']);
        expect(send.mock.calls.map(([command]) => command.constructor.name)).toEqual(['PutObjectAclCommand']);
        expect((await bytesOf(to, 'open #1 ü.txt')).toString()).toBe('shared');
        expect(await publicRead(to, 'open #1 ü.txt')).toBe(true);
        jobs.destroy();
      });
    });
  });

  it('asks before overwriting a destination the reading found, and skipping leaves it whole', async () => {
    await withTempBucket(async (from) => {
      await withTempBucket(async (to) => {
        await adminClient().send(new PutObjectCommand({ Bucket: from, Key: 'a/plan.txt', Body: 'new' }));
        await adminClient().send(new PutObjectCommand({ Bucket: to, Key: 'plan.txt', Body: 'kept' }));
        const request = await copyRequest(from, 'a/plan.txt', to);
        const prepared = await preparedJobs(request);
        prepared.jobs.start(request);
        await askedAbout(prepared.jobs, 'plan.txt');
        expect(prepared.methods()).toEqual([]);
        await skipKeeps(prepared, to, 'plan.txt');
      });
    });
  });

  it('checks again when the click starts another job than the one read for (a destination changed just before)', async () => {
    await withTempBucket(async (from) => {
      await withTempBucket(async (to) => {
        await adminClient().send(new PutObjectCommand({ Bucket: from, Key: 'a/plan.txt', Body: 'new' }));
        await adminClient().send(new PutObjectCommand({ Bucket: to, Key: 'b/plan.txt', Body: 'kept' }));
        const read = await copyRequest(from, 'a/plan.txt', to);
        const prepared = await preparedJobs(read);
        const started = { ...read, toPrefix: 'b/', roots: [{ ...read.roots[0], destination: 'b/plan.txt' }] };
        prepared.jobs.start(started);
        await askedAbout(prepared.jobs, 'b/plan.txt');
        expect(prepared.methods()).toContain('GET');
        await skipKeeps(prepared, to, 'b/plan.txt');
      });
    });
  });

  it('checks again when the click comes long after the reading', async () => {
    await withTempBucket(async (from) => {
      await withTempBucket(async (to) => {
        await adminClient().send(new PutObjectCommand({ Bucket: from, Key: 'a/late.txt', Body: 'new' }));
        const request = await copyRequest(from, 'a/late.txt', to);
        const prepared = await preparedJobs(request);
        // Written after the reading said the destination was free.
        await adminClient().send(new PutObjectCommand({ Bucket: to, Key: 'late.txt', Body: 'kept' }));
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
        prepared.jobs.start(request);
        await askedAbout(prepared.jobs, 'late.txt');
        // The overwrite check and the ACL read, sent again.
        expect(prepared.methods()).toEqual(['HEAD', 'GET']);
        await skipKeeps(prepared, to, 'late.txt');
      });
    });
  });
});
