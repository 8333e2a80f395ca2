import { describe, expect, it } from 'vitest';
import { commonFolder, folderOf } from './post-policy';

describe('the folder a POST policy is signed for', () => {
  it('is the folder of one key', () => {
    expect(folderOf('a/b/c.txt')).toBe('a/b/');
    expect(folderOf('top.txt')).toBe('');
    expect(folderOf('a/b/')).toBe('a/b/');
  });

  it('is the deepest folder holding every key of a batch', () => {
    expect(commonFolder(['photos/2024/a.jpg', 'photos/2024/b.jpg'])).toBe('photos/2024/');
    expect(commonFolder(['photos/2024/a.jpg', 'photos/2025/x/b.jpg'])).toBe('photos/');
    expect(commonFolder(['photos/a.jpg', 'photography/b.jpg'])).toBe('');
    expect(commonFolder(['a/b.txt', 'c.txt'])).toBe('');
    expect(commonFolder([])).toBe('');
  });
});
