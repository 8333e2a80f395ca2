import type {
  CopyObjectCommandInput,
  DeleteObjectsCommandInput,
  ListObjectVersionsCommandInput,
} from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderConnected } from '../testing/render-connected';
import { setTableScrolling } from '../s3/table-scrolling';
import { useVersionJobs } from './use-version-jobs';
import { useFolderRestore, useLoadAllVersions, useObjectVersions, useUndelete } from './use-versions';

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

/** The versions listing of `docs/` and its Load all, over `pages` pages of one version each. */
function renderVersionPages(pages: number) {
  return renderConnected(
    () => {
      const versions = useObjectVersions('b', 'docs/');
      return { versions, loadAll: useLoadAllVersions('b', 'docs/', versions) };
    },
    async (command) => {
      const input = command.input as ListObjectVersionsCommandInput;
      const n = input.KeyMarker ? Number(input.KeyMarker.slice('docs/k'.length)) + 1 : 0;
      return {
        Versions: [{ Key: `docs/k${n}`, VersionId: `v${n}`, IsLatest: true, LastModified: day(1), Size: 1 }],
        IsTruncated: n < pages - 1,
        NextKeyMarker: n < pages - 1 ? `docs/k${n}` : undefined,
        NextVersionIdMarker: n < pages - 1 ? `v${n}` : undefined,
      };
    },
  );
}

describe('useLoadAllVersions', () => {
  it('reads every page after the first, in order, each asked for with the markers of the page before', async () => {
    const pages = 6;
    const { result, send } = await renderVersionPages(pages);
    await waitFor(() => expect(result.current.versions.data?.pages).toHaveLength(1));
    act(() => result.current.loadAll.start());
    await waitFor(() => expect(result.current.versions.hasNextPage).toBe(false));
    expect(result.current.loadAll.loadingAll).toBe(false);
    const keys = result.current.versions.data!.pages.flatMap((p) => p.versions.map((v) => v.key));
    expect(keys).toEqual(Array.from({ length: pages }, (_, n) => `docs/k${n}`));
    const asked = send.mock.calls.map(([c]) => (c as { input: ListObjectVersionsCommandInput }).input);
    expect(asked.map((i) => i.KeyMarker)).toEqual([undefined, ...keys.slice(0, -1)]);
  });

  it('while a table scrolls, reads each page only once a frame has been drawn', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((frame) => frames.push(frame));
    setTableScrolling(true);
    try {
      const pages = 4;
      const { result } = await renderVersionPages(pages);
      await waitFor(() => expect(result.current.versions.data?.pages).toHaveLength(1));
      act(() => result.current.loadAll.start());
      // The page after the first comes through the query; the ones after it wait for a frame.
      await waitFor(() => expect(frames.length).toBeGreaterThan(0));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(result.current.versions.data?.pages).toHaveLength(2);
      while (result.current.versions.hasNextPage) {
        act(() => frames.splice(0).forEach((frame) => frame(performance.now())));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const keys = result.current.versions.data!.pages.flatMap((p) => p.versions.map((v) => v.key));
      expect(keys).toEqual(Array.from({ length: pages }, (_, n) => `docs/k${n}`));
    } finally {
      setTableScrolling(false);
    }
  });
});

describe('useUndelete', () => {
  it('starts a job in the jobs store that deletes the markers on top by version id, and nothing else', async () => {
    const { result, send } = await renderConnected(
      () => ({ undelete: useUndelete('b'), jobs: useVersionJobs() }),
      async (command) => {
        if (name(command as never) === 'ListObjectVersionsCommand') {
          return {
            DeleteMarkers: [
              { Key: 'k', VersionId: 'marker 2', IsLatest: true, LastModified: day(4) },
              { Key: 'k', VersionId: 'marker 1', IsLatest: false, LastModified: day(3) },
              { Key: 'old', VersionId: 'old marker', IsLatest: false, LastModified: day(3) },
            ],
            Versions: [
              { Key: 'k', VersionId: 'v1', IsLatest: false, LastModified: day(1), Size: 2 },
              { Key: 'old', VersionId: 'now', IsLatest: true, LastModified: day(5), Size: 2 },
            ],
            IsTruncated: false,
          };
        }
        return {};
      },
    );
    act(() => void result.current.undelete(['k', 'old']));
    await waitFor(() => expect(result.current.jobs[0]?.snapshot.status).toBe('done'));
    expect(result.current.jobs[0]).toMatchObject({
      info: { kind: 'undelete', bucket: 'b', keys: ['k', 'old'] },
      snapshot: { keys: { done: 2, total: 2, failed: 0 } },
    });
    const deletes = send.mock.calls
      .filter(([c]) => name(c as never) === 'DeleteObjectsCommand')
      .map(([c]) => (c as { input: DeleteObjectsCommandInput }).input);
    // Both stacked markers of "k"; nothing of "old", whose latest is a real version.
    expect(deletes).toEqual([
      {
        Bucket: 'b',
        Delete: {
          Objects: [
            { Key: 'k', VersionId: 'marker 2' },
            { Key: 'k', VersionId: 'marker 1' },
          ],
          Quiet: true,
        },
      },
    ]);
  });
});

describe('useFolderRestore', () => {
  it('plans as of a time, then runs the plan: the old version copied back with its id encoded', async () => {
    const { result, send } = await renderConnected(
      () => ({ ...useFolderRestore('b', 'f/'), jobs: useVersionJobs() }),
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
    act(() => void result.current.run(plan, false));
    await waitFor(() => expect(result.current.jobs[0]?.snapshot.status).toBe('done'));
    expect(result.current.jobs[0].snapshot).toMatchObject({ keys: { done: 1, total: 1 } });
    const copies = send.mock.calls
      .filter(([c]) => name(c as never) === 'CopyObjectCommand')
      .map(([c]) => (c as { input: CopyObjectCommandInput }).input);
    expect(copies).toEqual([{ Bucket: 'b', Key: 'f/a', CopySource: 'b/f/a?versionId=old%2B%2F%3D' }]);
  });
});
