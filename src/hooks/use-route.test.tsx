import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentSearch, ENTRY_WAIT_MS, pushUrlSearch, useRoute } from './use-route';

describe('the place in the URL', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('draws a new place at once and writes its history entry right after', async () => {
    const { result } = renderHook(() => useRoute());
    const entries = window.history.length;
    act(() => result.current[1]({ bucket: 'photos', prefix: '2024/' }));
    expect(result.current[0]).toEqual({ bucket: 'photos', prefix: '2024/' });
    await waitFor(() => expect(window.location.search).toBe('?bucket=photos&prefix=2024%2F'));
    expect(window.history.length).toBe(entries + 1);
    expect(currentSearch()).toBe(window.location.search);
  });

  it('writes one entry for the last of several places drawn before any was written', async () => {
    const { result } = renderHook(() => useRoute());
    const entries = window.history.length;
    act(() => {
      pushUrlSearch('?bucket=a');
      pushUrlSearch('?bucket=b');
    });
    expect(result.current[0]).toEqual({ bucket: 'b', prefix: '' });
    await waitFor(() => expect(window.location.search).toBe('?bucket=b'));
    expect(window.history.length).toBe(entries + 1);
  });

  it('writes no entry for a return to the place the URL already holds', async () => {
    const { result } = renderHook(() => useRoute());
    const entries = window.history.length;
    act(() => {
      pushUrlSearch('?bucket=a');
      pushUrlSearch('');
    });
    expect(result.current[0]).toEqual({ bucket: undefined, prefix: '' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(window.location.search).toBe('');
    expect(window.history.length).toBe(entries);
  });

  it('writes the entry of a place that waits for its first content once that is drawn', async () => {
    const { result } = renderHook(() => useRoute());
    const entries = window.history.length;
    let drawn!: () => void;
    act(() => pushUrlSearch('?bucket=a&q=x', new Promise<void>((resolve) => (drawn = resolve))));
    expect(result.current[0]).toEqual({ bucket: 'a', prefix: '' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(window.location.search).toBe('');
    drawn();
    await waitFor(() => expect(window.location.search).toBe('?bucket=a&q=x'));
    expect(window.history.length).toBe(entries + 1);
  });

  it('writes that entry after a bounded wait when its content is not drawn', async () => {
    const entries = window.history.length;
    act(() => pushUrlSearch('?bucket=a&q=y', new Promise<void>(() => {})));
    await waitFor(() => expect(window.location.search).toBe('?bucket=a&q=y'), {
      timeout: ENTRY_WAIT_MS + 500,
    });
    expect(window.history.length).toBe(entries + 1);
  });
});
