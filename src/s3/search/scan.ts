import type { ListPageParams, ObjectEntry } from '../objects';
import { pagesAhead } from '../paging';
import type { ArrivedKeys, ListingKeys } from './listing-keys';
import type { CompiledMatcher } from './matcher';
import { compareKeys } from './key-order';
import { foldersPerRange, inSubfolder, planRanges, type ScanRange } from './plan';

/** Ranges listed at once; RGW answers several listings in parallel faster than one after another. */
export const SCAN_IN_FLIGHT = 4;

/**
 * Asks for one listing page: the search worker's own (scan-serve.ts), or `fetchObjectsPage` bound to a session
 * (keysOfPage). Types only are imported here, so the worker's code stays free of the SDK.
 */
export type ListPage = (params: ListPageParams) => Promise<ArrivedKeys>;

export interface ScanOptions {
  bucket: string;
  prefix: string;
  matcher: CompiledMatcher;
  signal?: AbortSignal;
  /** After every page: the matches in it (often none) and how many keys it held. */
  onPage: (matches: ObjectEntry[], scanned: number) => void;
  /** Ranges listed at once; 1 lists the keys one page after another. */
  inFlight?: number;
}

/**
 * The two requests every scan of a folder opens with, its first flat page (a full one: the first 1,000 keys in
 * one round trip, where a short first page made a match past its end wait for a second) and its first level:
 * they depend on the folder alone, so the page can sign them while the user is still writing the search
 * (scan-client.ts).
 */
export function openingRequests(
  bucket: string,
  prefix: string,
): { flat: ListPageParams; level: ListPageParams } {
  return {
    flat: { bucket, prefix, delimiter: '' },
    level: { bucket, prefix, delimiter: '/' },
  };
}

/**
 * Lists every key under a prefix (flat, no delimiter) and hands on the ones the matcher accepts, page by page;
 * keeps nothing itself, so memory follows the matches the caller keeps. The first flat page is asked for alone
 * (a server answers one request sooner than several), then the folder's first level (and the next flat
 * page where the first ended inside a folder: see foldersPerRange); when the folder has sub-folders and those
 * pages did not list it all, the rest is split into ranges of sub-folders (see plan.ts), `inFlight` at a time.
 * Aborting the signal stops every request. Resolves with the number of keys scanned.
 */
export async function scanForMatches(listPage: ListPage, options: ScanOptions): Promise<number> {
  const { bucket, prefix, onPage, inFlight = SCAN_IN_FLIGHT } = options;
  const { test, testKey } = options.matcher;
  const stop = new AbortController();
  const signal = stop.signal;
  const onAbort = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let scanned = 0;
  /** Scans the page's keys that `inScan` accepts (all by default): most fail `testKey`, and are read no further. */
  const report = (page: ListingKeys, inScan?: (key: string, i: number) => boolean) => {
    signal.throwIfAborted();
    const matches: ObjectEntry[] = [];
    let count = 0;
    page.keys.forEach((key, i) => {
      if (inScan && !inScan(key, i)) return;
      count++;
      if (!testKey(key)) return;
      const entry = page.entry(i);
      if (test(entry)) matches.push(entry);
    });
    scanned += count;
    onPage(matches, count);
  };
  try {
    signal.throwIfAborted();
    const opening = openingRequests(bucket, prefix);
    const first = await listPage({ ...opening.flat, signal });
    const firstPage = first.read();
    report(firstPage);
    let token = first.nextToken;
    if (token === undefined) return scanned;
    const level = inFlight > 1 ? listPage({ ...opening.level, signal }).catch(() => undefined) : undefined;
    let seen = firstPage.keys;
    let perRange = foldersPerRange(seen, prefix);
    if (level && perRange === undefined) {
      // The first page ended inside a folder: a page more (read anyway) tells the folders' sizes.
      const second = await listPage({ bucket, prefix, delimiter: '', token, signal });
      const secondPage = second.read();
      report(secondPage);
      token = second.nextToken;
      if (token === undefined) return scanned;
      seen = [...seen, ...secondPage.keys];
      perRange = foldersPerRange(seen, prefix);
    }
    const after = seen.at(-1);
    // A level of more than one page is many small folders: one flat listing serves them as well.
    const levelAnswer = await level;
    const levelPage = levelAnswer && levelAnswer.nextToken === undefined ? levelAnswer.read() : undefined;
    if (!levelPage || levelPage.folders.length < 2 || after === undefined) {
      for await (const [page] of flatPages(listPage, { bucket, prefix, signal }, token)) report(page);
      return scanned;
    }
    // Keys directly in the folder come from its one-level listing; the ranges list the sub-folders.
    report(levelPage, (key) => compareKeys(key, after) > 0);
    const ranges = planRanges({
      prefix,
      folders: levelPage.folders,
      after,
      // Folders that do not end within two pages are big: a range each.
      perRange: perRange ?? 1,
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
  return pagesAhead<ListingKeys, string>(async (next, sent) => {
    // The SDK in Node may still send a request whose signal has already aborted.
    params.signal.throwIfAborted();
    const page = await listPage({
      ...params,
      startAfter: next === undefined ? params.startAfter : undefined,
      token: next,
      delimiter: '',
      sent,
    });
    return { items: () => [page.read()], next: page.nextToken };
  }, token);
}

async function scanRange(
  listPage: ListPage,
  bucket: string,
  range: ScanRange,
  searched: string,
  signal: AbortSignal,
  report: (page: ListingKeys, inScan: (key: string, i: number) => boolean) => void,
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
    for await (const [page] of pages) {
      const { until, from } = range;
      const end = until === undefined ? -1 : page.keys.findIndex((key) => compareKeys(key, until) >= 0);
      report(
        page,
        (key, i) =>
          (end < 0 || i < end) &&
          inSubfolder(key, searched) &&
          (from === undefined || compareKeys(key, from) >= 0),
      );
      if (end >= 0) return;
    }
  } finally {
    own.abort();
    signal.removeEventListener('abort', onAbort);
  }
}
