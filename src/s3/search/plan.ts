import { PAGE_SIZE } from '../page-size';
import { compareKeys } from './key-order';

/**
 * Part of a search's key space, listed flat by one worker: keys under `prefix` after `startAfter`, from `from`
 * (inclusive) until `until` (exclusive). Keys directly in the searched folder are not the range's: the folder's
 * own listing has them.
 */
export interface ScanRange {
  prefix: string;
  startAfter?: string;
  from?: string;
  until?: string;
}

/** Whether a key below `prefix` lies in a sub-folder (as opposed to directly in the folder). */
export function inSubfolder(key: string, prefix: string): boolean {
  return key.indexOf('/', prefix.length) >= 0;
}

/**
 * How many sub-folders one range should hold, guessed from the first flat pages: the folders they listed to their
 * end tell how many keys a folder has. A folder of half a page or more gets a range of its own (listed by its
 * prefix: exact, no request wasted); smaller ones are grouped into ranges of about two pages, whose last request
 * may read past the range's end. Undefined when no folder ends within the keys: they tell nothing yet.
 */
export function foldersPerRange(firstPageKeys: readonly string[], prefix: string): number | undefined {
  const folders: string[] = [];
  let inFolders = 0;
  for (const key of firstPageKeys) {
    if (!inSubfolder(key, prefix)) continue;
    inFolders++;
    const folder = key.slice(0, key.indexOf('/', prefix.length) + 1);
    if (folders[folders.length - 1] !== folder) folders.push(folder);
  }
  // The last folder may go on past the page: only the ones before it are complete.
  const complete = folders.length - 1;
  if (complete < 1) return undefined;
  const lastFolderKeys = firstPageKeys.filter((k) => k.startsWith(folders[folders.length - 1])).length;
  const perFolder = (inFolders - lastFolderKeys) / complete;
  return perFolder >= PAGE_SIZE / 2 ? 1 : Math.ceil((2 * PAGE_SIZE) / perFolder);
}

/**
 * The ranges that list every key in a sub-folder of `prefix` after `after` (the last key already listed),
 * given the sub-folders in order. A folder alone in its range is listed by its own prefix; grouped folders by
 * StartAfter up to the next group's first folder.
 */
export function planRanges({
  prefix,
  folders,
  after,
  perRange,
}: {
  prefix: string;
  folders: readonly string[];
  after?: string;
  perRange: number;
}): ScanRange[] {
  const ranges: ScanRange[] = [];
  const ahead = after === undefined ? folders : folders.filter((f) => compareKeys(f, after) > 0);
  // The rest of the folder the last listed key is in, by that folder's prefix: where the first page ended with
  // the folder, the answer is empty, not a page of the next folder read and thrown away.
  if (after !== undefined && inSubfolder(after, prefix))
    ranges.push({ prefix: after.slice(0, after.indexOf('/', prefix.length) + 1), startAfter: after });
  const size = Math.max(1, Math.floor(perRange));
  for (let i = 0; i < ahead.length; i += size) {
    const from = ahead[i];
    const until = ahead[i + size];
    if (size === 1) ranges.push({ prefix: from });
    // StartAfter is exclusive: the folder's name without its "/" comes just before every key in it.
    else ranges.push({ prefix, startAfter: from.slice(0, -1), from, until });
  }
  return ranges;
}
