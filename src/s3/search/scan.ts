import type { ArrivedPage, ListPageParams, ObjectEntry } from '../objects';
import { pagesAhead } from '../paging';
import type { SearchMatcher } from './matcher';
import { compareKeys } from './key-order';
import { foldersPerRange, inSubfolder, planRanges, type ScanRange } from './plan';

/** Ranges listed at once; RGW answers several listings in parallel faster than one after another. */
export const SCAN_IN_FLIGHT = 4;

/**
 * Asks for one listing page: `fetchObjectsPage` bound to a session in the page and in Node, or the search
 * worker's own (scan-worker.ts). Types only are imported here, so the worker's code stays free of the SDK.
 */
export type ListPage = (params: ListPageParams) => Promise<ArrivedPage>;

export interface ScanOptions {
  bucket: string;
  prefix: string;
  test: SearchMatcher;
  signal?: AbortSignal;
  /** After every page: the matches in it (often none) and how many keys it held. */
  onPage: (matches: ObjectEntry[], scanned: number) => void;
  /** Ranges listed at once; 1 lists the keys one page after another. */
  inFlight?: number;
}

/**
 * The two requests every scan of a folder opens with, its first flat page and its first level: they depend on
 * the folder alone, so the page can sign them while the user is still writing the search (scan-client.ts).
 */
export function openingRequests(
  bucket: string,
  prefix: string,
): { flat: ListPageParams; level: ListPageParams } {
  return { flat: { bucket, prefix, delimiter: '' }, level: { bucket, prefix, delimiter: '/' } };
}

/**
 * Lists every key under a prefix (flat, no delimiter) and hands on the ones `test` accepts, page by page; keeps
 * nothing itself, so memory follows the matches the caller keeps. The first flat page and the folder's first
 * level are asked for at once; when the folder has sub-folders and the first page did not list it all, the rest
 * is split into ranges of sub-folders (see plan.ts), `inFlight` at a time. Aborting the signal stops every
 * request. Resolves with the number of keys scanned.
 */
export async function scanForMatches(listPage: ListPage, options: ScanOptions): Promise<number> {
  const { bucket, prefix, test, onPage, inFlight = SCAN_IN_FLIGHT } = options;
  const stop = new AbortController();
  const signal = stop.signal;
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let scanned = 0;
  const report = (objects: ObjectEntry[]) => {
    signal.throwIfAborted();
    scanned += objects.length;
    onPage(objects.filter(test), objects.length);
  };
  try {
    signal.throwIfAborted();
    const opening = openingRequests(bucket, prefix);
    const flat = listPage({ ...opening.flat, signal });
    const level = inFlight > 1 ? listPage({ ...opening.level, signal }).catch(() => undefined) : undefined;
    const first = await flat;
    const firstObjects = first.read().objects;
    report(firstObjects);
    if (first.nextToken === undefined) return scanned;
    const after = firstObjects[firstObjects.length - 1]?.key;
    // A level of more than one page is many small folders: one flat listing serves them as well.
    const levelAnswer = await level;
    const levelPage = levelAnswer && levelAnswer.nextToken === undefined ? levelAnswer.read() : undefined;
    if (!levelPage || levelPage.folders.length < 2 || after === undefined) {
      for await (const objects of flatPages(listPage, { bucket, prefix, signal }, first.nextToken))
        report(objects);
      return scanned;
    }
    // Keys directly in the folder come from its one-level listing; the ranges list the sub-folders.
    report(levelPage.objects.filter((o) => compareKeys(o.key, after) > 0));
    const ranges = planRanges({
      prefix,
      folders: levelPage.folders,
      after,
      perRange: foldersPerRange(
        firstObjects.map((o) => o.key),
        prefix,
      ),
    });
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) await scanRange(listPage, bucket, ranges[next++], prefix, signal, report);
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, ranges.length) }, worker));
    return scanned;
  } finally {
    // One failed range stops the others; a finished scan leaves nothing in flight.
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function flatPages(
  listPage: ListPage,
  params: { bucket: string; prefix: string; signal: AbortSignal; startAfter?: string },
  token?: string,
) {
  return pagesAhead<ObjectEntry, string>(async (next, sent) => {
    // The SDK in Node may still send a request whose signal has already aborted.
    params.signal.throwIfAborted();
    const page = await listPage({
      ...params,
      startAfter: next === undefined ? params.startAfter : undefined,
      token: next,
      delimiter: '',
      sent,
    });
    return { items: () => page.read().objects, next: page.nextToken };
  }, token);
}

async function scanRange(
  listPage: ListPage,
  bucket: string,
  range: ScanRange,
  searched: string,
  signal: AbortSignal,
  report: (objects: ObjectEntry[]) => void,
): Promise<void> {
  // Its own signal: the request for the page after the range's end is cancelled when the end is reached.
  const own = new AbortController();
  const onAbort = () => own.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const pages = flatPages(listPage, {
      bucket,
      prefix: range.prefix,
      startAfter: range.startAfter,
      signal: own.signal,
    });
    for await (const objects of pages) {
      const end =
        range.until === undefined ? -1 : objects.findIndex((o) => compareKeys(o.key, range.until!) >= 0);
      const inRange = end < 0 ? objects : objects.slice(0, end);
      report(
        inRange.filter(
          (o) =>
            inSubfolder(o.key, searched) && (range.from === undefined || compareKeys(o.key, range.from) >= 0),
        ),
      );
      if (end >= 0) return;
    }
  } finally {
    own.abort();
    signal.removeEventListener('abort', onAbort);
  }
}
