import { afterNextFrame } from '../../lib/next-frame';
import { fetchObjectsPage, presignListing, type ObjectEntry } from '../objects';
import { isTableScrolling, onTableScrolling } from '../table-scrolling';
import type { S3Session } from '../session';
import { amzDate, signingCryptoKey } from '../sigv4';
import type { ListingSigner } from './listing-url';
import type { SearchQuery } from './matcher';
import { openingRequests } from './scan';
import {
  FETCHED_AHEAD_MS,
  type FromWorker,
  type PageRequest,
  type ScanPort,
  type SignedRequest,
  type ToWorker,
} from './scan-protocol';

export interface WorkerScanOptions {
  bucket: string;
  prefix: string;
  /** Compiled in the worker: check it in the page first (compileSearch) to tell the user what is wrong. */
  query: SearchQuery;
  signal?: AbortSignal;
  /** After every page: the matches in it (often none) and how many keys it held. */
  onPage: (matches: ObjectEntry[], scanned: number) => void;
  /** Once the first matches are on screen (the frame after them has been drawn). */
  onShown?: () => void;
  inFlight?: number;
}

/** A conversation with a search worker, and how to end it. */
export interface ScanChannel {
  port: ScanPort<FromWorker, ToWorker>;
  close: () => void;
  /** Called if the worker cannot run (its script failed). */
  onFailure?: (listener: (message: string) => void) => void;
  /** The session and folder whose opening requests it was handed (see sendAhead), and when. */
  ahead?: { session: S3Session; folder: string; at: number };
}

/** A new search worker: one per search, ended (its requests with it) when the search ends. */
function startScanWorker(): ScanChannel {
  const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { type: 'module', name: 'search' });
  // A worker started ahead may fail before anyone listens: its failure is kept for the listener.
  let failure: string | undefined;
  let listener: ((message: string) => void) | undefined;
  worker.onerror = (event) => {
    failure = event.message || 'its script did not load';
    listener?.(failure);
  };
  return {
    port: worker,
    close: () => worker.terminate(),
    onFailure: (listen) => {
      listener = listen;
      if (failure !== undefined) listen(failure);
    },
  };
}

let spare: ScanChannel | undefined;

/**
 * Starts the next search's worker now, as the user is about to search (the search field has focus), so the
 * search does not wait for the worker's script to load and start.
 */
export function prepareScanWorker(): void {
  spare ??= startScanWorker();
}

/** The opening requests of a search of one folder, signed ahead (see signOpeningRequests). */
let opening:
  | {
      session: S3Session;
      bucket: string;
      prefix: string;
      at: number;
      /** Settles once they are signed, or could not be. */
      ready: Promise<void>;
      signed?: { first: SignedRequest; others: SignedRequest[] };
    }
  | undefined;

/** Signed listing URLs hold for 5 minutes (presignListing); ones signed longer ago than this are signed again. */
const SIGNED_AHEAD_MS = 2 * 60_000;

/**
 * Signs the opening requests of a search of this folder now, as the user is about to search: the search's first
 * requests then leave the moment it starts, without a round trip to the page, whose main thread is busy drawing
 * the results page just then. Resolves once they are signed (or could not be: the search then signs them).
 */
export function signOpeningRequests(session: S3Session, bucket: string, prefix: string): Promise<void> {
  const last = opening;
  if (last?.session === session && last.bucket === bucket && last.prefix === prefix && fresh(last.at))
    return last.ready;
  void signerFor(session, bucket);
  const { flat, level } = openingRequests(bucket, prefix);
  const sign = async (request: PageRequest) => ({ request, url: await presignListing(session, request) });
  const entry: NonNullable<typeof opening> = {
    session,
    bucket,
    prefix,
    at: Date.now(),
    ready: Promise.all([sign(flat), sign(level)])
      .then(([first, other]) => {
        // None off the direct route: the search then asks for each page as usual.
        if (first.url !== undefined && other.url !== undefined)
          entry.signed = {
            first: { request: first.request, url: first.url },
            others: [{ ...other, url: other.url }],
          };
      })
      .catch(() => {}), // signed when the search asks, as usual
  };
  opening = entry;
  return entry.ready;
}

const fresh = (at: number) => Date.now() - at < SIGNED_AHEAD_MS;

/**
 * As the user starts writing a search of this folder (its field has focus), its first page is fetched, by the
 * worker that will run it: that page does not depend on the pattern, so a search sent within FETCHED_AHEAD_MS
 * has it in hand and shows its first matches without a round trip to the server.
 */
export async function fetchFirstPageAhead(session: S3Session, bucket: string, prefix: string): Promise<void> {
  prepareScanWorker();
  await signOpeningRequests(session, bucket, prefix);
  if (spare) sendAhead(spare, session, bucket, prefix);
}

/**
 * Drops the first page fetched ahead, as a listing the app holds may have changed (a write here or in another
 * tab): the next search has its worker fetch the page again as it starts.
 */
export function forgetFirstPageAhead(): void {
  if (spare) spare.ahead = undefined;
}

/**
 * Hands the worker the opening requests of a search of this folder signed ahead, with which it fetches the first
 * page at once: once per session and folder while a page it fetched stands (FETCHED_AHEAD_MS). Returns whether
 * the worker holds them for this session and folder, which the search's `start` tells it: what it holds for
 * another (an earlier connection's, a page fetched before a write) is dropped.
 */
function sendAhead(channel: ScanChannel, session: S3Session, bucket: string, prefix: string): boolean {
  const folder = `${bucket}/${prefix}`;
  const sent = channel.ahead;
  if (sent?.session === session && sent.folder === folder && Date.now() - sent.at < FETCHED_AHEAD_MS)
    return true;
  const entry = opening;
  const { signed } = entry ?? {};
  if (!signed || entry?.session !== session || entry.bucket !== bucket || entry.prefix !== prefix)
    return false;
  if (!fresh(entry.at)) return false;
  channel.ahead = { session, folder, at: Date.now() };
  channel.port.postMessage({ type: 'ahead', ...signed });
  return true;
}

/** Each session's listing signer, of the last bucket searched: made once a day per bucket. */
const signers = new WeakMap<
  S3Session,
  { bucket: string; day: string; signer: Promise<ListingSigner | undefined> }
>();

/** The day of the scope a request signed now would have, by the server's clock. */
const serverDay = (session: S3Session) => amzDate(new Date(Date.now() + session.clockOffsetMs)).slice(0, 8);

function signerFor(session: S3Session, bucket: string): Promise<ListingSigner | undefined> {
  const cached = signers.get(session);
  if (cached?.bucket === bucket && cached.day === serverDay(session)) return cached.signer;
  // Without a signer the worker asks the page to sign each request, as it did before it could sign.
  const signer = listingSigner(session, bucket).catch(() => undefined);
  signers.set(session, { bucket, day: serverDay(session), signer });
  return signer;
}

/**
 * What the search worker needs to sign this bucket's listings itself today (see listing-url.ts), or undefined
 * off the direct route. The bucket's address and the region of the scope are read from a listing URL the SDK
 * signed, so the worker's URLs are the ones the SDK would make.
 */
export async function listingSigner(session: S3Session, bucket: string): Promise<ListingSigner | undefined> {
  const sample = await presignListing(session, { bucket, prefix: '' });
  if (sample === undefined) return undefined;
  const url = new URL(sample);
  const region = url.searchParams.get('X-Amz-Credential')?.split('/').at(-3);
  if (!region) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken } = await session.directClient.config.credentials();
  const day = serverDay(session);
  return {
    bucketUrl: `${url.origin}${url.pathname}`,
    accessKeyId,
    sessionToken,
    region,
    day,
    key: await signingCryptoKey(secretAccessKey, day, region),
    clockOffsetMs: session.clockOffsetMs,
  };
}

/** The scans running now. */
const running = new Set<ScanPort<FromWorker, ToWorker>>();

// While the user scrolls the results, running scans ask for one page at a time, so the server and the worker
// leave the computer's cores to the page's frames.
onTableScrolling((scrolling) => {
  for (const port of running) port.postMessage({ type: 'pace', scrolling });
});

/** The worker started ahead, or a new one. */
export function takeScanWorker(): ScanChannel {
  const ready = spare ?? startScanWorker();
  spare = undefined;
  return ready;
}

/**
 * scanForMatches (scan.ts) run in a worker, so that signing, reading and matching every page never holds up the
 * page while the user scrolls the results. The page hands the worker a signer (the day's signing key, never the
 * secret), signs where the worker cannot, and lists a page itself where the worker's fetch got no listing (see
 * scan-protocol.ts); only the matches cross back. Aborting the signal ends the worker and every request.
 * Resolves with the number of keys scanned.
 */
export function scanInWorker(
  session: S3Session,
  options: WorkerScanOptions,
  channel: ScanChannel = takeScanWorker(),
): Promise<number> {
  const { bucket, prefix, query, signal, onPage, onShown, inFlight } = options;
  const ahead = sendAhead(channel, session, bucket, prefix);
  let firstFound = false;
  return talkToWorker(
    session,
    channel,
    { type: 'start', bucket, prefix, query, inFlight, ahead },
    signal,
    (data) => {
      if (data.type !== 'found') return;
      onPage(data.matches, data.scanned);
      // The worker holds its next requests until the first matches are on screen (see `shown`).
      if (data.matches.length > 0 && !firstFound) {
        firstFound = true;
        void afterNextFrame().then(() => {
          channel.port.postMessage({ type: 'shown' });
          onShown?.();
        });
      }
    },
  ).catch((error: unknown) => {
    throw error instanceof WorkerDidNotStart
      ? new Error(`The search could not start (${error.message}). Reload the page and search again.`)
      : error;
  });
}

/** The worker's script did not load or start; the message says why. */
class WorkerDidNotStart extends Error {}

/**
 * Sends `start` to the worker, then its signer, and serves it until it is done: signs the requests it cannot,
 * lists the pages it cannot fetch, passes on its other messages to `onMessage`. Resolves with the keys the worker read; aborting the signal ends
 * the worker (once it has stopped its requests) and rejects.
 */
function talkToWorker(
  session: S3Session,
  channel: ScanChannel,
  start: Extract<ToWorker, { type: 'start' }>,
  signal: AbortSignal | undefined,
  onMessage: (data: FromWorker) => void,
): Promise<number> {
  const { port } = channel;
  // The page's own listings (relay, fallbacks) stop with the worker.
  const stop = new AbortController();
  return new Promise<number>((resolve, reject) => {
    let ended = false;
    const end = (settle: () => void, workerDone = false) => {
      if (ended) return;
      ended = true;
      running.delete(port);
      signal?.removeEventListener('abort', onAbort);
      stop.abort();
      settle();
      if (workerDone) return channel.close();
      // Ended only once it has aborted its requests: a worker ended mid-request leaves the request unfinished.
      port.onmessage = ({ data }) => data.type === 'stopped' && channel.close();
      port.postMessage({ type: 'cancel' });
    };
    const onAbort = () => end(() => reject(signal?.reason));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    channel.onFailure?.((message) => end(() => reject(new WorkerDidNotStart(message)), true));

    const answer = async (type: 'sign' | 'list', id: number, request: PageRequest) => {
      try {
        const url = type === 'sign' ? await presignListing(session, request) : undefined;
        if (ended) return;
        if (url !== undefined) return port.postMessage({ type: 'signed', id, url });
        const page = await fetchObjectsPage(session, { ...request, signal: stop.signal });
        if (!ended) port.postMessage({ type: 'listed', id, page: page.read() });
      } catch (error) {
        end(() => reject(error));
      }
    };
    port.onmessage = ({ data }) => {
      switch (data.type) {
        case 'sign':
        case 'list':
          return void answer(data.type, data.id, data.request);
        case 'done':
          return end(() => resolve(data.scanned), true);
        case 'failed':
          return end(() => reject(new Error(data.message)), true);
        default:
          return onMessage(data);
      }
    };
    port.postMessage(start);
    if (!ended) {
      running.add(port);
      if (isTableScrolling()) port.postMessage({ type: 'pace', scrolling: true });
    }
    void signerFor(session, start.bucket).then((signer) => {
      // With the clock offset the SDK knows now, which may have been learned since the key was made.
      if (!ended)
        port.postMessage({
          type: 'signer',
          signer: signer && { ...signer, clockOffsetMs: session.clockOffsetMs },
        });
    });
  });
}
