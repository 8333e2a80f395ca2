import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Collected } from '../lib/collect-files';
import { S3AppError } from '../s3/errors';
import { UploadQueue } from '../s3/upload/upload-queue';
import { renderConnected } from '../testing/render-connected';
import { useUploadFlow } from './use-upload-flow';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

/** The bucket holds `stored`; HeadObject answers as S3 would. */
const bucketWith =
  (...stored: string[]) =>
  async (command: { input: object }) => {
    const { Key } = (command as HeadObjectCommand).input;
    if (stored.includes(Key!)) return { $metadata: {} };
    throw new S3AppError('no-such-key', 'Not found.', '', { code: 'NotFound', status: 404 });
  };

const drop = (names: string[], problems: Collected['problems'] = []): Collected => ({
  files: names.map((path) => ({ path, file: new File([path], path.split('/').pop()!) })),
  emptyFolders: [],
  problems,
});

/** What reached the queue, without sending anything. */
const queued = () => {
  const add = vi.spyOn(UploadQueue.prototype, 'add').mockReturnValue([]);
  return () => add.mock.calls.flatMap(([bucket, requests]) => requests.map((r) => `${bucket}/${r.key}`));
};

describe('useUploadFlow', () => {
  it('queues a drop with no existing keys under the folder, without asking', async () => {
    const keys = queued();
    const { result } = await renderConnected(() => useUploadFlow('b', 'docs/'), bucketWith());
    act(() => result.current.start(drop(['a.txt', 'sub/b.txt'])));
    await waitFor(() => expect(keys()).toEqual(['b/docs/a.txt', 'b/docs/sub/b.txt']));
    expect(result.current.step.kind).toBe('idle');
  });

  it('asks about a key that exists: Skip leaves it out, the others go', async () => {
    const keys = queued();
    const { result } = await renderConnected(() => useUploadFlow('b', ''), bucketWith('old.txt'));
    act(() => result.current.start(drop(['old.txt', 'new.txt'])));
    await waitFor(() => expect(result.current.step.kind).toBe('conflicts'));
    const step = result.current.step;
    expect(step.kind === 'conflicts' && step.conflicts.map((c) => c.key)).toEqual(['old.txt']);
    act(() => result.current.answer('skip', false));
    await waitFor(() => expect(keys()).toEqual(['b/new.txt']));
    expect(result.current.step.kind).toBe('idle');
  });

  it('names unreadable entries first, and uploads the rest when told to', async () => {
    const keys = queued();
    const { result } = await renderConnected(() => useUploadFlow('b', ''), bucketWith());
    act(() => result.current.start(drop(['ok.txt'], [{ path: 'locked.txt', message: 'Permission denied' }])));
    expect(result.current.step.kind).toBe('problems');
    act(() => result.current.skipProblems());
    await waitFor(() => expect(keys()).toEqual(['b/ok.txt']));
  });

  it('a failed check queues nothing and says why', async () => {
    const keys = queued();
    const { result } = await renderConnected(
      () => useUploadFlow('b', ''),
      async () => {
        throw new S3AppError('unreachable', 'Could not reach the server.', '', { code: 'NetworkError' });
      },
    );
    act(() => result.current.start(drop(['a.txt'])));
    await waitFor(() => expect(result.current.step.kind).toBe('check-failed'));
    expect(keys()).toEqual([]);
  });
});
