import { sharedText } from '../list-xml';
import type { ObjectEntry, ObjectPage } from '../objects';

/**
 * A listing page as it crosses from the worker to the page, in columns: the browser copies arrays of strings and
 * numbers for a fraction of what it costs to copy (and rebuild) a thousand objects of five fields each, and that
 * rebuilding is main-thread time taken from the frames of a table being scrolled.
 */
export interface PackedPage {
  folders: string[];
  keys: string[];
  sizes: Float64Array;
  /** Milliseconds since the epoch; NaN where the answer had none. */
  modified: Float64Array;
  etags: (string | undefined)[];
  storageClasses: (string | undefined)[];
  nextToken?: string;
}

export function packPage(page: ObjectPage): PackedPage {
  const { objects } = page;
  return {
    folders: page.folders,
    keys: objects.map((o) => o.key),
    sizes: Float64Array.from(objects, (o) => o.size),
    modified: Float64Array.from(objects, (o) => o.lastModified ?? NaN),
    etags: objects.map((o) => o.etag),
    storageClasses: objects.map((o) => o.storageClass),
    nextToken: page.nextToken,
  };
}

export function unpackPage(packed: PackedPage): ObjectPage {
  const { keys, sizes, modified, etags, storageClasses } = packed;
  const objects = new Array<ObjectEntry>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const lastModified = modified[i];
    objects[i] = {
      key: keys[i],
      size: sizes[i],
      lastModified: Number.isNaN(lastModified) ? undefined : lastModified,
      etag: etags[i],
      // Each copied string is its own: one per storage class, not one per key.
      storageClass: sharedText(storageClasses[i]),
    };
  }
  return { folders: packed.folders, objects, nextToken: packed.nextToken };
}
