import type { ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import { act, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_PAGE_SIZE } from '../s3/objects';
import { listingOf, renderConnected } from '../testing/render-connected';
import { useFolderOpener, useObjectListing } from './use-objects';

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

const asked = (send: Awaited<ReturnType<typeof renderConnected>>['send']) =>
  send.mock.calls.map(([command]) => (command as { input: ListObjectsV2CommandInput }).input);

describe('useObjectListing', () => {
  it('asks for a short first page, then at once for the next full one, then only when the table asks', async () => {
    const bucket = listingOf(FIRST_PAGE_SIZE + 2000);
    const { result, send } = await renderConnected(
      () => useObjectListing('b', ''),
      async (command) => bucket(command.input as ListObjectsV2CommandInput),
    );
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
    expect(asked(send).map((input) => [input.ContinuationToken, input.MaxKeys])).toEqual([
      [undefined, FIRST_PAGE_SIZE],
      [String(FIRST_PAGE_SIZE), 1000],
    ]);
    // A table that has drawn only the first page must not make the listing run ahead of it.
    act(() => result.current.fetchPageAfter(result.current.data!.pages.slice(0, 1)));
    act(() => result.current.fetchPageAfter(result.current.data!.pages));
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(3));
    expect(send).toHaveBeenCalledTimes(3);
    expect(result.current.data!.pages[2].nextToken).toBeUndefined();
  });

  it('does not ask for more after a failure: the error waits for its Retry', async () => {
    const bucket = listingOf(2500);
    let calls = 0;
    const { result, send } = await renderConnected(
      () => useObjectListing('b', ''),
      async (command) => {
        if (++calls === 2) throw new TypeError('Failed to fetch');
        return bucket(command.input as ListObjectsV2CommandInput);
      },
    );
    await waitFor(() => expect(result.current.isError).toBe(true));
    act(() => result.current.fetchPageAfter(result.current.data!.pages));
    await new Promise((r) => setTimeout(r, 50));
    expect(send).toHaveBeenCalledTimes(2);
    expect(result.current.data?.pages).toHaveLength(1);
  });
});

describe('useFolderOpener', () => {
  it('opens a folder once its first page is here, and a later click wins over an earlier slow one', async () => {
    const bucket = listingOf(10);
    const release = new Map<string, () => void>();
    const navigate = vi.fn();
    const { result } = await renderConnected(
      () => useFolderOpener(navigate),
      async (command) => {
        const input = command.input as ListObjectsV2CommandInput;
        await new Promise<void>((resolve) => release.set(input.Prefix ?? '', resolve));
        return bucket(input);
      },
    );
    await waitFor(() => expect(result.current).toBeTruthy());
    act(() => result.current.open({ bucket: 'b', prefix: 'slow/' }));
    act(() => result.current.open({ bucket: 'b', prefix: 'fast/' }));
    await waitFor(() => expect(release.size).toBe(2));
    await act(async () => release.get('fast/')!());
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ bucket: 'b', prefix: 'fast/' }));
    await act(async () => release.get('slow/')!());
    await new Promise((r) => setTimeout(r, 350));
    expect(navigate).toHaveBeenCalledTimes(1);
  });
});
