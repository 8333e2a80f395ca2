import type { ListPageParams, ObjectEntry, ObjectPage } from '../objects';
import type { ListingSigner } from './listing-url';
import type { SearchQuery } from './matcher';

/**
 * The messages between the page and the search worker. The worker signs (with the day's key the page hands it,
 * see listing-url.ts), lists, reads and matches; the page keeps the session (credentials, route) and lists a page
 * itself where a signed URL cannot be fetched from the worker (the relay, a refusal, a failure), so every error is
 * the S3AppError the page always gives. Only matches cross back.
 */

/** A listing request as it crosses to the page: no signal or callback. */
export type PageRequest = Omit<ListPageParams, 'signal' | 'sent'>;

/** A listing request and its presigned URL. */
export interface SignedRequest {
  request: PageRequest;
  url: string;
}

/**
 * How long a first page fetched ahead (see `ahead`) stands for its folder: a search sent later lists it again.
 * A listing read page after page is never one moment's view of a folder; this keeps its first page as recent as
 * a user's typing of a pattern.
 */
export const FETCHED_AHEAD_MS = 15_000;

/** How a request is recognised among those signed ahead. */
export const requestId = (request: PageRequest) => JSON.stringify(request);

export type ToWorker =
  /**
   * The opening requests of a search of one folder, signed by the page ahead of `start` (as the user writes the
   * search, or just before `start`): `first`, the first flat page, is fetched at once and kept for the search
   * (for FETCHED_AHEAD_MS); the others are fetched when the search asks, without asking the page to sign them.
   */
  | { type: 'ahead'; first: SignedRequest; others: SignedRequest[] }
  | {
      type: 'start';
      bucket: string;
      prefix: string;
      query: SearchQuery;
      inFlight?: number;
      /** Whether what `ahead` brought is this search's (same connection and folder, still standing). */
      ahead: boolean;
    }
  /**
   * Sent once after `start`: the worker signs its requests with it from then on; without one (the relay route,
   * or the key could not be made) it asks the page with `sign`.
   */
  | { type: 'signer'; signer?: ListingSigner }
  /**
   * The user started or stopped scrolling the results: while they scroll, the scan asks for one page at a time,
   * leaving the computer's cores to the page's frames (the server and the worker's reading compete with them).
   */
  | { type: 'pace'; scrolling: boolean }
  /** The page drew the first matches (the frame after `found` brought them): the requests held meanwhile go out. */
  | { type: 'shown' }
  /** The page's answer to `sign`: the presigned URL to fetch. */
  | { type: 'signed'; id: number; url: string }
  /** The page's answer to `sign` or `list`: the page it listed itself. */
  | { type: 'listed'; id: number; page: ObjectPage }
  | { type: 'cancel' };

export type FromWorker =
  /** Sign this listing request (the worker has no signer, or not for today), or list it if it cannot be fetched from the worker. */
  | { type: 'sign'; id: number; request: PageRequest }
  /** List this page the usual way: the worker's fetch of it got no listing. */
  | { type: 'list'; id: number; request: PageRequest }
  /** A page was scanned: its matches (often none) and how many keys it held. */
  | { type: 'found'; matches: ObjectEntry[]; scanned: number }
  | { type: 'done'; scanned: number }
  /** The worker failed on its own (the page's failures stay in the page). */
  | { type: 'failed'; message: string }
  /** The answer to `cancel`: every request of the worker is aborted, it can be ended. */
  | { type: 'stopped' };

/** Either end of the conversation: a Worker, the worker's global scope, or a MessagePort in tests. */
export interface ScanPort<In, Out> {
  postMessage(message: Out): void;
  onmessage: ((event: MessageEvent<In>) => void) | null;
}
