import { describe, expect, it } from 'vitest';
import { commonFolder, folderOf } from './key-folders';

describe('folderOf', () => {
  it('is the folder of one key', () => {
    expect(folderOf('a/b/c.txt')).toBe('a/b/');
    expect(folderOf('top.txt')).toBe('');
    expect(folderOf('a/b/')).toBe('a/b/');
  });
});

describe('commonFolder', () => {
  it.each([
    [['photos/2024/a.jpg', 'photos/2024/b.jpg'], 'photos/2024/'],
    [['photos/2024/a.jpg', 'photos/2025/x/b.jpg'], 'photos/'],
    [['photos/a.jpg', 'photography/b.jpg'], ''],
    [['dest/app/obj-1', 'dest/app/obj-2', 'dest/app/sub/x'], 'dest/app/'],
    [['dest/app-1/x', 'dest/app-2/y'], 'dest/'],
    [['dest/x.txt'], 'dest/'],
    [['a.txt', 'dest/b.txt'], ''],
    [['dest/ab/x', 'dest/a/y'], 'dest/'],
    [[], ''],
  ])('%j → %s', (keys, folder) => {
    expect(commonFolder(keys)).toBe(folder);
  });
});
