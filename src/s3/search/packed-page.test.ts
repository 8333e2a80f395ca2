import { describe, expect, it } from 'vitest';
import type { ObjectPage } from '../objects';
import { packPage, unpackPage } from './packed-page';

describe('packPage / unpackPage', () => {
  it('carries a page across whole, missing fields included', () => {
    const page: ObjectPage = {
      folders: ['a/x/'],
      objects: [
        { key: 'a/1', size: 5, lastModified: 1_700_000_000_000, etag: '"e1"', storageClass: 'STANDARD' },
        { key: 'a/ü 2', size: 0 },
      ],
      nextToken: 'a/ü 2',
    };
    const back = unpackPage(structuredClone(packPage(page)));
    expect(back).toEqual({
      folders: ['a/x/'],
      objects: [
        { key: 'a/1', size: 5, lastModified: 1_700_000_000_000, etag: '"e1"', storageClass: 'STANDARD' },
        { key: 'a/ü 2', size: 0, lastModified: undefined, etag: undefined, storageClass: undefined },
      ],
      nextToken: 'a/ü 2',
    });
  });

  it('shares one string per storage class across pages', () => {
    const page = (key: string): ObjectPage => ({
      folders: [],
      objects: [{ key, size: 1, storageClass: 'GLACIER' }],
    });
    const [one, two] = ['k1', 'k2'].map((key) => unpackPage(structuredClone(packPage(page(key)))));
    expect(one.objects[0].storageClass).toBe('GLACIER');
    expect(one.objects[0].storageClass).toBe(two.objects[0].storageClass);
  });
});
