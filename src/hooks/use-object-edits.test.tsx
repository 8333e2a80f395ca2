import {
  CopyObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3AppError } from '../s3/errors';
import { renderConnected } from '../testing/render-connected';
import { announceBucketChange } from './bucket-changes';
import { useOpenedText, useSaveHeaders, useSaveText } from './use-object-edits';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

const notFound = () => new S3AppError('no-such-key', 'Not found.', '', { code: 'NotFound', status: 404 });

/** A bucket holding `stored` (key → ETag), answering the requests an edit makes as S3 would. */
function bucketWith(stored: Record<string, string>) {
  return async (command: { input: object }) => {
    const { Key } = command.input as { Key: string };
    if (command instanceof HeadObjectCommand) {
      if (!(Key in stored)) throw notFound();
      return { ETag: `"${stored[Key]}"`, ContentType: 'text/markdown', Metadata: { author: 'ann' } };
    }
    if (command instanceof GetObjectTaggingCommand) return { TagSet: [{ Key: 'team', Value: 'blue' }] };
    if (command instanceof GetObjectAclCommand) return { Owner: { ID: 'me' }, Grants: [] };
    if (command instanceof PutObjectCommand) return { ETag: '"new"' };
    if (command instanceof GetObjectCommand) {
      return {
        ETag: `"${stored[Key]}"`,
        ContentType: 'text/plain',
        ContentLength: 2,
        Body: { transformToByteArray: async () => new TextEncoder().encode('hi') },
      };
    }
    throw new Error(`unexpected ${command.constructor.name}`);
  };
}

const sentOf = <T,>(send: { mock: { calls: unknown[][] } }, type: new (...args: never[]) => T) =>
  send.mock.calls.map(([command]) => command).filter((command): command is T => command instanceof type);

describe('useSaveText', () => {
  it('saves a copy under the first free keep-both name, only if that key is still free, with the original headers', async () => {
    const { result, send } = await renderConnected(
      () => useSaveText('b', 'docs/n.md'),
      bucketWith({ 'docs/n.md': 'e1', 'docs/n (1).md': 'e2' }),
    );
    let saved: { key: string } | undefined;
    await act(async () => {
      saved = await result.current.mutateAsync({ text: 'mine', choice: { mode: 'copy' } });
    });
    expect(saved?.key).toBe('docs/n (2).md');
    const [put] = sentOf(send, PutObjectCommand);
    expect(put.input).toMatchObject({
      Key: 'docs/n (2).md',
      Body: 'mine',
      IfNoneMatch: '*',
      ContentType: 'text/markdown',
      Metadata: { author: 'ann' },
      Tagging: 'team=blue',
    });
  });

  it('saves over the opened version only (If-Match), and over anything when told to overwrite', async () => {
    const { result, send } = await renderConnected(
      () => useSaveText('b', 'n.md'),
      bucketWith({ 'n.md': 'e1' }),
    );
    await act(() => result.current.mutateAsync({ text: 'a', choice: { mode: 'save', openedEtag: 'e1' } }));
    await act(() => result.current.mutateAsync({ text: 'b', choice: { mode: 'overwrite' } }));
    expect(sentOf(send, PutObjectCommand).map((put) => put.input.IfMatch)).toEqual(['e1', undefined]);
  });
});

describe('useOpenedText', () => {
  it('is not read again when the bucket changes: the version a save is checked against stays the opened one', async () => {
    const { result, send, queryClient } = await renderConnected(
      () => useOpenedText('b', 'n.txt'),
      bucketWith({ 'n.txt': 'e1' }),
    );
    await waitFor(() => expect(result.current.data).toEqual({ text: 'hi', etag: 'e1' }));
    // renderConnected's connection.
    const id = 'http://s3.test|AKIDTEST';
    await act(() => announceBucketChange(queryClient, { connectionId: id, bucket: 'b' }));
    expect(sentOf(send, GetObjectCommand)).toHaveLength(1);
  });
});

describe('useOpenedText without a readable ETag', () => {
  it('refuses to open: a save could not be checked against the opened version', async () => {
    const stored = bucketWith({ 'n.txt': '' });
    const { result } = await renderConnected(
      () => useOpenedText('b', 'n.txt'),
      async (command) => ({ ...((await stored(command)) as object), ETag: undefined }),
    );
    await waitFor(() => expect(result.current.error).toMatchObject({ kind: 'cors', code: 'ETagNotExposed' }));
  });
});

describe('useSaveHeaders', () => {
  it('says the details are out of date when the object changed since they were shown, and sends no copy', async () => {
    const { result, send } = await renderConnected(
      () => useSaveHeaders('b', 'n.md'),
      bucketWith({ 'n.md': 'e2' }),
    );
    await act(async () => {
      await result.current
        .mutateAsync({ headers: { contentType: 'text/plain', metadata: {} }, expectedEtag: '"e1"' })
        .catch(() => undefined);
    });
    // React Query tells observers on its own schedule, after the promise settles.
    await waitFor(() =>
      expect(result.current.error).toMatchObject({
        kind: 'source-changed',
        message: '"n.md" changed since its details were shown: the metadata was not saved.',
      }),
    );
    expect(sentOf(send, CopyObjectCommand)).toHaveLength(0);
  });
});
