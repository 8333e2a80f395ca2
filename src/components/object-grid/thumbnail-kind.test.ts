import { describe, expect, it } from 'vitest';
import { showsThumbnail } from './thumbnail-kind';

describe('showsThumbnail', () => {
  it('is true for image names in any case, SVG included', () => {
    for (const name of ['a.png', 'b.JPG', 'c.jpeg', 'd.webp', 'e.svg', 'f.gif'])
      expect(showsThumbnail(name)).toBe(true);
  });
  it('is false for other names, a bare extension-like word and folders', () => {
    for (const name of ['a.txt', 'png', 'photos/', 'a.png.txt']) expect(showsThumbnail(name)).toBe(false);
  });
});
