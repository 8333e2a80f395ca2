import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3AppError } from '../s3/errors';
import { renderConnected } from '../testing/render-connected';
import { s3Keys } from './query-keys';
import { planInto, useTransferJobs, useTransferStore } from './use-transfer-jobs';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

/** A bucket "b" as S3 answers the commands a job sends: heads, flat listings, copies, ACL reads, deletes. */
function fakeBucket(initial: Record<string, string>) {
  const objects = new Map(Object.entries(initial));
  const etag = (key: string) => `"${objects.get(key)}"`;
  const answer = async (command: { input: object }) => {
    if (command instanceof HeadObjectCommand) {
      const key = command.input.Key!;
      if (!objects.has(key))
        throw new S3AppError('no-such-key', 'Not found.', '', { code: 'NotFound', status: 404 });
      return { ContentLength: objects.get(key)!.length, ETag: etag(key) };
    }
    if (command instanceof ListObjectsV2Command) {
      const prefix = command.input.Prefix ?? '';
      const keys = [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
      return {
        Contents: keys.map((Key) => ({ Key, Size: objects.get(Key)!.length, ETag: etag(Key) })),
        IsTruncated: false,
      };
    }
    if (command instanceof CopyObjectCommand) {
      const source = command.input.CopySource!.split('/').slice(1).map(decodeURIComponent).join('/');
      objects.set(command.input.Key!, objects.get(source)!);
      return { CopyObjectResult: { ETag: etag(command.input.Key!) } };
    }
    if (command instanceof GetObjectAclCommand) return { Grants: [], Owner: { ID: 'me' } };
    if (command instanceof DeleteObjectsCommand) {
      for (const { Key } of command.input.Delete!.Objects!) objects.delete(Key!);
      return { Errors: [] };
    }
    throw new Error(`unexpected ${command.constructor.name}`);
  };
  return { objects, answer };
}

const useJobs = () => ({ snapshot: useTransferJobs(), store: useTransferStore() });

describe('useTransferJobs', () => {
  it('routes a conflict to the open question; Keep both copies beside it; both buckets refresh at the end', async () => {
    const bucket = fakeBucket({ 'a.txt': 'new', 'dst/a.txt': 'old' });
    const { result, queryClient } = await renderConnected(useJobs, bucket.answer);
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    act(() => {
      result.current.store.start({
        mode: 'copy',
        fromBucket: 'b',
        toBucket: 'b',
        toPrefix: 'dst/',
        roots: planInto(['a.txt'], { bucket: 'b' }, { bucket: 'b', prefix: 'dst/' }),
      });
    });
    await waitFor(() => expect(result.current.snapshot.conflict?.question.destinationKey).toBe('dst/a.txt'));
    expect(result.current.snapshot.jobs[0].snapshot.status).toBe('asking');
    act(() => result.current.store.answer({ decision: 'keep-both' }));
    await waitFor(() => expect(result.current.snapshot.jobs[0].snapshot.status).toBe('done'));
    expect(result.current.snapshot.conflict).toBeUndefined();
    expect(Object.fromEntries(bucket.objects)).toEqual({
      'a.txt': 'new',
      'dst/a.txt': 'old',
      'dst/a (1).txt': 'new',
    });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: s3Keys.bucket('http://s3.test|AKIDTEST', 'b') });

    act(() => result.current.store.close(result.current.snapshot.jobs[0].id));
    expect(result.current.snapshot.jobs).toEqual([]);
  });

  it('Cancel while a question is open ends the job with nothing copied and drops the question', async () => {
    const bucket = fakeBucket({ 'a.txt': 'new', 'dst/a.txt': 'old' });
    const { result } = await renderConnected(useJobs, bucket.answer);
    let id = 0;
    act(() => {
      id = result.current.store.start({
        mode: 'move',
        fromBucket: 'b',
        toBucket: 'b',
        toPrefix: 'dst/',
        roots: [{ source: 'a.txt', destination: 'dst/a.txt' }],
      });
    });
    await waitFor(() => expect(result.current.snapshot.conflict).toBeDefined());
    act(() => result.current.store.cancel(id));
    await waitFor(() => expect(result.current.snapshot.jobs[0].snapshot.status).toBe('cancelled'));
    expect(result.current.snapshot.conflict).toBeUndefined();
    expect(Object.fromEntries(bucket.objects)).toEqual({ 'a.txt': 'new', 'dst/a.txt': 'old' });
  });

  it('a folder move takes every key under it and deletes the sources after their copies', async () => {
    const bucket = fakeBucket({ 'docs/x.txt': 'x', 'docs/sub/y.txt': 'y', 'keep.txt': 'k' });
    const { result } = await renderConnected(useJobs, bucket.answer);
    act(() => {
      result.current.store.start({
        mode: 'move',
        fromBucket: 'b',
        toBucket: 'b',
        toPrefix: '',
        roots: [{ source: 'docs/', destination: 'papers/' }],
        rename: true,
      });
    });
    await waitFor(() => expect(result.current.snapshot.jobs[0].snapshot.status).toBe('done'));
    expect([...bucket.objects.keys()].sort()).toEqual(['keep.txt', 'papers/sub/y.txt', 'papers/x.txt']);
    expect(result.current.snapshot.jobs[0].snapshot.keys).toMatchObject({ done: 2, total: 2 });
  });
});

describe('planInto', () => {
  it('refuses a folder into itself and a destination that changes nothing, with the reason', () => {
    expect(() => planInto(['docs/'], { bucket: 'b' }, { bucket: 'b', prefix: 'docs/sub/' })).toThrow(
      'cannot go inside itself',
    );
    expect(() => planInto(['docs/a.txt'], { bucket: 'b' }, { bucket: 'b', prefix: 'docs/' })).toThrow(
      'already in this folder',
    );
    // The same folder of another bucket is a real destination.
    expect(planInto(['docs/'], { bucket: 'b' }, { bucket: 'c', prefix: '' })).toEqual([
      { source: 'docs/', destination: 'docs/' },
    ]);
  });
});
