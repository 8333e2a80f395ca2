import { createLimiter } from '../limit';
import { SIMPLE_GET } from '../list-xml';
import type { ListPageParams, ObjectPage } from '../objects';
import { arrivedKeys, keysOfPage, type ArrivedKeys, type ListingKeys } from './listing-keys';
import { signListingUrl, type ListingSigner } from './listing-url';
import { compileSearch } from './matcher';
import { scanForMatches } from './scan';
import {
  FETCHED_AHEAD_MS,
  requestId,
  type FromWorker,
  type PageRequest,
  type ScanPort,
  type ToWorker,
} from './scan-protocol';

type Answer = { url: string } | { page: ObjectPage };

/** The longest the requests after the first matches wait for the page to draw them (see `shown`). */
const SHOWN_WAIT_MS = 100;

/**
 * The worker's side of a search (scan-protocol.ts): on `start`, scans the folder, signs each request with the
 * page's signer (asking the page where it has none), fetches and reads the listings here and posts only the
 * matches. Serves one search; `cancel` stops it.
 */
export function serveScan(port: ScanPort<ToWorker, FromWorker>): void {
  const stop = new AbortController();
  const waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: unknown) => void }>();
  let nextId = 0;
  const signedAhead = new Map<string, string>();
  /** The first page, fetched on `ahead` (undefined: no listing came, the page lists it), until the scan takes it. */
  let firstAhead: { id: string; at: number; listing: Promise<ArrivedKeys | undefined> } | undefined;
  let started = false;
  // All the requests the scan plans at once, or one at a time while the user scrolls the results (`pace`),
  // each then after a rest as long as the last answer took: the server, which shares the computer's cores with
  // the page's frames, works half the time, and the search still goes on.
  const requests = createLimiter(Infinity);
  let scrolling = false;
  let restUntil = 0;
  // Once the first matches are posted, the requests that follow wait until the page has drawn them (`shown`):
  // sent at once, their answers (and the server, where it shares the computer's cores) took the CPU the page
  // needed to draw them.
  let firstDrawn: Promise<void> | undefined;
  let drawn = () => {};
  // The page sends its signer right after `start`: requests not signed ahead wait for it.
  let gotSigner!: (signer: ListingSigner | undefined) => void;
  const signer = new Promise<ListingSigner | undefined>((resolve) => (gotSigner = resolve));
  const signHere = async (request: PageRequest) => {
    const held = await signer;
    stop.signal.throwIfAborted();
    const url = held && (await signListingUrl(held, request));
    return url === undefined ? undefined : { url };
  };
  /** A signed listing's answer, or undefined where it is not a listing (a refusal, a 5xx, a redirect). */
  const fetchListing = async (url: string, signal?: AbortSignal) => {
    const got = await fetch(url, { ...SIMPLE_GET, signal });
    return got.status === 200 ? arrivedKeys(await got.text()) : undefined;
  };
  const ask = (type: 'sign' | 'list', request: PageRequest) =>
    new Promise<Answer>((resolve, reject) => {
      stop.signal.throwIfAborted();
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ type, id, request });
    });

  // A search reads every key but the whole entry of a possible match only (listing-keys.ts), from the fetched
  // text, or from a page the page listed itself.
  const listPage = async ({
    signal,
    sent,
    ...request
  }: ListPageParams): Promise<{ nextToken?: string; read: () => ListingKeys }> => {
    const id = requestId(request);
    const listed = (page: ObjectPage) => ({ nextToken: page.nextToken, read: () => keysOfPage(page) });
    const early =
      firstAhead?.id === id && performance.now() - firstAhead.at < FETCHED_AHEAD_MS
        ? firstAhead.listing
        : undefined;
    if (early) {
      firstAhead = undefined;
      signedAhead.delete(id);
      sent?.();
      const listing = await early;
      signal?.throwIfAborted();
      if (listing) return listing;
      return listed(await listedByPage(request));
    }
    const ahead = signedAhead.get(id);
    signedAhead.delete(id);
    const answer =
      ahead === undefined ? ((await signHere(request)) ?? (await ask('sign', request))) : { url: ahead };
    if ('page' in answer) {
      sent?.();
      return listed(answer.page);
    }
    try {
      const url = answer.url;
      const listing = await requests(async () => {
        await firstDrawn;
        const rest = restUntil - performance.now();
        if (scrolling && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        signal?.throwIfAborted();
        const sentAt = performance.now();
        const answered = fetchListing(url, signal);
        sent?.();
        const listing = await answered;
        restUntil = 2 * performance.now() - sentAt;
        return listing;
      }, signal);
      if (listing) return listing;
    } catch (error) {
      if (signal?.aborted) throw error;
    }
    return listed(await listedByPage(request));
  };
  // No listing (a refusal, a 5xx, a redirect, no answer): the page lists it the usual way, with the SDK's
  // retries, and reports its failure as it always does.
  const listedByPage = async (request: PageRequest) => {
    const again = await ask('list', request);
    if (!('page' in again)) throw new Error('The page signed a request it was asked to list.');
    return again.page;
  };

  port.onmessage = ({ data }) => {
    if (data.type === 'cancel') {
      stop.abort();
      gotSigner(undefined);
      drawn();
      for (const { reject } of waiting.values()) reject(stop.signal.reason);
      waiting.clear();
      // Aborting is synchronous down to each fetch: none is left for the page to end mid-flight.
      return port.postMessage({ type: 'stopped' });
    }
    if (data.type === 'signer') return gotSigner(data.signer);
    if (data.type === 'ahead') {
      if (started) return;
      signedAhead.clear();
      for (const { request, url } of data.others) signedAhead.set(requestId(request), url);
      const listing = fetchListing(data.first.url, stop.signal).catch(() => undefined);
      const entry = { id: requestId(data.first.request), at: performance.now(), listing };
      firstAhead = entry;
      // Let go once it no longer stands: a worker started ahead may wait long for its search.
      setTimeout(() => firstAhead === entry && (firstAhead = undefined), FETCHED_AHEAD_MS);
      return;
    }
    if (data.type === 'shown') return drawn();
    if (data.type === 'pace') {
      scrolling = data.scrolling;
      return requests.setConcurrency(scrolling ? 1 : Infinity);
    }
    if (data.type === 'signed' || data.type === 'listed') {
      const waiter = waiting.get(data.id);
      waiting.delete(data.id);
      waiter?.resolve(data.type === 'signed' ? { url: data.url } : { page: data.page });
      return;
    }
    const report = (work: Promise<number>) =>
      work.then(
        (scanned) => port.postMessage({ type: 'done', scanned }),
        (error: unknown) => {
          if (!stop.signal.aborted)
            port.postMessage({
              type: 'failed',
              message: error instanceof Error ? error.message : String(error),
            });
        },
      );
    started = true;
    if (!data.ahead) {
      firstAhead = undefined;
      signedAhead.clear();
    }
    const compiled = compileSearch(data.query, data.prefix);
    if (!compiled.ok) return port.postMessage({ type: 'failed', message: compiled.message });
    void report(
      scanForMatches(listPage, {
        bucket: data.bucket,
        prefix: data.prefix,
        matcher: compiled,
        inFlight: data.inFlight,
        signal: stop.signal,
        onPage: (matches, scanned) => {
          port.postMessage({ type: 'found', matches, scanned });
          if (matches.length > 0 && !firstDrawn)
            firstDrawn = new Promise((resolve) => {
              drawn = resolve;
              setTimeout(resolve, SHOWN_WAIT_MS);
            });
        },
      }),
    );
  };
}
