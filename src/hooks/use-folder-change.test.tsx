import { act, renderHook } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useFolderChange } from './use-folder-change';

/** A filter that belongs to one folder, as the object browser keeps it. */
function useFolderFilter(folder: string) {
  const [filter, setFilter] = useState('');
  useFolderChange(folder, () => setFilter(''));
  return { filter, setFilter };
}

describe('state that belongs to one folder', () => {
  it('starts afresh when the folder changes, and only then', () => {
    const hook = renderHook(({ folder }) => useFolderFilter(folder), { initialProps: { folder: 'b\na/' } });
    act(() => hook.result.current.setFilter('report'));
    hook.rerender({ folder: 'b\na/' });
    expect(hook.result.current.filter).toBe('report');
    hook.rerender({ folder: 'b\nc/' });
    expect(hook.result.current.filter).toBe('');
    act(() => hook.result.current.setFilter('x'));
    hook.rerender({ folder: 'b\nc/' });
    expect(hook.result.current.filter).toBe('x');
    // Back to the first folder: its old filter is not brought back.
    hook.rerender({ folder: 'b\na/' });
    expect(hook.result.current.filter).toBe('');
  });
});
