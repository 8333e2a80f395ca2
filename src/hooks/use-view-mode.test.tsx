import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { folderId, parseChoices, remember, useViewMode, viewFor, type ViewChoices } from './use-view-mode';

describe('view mode per folder', () => {
  it('keeps each folder’s choice, and gives a folder never set the last choice made', () => {
    const a = renderHook(() => useViewMode('photos', '2024/'));
    const b = renderHook(() => useViewMode('photos', 'docs/'));
    expect(a.result.current[0]).toBe('list');
    act(() => a.result.current[1]('grid'));
    expect(a.result.current[0]).toBe('grid');
    // Never set: the last choice.
    expect(b.result.current[0]).toBe('grid');
    act(() => b.result.current[1]('list'));
    expect(b.result.current[0]).toBe('list');
    expect(a.result.current[0]).toBe('grid');
    // A reload reads the same from storage.
    const stored = parseChoices(localStorage.getItem('s3fm.views'), null);
    expect(viewFor(stored, folderId('photos', '2024/'))).toBe('grid');
    expect(viewFor(stored, folderId('photos', 'docs/'))).toBe('list');
    expect(viewFor(stored, folderId('other', ''))).toBe('list');
  });

  it('remembers the newest folders only, a folder set again becoming the newest', () => {
    let choices: ViewChoices = { last: 'list', folders: [] };
    for (let i = 0; i < 5; i++) choices = remember(choices, `b/${i}/`, 'grid', 3);
    expect(choices.folders.map(([id]) => id)).toEqual(['b/2/', 'b/3/', 'b/4/']);
    choices = remember(choices, 'b/2/', 'list', 3);
    choices = remember(choices, 'b/5/', 'grid', 3);
    expect(choices.folders).toEqual([
      ['b/4/', 'grid'],
      ['b/2/', 'list'],
      ['b/5/', 'grid'],
    ]);
    // Forgotten: the last choice again.
    expect(viewFor({ ...choices, last: 'list' }, 'b/3/')).toBe('list');
  });

  it('reads the old single choice as the default, and anything unreadable as none', () => {
    expect(parseChoices(null, 'grid')).toEqual({ last: 'grid', folders: [] });
    expect(parseChoices('{not json', null)).toEqual({ last: 'list', folders: [] });
    expect(
      parseChoices(JSON.stringify({ last: 'grid', folders: [['b/', 'grid'], 7, ['c/', 'x']] }), null),
    ).toEqual({
      last: 'grid',
      folders: [
        ['b/', 'grid'],
        ['c/', 'list'],
      ],
    });
  });
});
