import type { ZipItem, ZipProgress } from '../s3/zip-stream';

/**
 * The messages between the page (src/lib/save-stream.ts) and the download service worker (download-sw.ts).
 * An offer goes to the worker with a MessagePort; the rest of that download's talk goes over the port.
 */

/** The offer of a download the worker answers at /_download/<id>: the zip of `items`, which it builds. */
export type DownloadOffer =
  | { kind: 'zip'; id: string; fileName: string; items: ZipItem[] }
  /** Keeps the worker from being stopped as idle while it builds a zip (the port's messages do not count). */
  | { kind: 'keep-alive' };

/** From the worker to the page. */
export type WorkerMessage =
  | { kind: 'ready' }
  /** The worker needs a presigned read of item `index` (the page holds the keys; they are never in the worker). */
  | { kind: 'sign'; index: number }
  | { kind: 'progress'; progress: ZipProgress }
  | { kind: 'end'; progress: ZipProgress; error?: string };

/** From the page to the worker. */
export type PageMessage =
  | { kind: 'signed'; index: number; key: string; url: string; headers?: Record<string, string> }
  | { kind: 'sign-failed'; index: number; message: string }
  | { kind: 'cancel' };

export const DOWNLOAD_PATH = '/_download/';
