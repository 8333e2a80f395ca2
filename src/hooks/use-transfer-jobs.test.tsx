import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3AppError } from '../s3/errors';
import { S3Session } from '../s3/session';
import { renderConnected } from '../testing/render-connected';
import { s3Keys } from './query-keys';
import { planInto, useTransferJobs, useTransferStore } from './use-transfer-jobs';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

/**
 * A bucket "b" as S3 answers the commands a job sends: heads, flat listings, copies, ACL reads, deletes, and a
 * stream copy's reads and writes.
 */
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
    if (command instanceof GetObjectTaggingCommand) return { TagSet: [] };
    if (command instanceof GetObjectCommand) {
      const bytes = new TextEncoder().encode(objects.get(command.input.Key!));
      const stream = () =>
        new ReadableStream({
          start: (controller) => {
            controller.enqueue(bytes);
            controller.close();
          },
        });
      return {
        Body: { transformToWebStream: stream },
        ETag: etag(command.input.Key!),
        ContentLength: bytes.length,
      };
    }
    if (command instanceof PutObjectCommand) {
      objects.set(command.input.Key!, new TextDecoder().decode(command.input.Body as Uint8Array));
      return { ETag: etag(command.input.Key!) };
    }
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

  it('a paste of another connection’s cut reads and deletes there, writes here, each source after its copy', async () => {
    const here = fakeBucket({});
    const there = fakeBucket({ 'in/a b.txt': 'ab', 'in/docs/x.txt': 'x', 'in/stays.txt': 's' });
    const { result, send, queryClient } = await renderConnected(useJobs, here.answer);
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const otherSession = new S3Session(
      {
        id: 'other',
        label: 'Other',
        endpoint: 'http://other.test',
        region: 'us-east-1',
        pathStyle: true,
        transport: 'relay',
      },
      { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other secret' },
      null,
    );
    const log: string[] = [];
    send.mockImplementation(function (this: S3Session, command) {
      const side = this === otherSession ? 'there' : 'here';
      log.push(`${side} ${command.constructor.name}`);
      return (side === 'there' ? there : here).answer(command as { input: object }) as never;
    });
    act(() => {
      result.current.store.start({
        mode: 'move',
        fromBucket: 'b',
        fromConnection: { id: 'other', label: 'Other', session: otherSession },
        toBucket: 'b',
        toPrefix: '',
        roots: planInto(
          ['in/a b.txt', 'in/docs/'],
          { bucket: 'b' },
          { bucket: 'b', prefix: '', elsewhere: true },
        ),
      });
    });
    await waitFor(() => expect(result.current.snapshot.jobs[0].snapshot.status).toBe('done'));
    expect(Object.fromEntries(here.objects)).toEqual({ 'a b.txt': 'ab', 'docs/x.txt': 'x' });
    expect(Object.fromEntries(there.objects)).toEqual({ 'in/stays.txt': 's' });
    // Bytes read there and written here; the sources deleted there once every copy was written and read back.
    expect(log).not.toContain('there PutObjectCommand');
    expect(log).not.toContain('here DeleteObjectsCommand');
    expect(log.lastIndexOf('here HeadObjectCommand')).toBeLessThan(log.indexOf('there DeleteObjectsCommand'));
    // Both connections' listings of the bucket refresh, the source's under its own connection.
    expect(invalidate).toHaveBeenCalledWith({ queryKey: s3Keys.bucket('http://s3.test|AKIDTEST', 'b') });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: s3Keys.bucket('http://other.test|AKIDOTHER', 'b') });
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
