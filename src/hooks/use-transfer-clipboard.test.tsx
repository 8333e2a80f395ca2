import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clipboardFolder,
  parseClipboard,
  setClipboard,
  useTransferClipboard,
  type TransferClipboard,
} from './use-transfer-clipboard';

const cut: TransferClipboard = {
  mode: 'move',
  connection: { id: 'http://s3.test|AKIDOTHER', label: 'Other' },
  bucket: 'b',
  sources: ['in/a b+%#?ü.txt', 'in/docs/'],
};

afterEach(() => {
  act(() => setClipboard(undefined));
  localStorage.clear();
});

describe('the cut/copy clipboard', () => {
  it('is kept in localStorage, with the connection named by its profile only', () => {
    const { result } = renderHook(useTransferClipboard);
    act(() => setClipboard(cut));
    expect(result.current).toEqual(cut);
    const stored = localStorage.getItem('s3fm.clipboard')!;
    expect(parseClipboard(stored)).toEqual(cut);
    expect(stored).not.toMatch(/secret/i);
    act(() => setClipboard(undefined));
    expect(result.current).toBeUndefined();
    expect(localStorage.getItem('s3fm.clipboard')).toBeNull();
  });

  it('follows another tab: a storage event makes it read again', () => {
    const { result } = renderHook(useTransferClipboard);
    expect(result.current).toBeUndefined();
    const text = JSON.stringify({ ...cut, mode: 'copy' });
    localStorage.setItem('s3fm.clipboard', text);
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: 's3fm.clipboard', newValue: text }));
    });
    expect(result.current).toEqual({ ...cut, mode: 'copy' });
  });

  it('takes nothing unreadable: another shape, no connection, no items', () => {
    expect(parseClipboard(null)).toBeUndefined();
    expect(parseClipboard('{')).toBeUndefined();
    expect(parseClipboard(JSON.stringify({ mode: 'move', bucket: 'b', sources: ['a'] }))).toBeUndefined();
    expect(parseClipboard(JSON.stringify({ ...cut, mode: 'delete' }))).toBeUndefined();
    expect(parseClipboard(JSON.stringify({ ...cut, sources: [1, null] }))).toBeUndefined();
  });

  it('names the folder the items were in: the deepest one holding them all', () => {
    expect(clipboardFolder(cut.sources)).toBe('in/');
    expect(clipboardFolder(['a/b/x.txt', 'a/c/y.txt'])).toBe('a/');
    expect(clipboardFolder(['a/b/', 'x.txt'])).toBe('');
    expect(clipboardFolder(['a/b/c/'])).toBe('a/b/');
  });
});
