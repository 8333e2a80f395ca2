import type {
  CopyObjectCommandInput,
  DeleteObjectCommandInput,
  ListObjectVersionsCommandInput,
} from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderConnected } from '../testing/render-connected';
import { useFolderRestore, useObjectVersions, useUndelete } from './use-versions';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const name = (command: { constructor: { name: string } }) => command.constructor.name;

describe('useObjectVersions', () => {
  it('pages on with both markers the server named, until it says the listing is complete', async () => {
    const { result, send } = await renderConnected(
      () => useObjectVersions('b', 'docs/'),
      async (command) => {
        const input = command.input as ListObjectVersionsCommandInput;
        if (!input.KeyMarker) {
          return {
            Versions: [{ Key: 'docs/a', VersionId: 'v2', IsLatest: true, LastModified: day(2), Size: 1 }],
            IsTruncated: true,
            NextKeyMarker: 'docs/a',
            NextVersionIdMarker: 'v2',
          };
        }
        return {
          Versions: [{ Key: 'docs/a', VersionId: 'v1', IsLatest: false, LastModified: day(1), Size: 1 }],
          DeleteMarkers: [],
          IsTruncated: false,
        };
      },
    );
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(1));
    expect(result.current.hasNextPage).toBe(true);
    act(() => void result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
    expect(result.current.hasNextPage).toBe(false);
    const asked = send.mock.calls.map(([c]) => (c as { input: ListObjectVersionsCommandInput }).input);
    expect(asked.map((i) => [i.Prefix, i.Delimiter, i.KeyMarker, i.VersionIdMarker])).toEqual([
      ['docs/', '/', undefined, undefined],
      ['docs/', '/', 'docs/a', 'v2'],
    ]);
  });
});

describe('useUndelete', () => {
  it('deletes the marker on top by its version id, and nothing else', async () => {
    const { result, send } = await renderConnected(
      () => useUndelete('b'),
      async (command) => {
        if (name(command as never) === 'ListObjectVersionsCommand') {
          return {
            DeleteMarkers: [{ Key: 'k', VersionId: 'marker 1', IsLatest: true, LastModified: day(3) }],
            Versions: [{ Key: 'k', VersionId: 'v1', IsLatest: false, LastModified: day(1), Size: 2 }],
            IsTruncated: false,
          };
        }
        return {};
      },
    );
    await act(() => result.current.mutateAsync(['k']));
    const deletes = send.mock.calls
      .filter(([c]) => name(c as never) === 'DeleteObjectCommand')
      .map(([c]) => (c as { input: DeleteObjectCommandInput }).input);
    expect(deletes).toEqual([{ Bucket: 'b', Key: 'k', VersionId: 'marker 1' }]);
    // The mutation's state reaches the hook in a later batch than mutateAsync's answer.
    await waitFor(() =>
      expect(result.current.data).toMatchObject([{ markersRemoved: 1, restored: { versionId: 'v1' } }]),
    );
  });
});

describe('useFolderRestore', () => {
  it('plans as of a time, then runs the plan: the old version copied back with its id encoded', async () => {
    const { result, send } = await renderConnected(
      () => useFolderRestore('b', 'f/'),
      async (command) => {
        switch (name(command as never)) {
          case 'ListObjectVersionsCommand':
            return {
              Versions: [
                { Key: 'f/a', VersionId: 'new', IsLatest: true, LastModified: day(5), Size: 1, ETag: '"n"' },
                {
                  Key: 'f/a',
                  VersionId: 'old+/=',
                  IsLatest: false,
                  LastModified: day(1),
                  Size: 1,
                  ETag: '"o"',
                },
                {
                  Key: 'f/later',
                  VersionId: 'l',
                  IsLatest: true,
                  LastModified: day(5),
                  Size: 1,
                  ETag: '"l"',
                },
              ],
              IsTruncated: false,
            };
          case 'GetObjectAclCommand':
            return { Owner: { ID: 'me' }, Grants: [] };
          default:
            return { CopyObjectResult: { ETag: '"o"' } };
        }
      },
    );
    const plan = await act(() => result.current.plan.mutateAsync({ time: day(2) }));
    expect([plan.restore.length, plan.unchanged, plan.absentThen.map((k) => k.key)]).toEqual([
      1,
      0,
      ['f/later'],
    ]);
    const done = await act(() => result.current.run(plan, false));
    expect(done).toMatchObject({ status: 'done', keys: { done: 1, total: 1 } });
    await waitFor(() => expect(result.current.snapshot.status).toBe('done'));
    const copies = send.mock.calls
      .filter(([c]) => name(c as never) === 'CopyObjectCommand')
      .map(([c]) => (c as { input: CopyObjectCommandInput }).input);
    expect(copies).toEqual([{ Bucket: 'b', Key: 'f/a', CopySource: 'b/f/a?versionId=old%2B%2F%3D' }]);
  });
});
