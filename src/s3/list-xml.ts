import type { ListObjectsV2Command, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type { DeserializeMiddleware } from '@smithy/types';
import type { ObjectEntry } from './objects';
import { decodeXmlText } from './error-xml';
import type { S3Session } from './session';

/** What the listing needs from one ListObjectsV2 answer. */
export interface ListingXml {
  objects: ObjectEntry[];
  folders: string[];
  isTruncated: boolean;
  nextToken?: string;
}

/**
 * Reads a ListObjectsV2 answer (ListBucketResult) by scanning for its few tags. The SDK's general XML path
 * (DOMParser, then a generic object, then its schema walker) costs the main thread far more per page, which made
 * a folder's first rows wait and "Load all" CPU-bound. Scanning is exact for this document: every `<` inside a
 * value is escaped, so a tag name found by indexOf is always a tag. Returns undefined for anything that is not a ListBucketResult.
 */
export function parseListObjectsV2(xml: string): ListingXml | undefined {
  if (!xml.includes('<ListBucketResult')) return undefined;
  const objects: ObjectEntry[] = [];
  let at = 0;
  for (;;) {
    const start = xml.indexOf('<Contents>', at);
    if (start < 0) break;
    const end = xml.indexOf('</Contents>', start);
    if (end < 0) return undefined;
    const entry = entryOf(xml, start, end);
    if (entry) objects.push(entry);
    at = end;
  }
  const folders = commonPrefixesOf(xml);
  if (!folders) return undefined;
  const isTruncated = valueOf(xml, 'IsTruncated', 0, xml.length) === 'true';
  return { objects, folders, isTruncated, nextToken: nextTokenOf(xml) };
}

/** The entry of one `<Contents>` element, between its `start` and `end`; undefined without a key. */
export function entryOf(xml: string, start: number, end: number): ObjectEntry | undefined {
  const key = valueOf(xml, 'Key', start, end);
  if (key === undefined) return undefined;
  const modified = valueOf(xml, 'LastModified', start, end);
  return {
    key,
    size: Number(valueOf(xml, 'Size', start, end) ?? 0),
    lastModified: modified === undefined ? undefined : Date.parse(modified),
    etag: valueOf(xml, 'ETag', start, end),
    storageClass: sharedText(valueOf(xml, 'StorageClass', start, end)),
  };
}

/** The common prefixes ("folders") of a listing answer, in order; undefined when one is cut off. */
export function commonPrefixesOf(xml: string): string[] | undefined {
  const folders: string[] = [];
  let at = 0;
  for (;;) {
    const start = xml.indexOf('<CommonPrefixes>', at);
    if (start < 0) return folders;
    const end = xml.indexOf('</CommonPrefixes>', start);
    if (end < 0) return undefined;
    const prefix = valueOf(xml, 'Prefix', start, end);
    if (prefix) folders.push(prefix);
    at = end;
  }
}

const sharedTexts = new Map<string, string>();

/** One string for each of a few values repeated in every entry (a storage class), not one per key. */
function sharedText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let known = sharedTexts.get(value);
  if (known === undefined) sharedTexts.set(value, (known = value));
  return known;
}

/** The continuation token of a ListObjectsV2 answer, without reading its entries; absent on the last page. */
export function nextTokenOf(xml: string): string | undefined {
  return valueOf(xml, 'IsTruncated', 0, xml.length) === 'true'
    ? valueOf(xml, 'NextContinuationToken', 0, xml.length)
    : undefined;
}

/** A whole ListBucketResult (not an error, a login page or a cut-off body): checked without reading it. */
function isWholeListing(xml: string): boolean {
  return xml.includes('<ListBucketResult') && xml.trimEnd().endsWith('</ListBucketResult>');
}

/** A listing answer as it arrives: its continuation token read at once, its entries only when asked for. */
export interface ArrivedListing {
  nextToken?: string;
  read: () => ListingXml;
}

/**
 * Reading 1000 entries takes a few milliseconds of main thread; with the token read first, the request for the
 * next page can go out before they are read (see "Load all").
 */
function arrived(xml: string): ArrivedListing {
  return {
    nextToken: nextTokenOf(xml),
    read: () => {
      const listing = parseListObjectsV2(xml);
      if (!listing) throw new Error('The server sent a listing this app could not read.');
      return listing;
    },
  };
}

/** The text of the first `<tag>` between `from` and `to`, entities decoded. */
export function valueOf(xml: string, tag: string, from: number, to: number): string | undefined {
  const open = xml.indexOf(`<${tag}>`, from);
  if (open < 0 || open >= to) return undefined;
  const start = open + tag.length + 2;
  const end = xml.indexOf(`</${tag}>`, start);
  if (end < 0 || end > to) return undefined;
  return ownCopy(decodeEntities(xml.slice(start, end)));
}

/**
 * A value cut from the answer's text is a view of that text (and an ETag a join of three pieces): kept in a
 * listing, each would keep its page's whole text alive. The browser holds those texts outside the JS heap,
 * so a listing looked small while it held every page it had read. A copy of its own lets the page go.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  // Every ETag comes as &quot;...&quot;: the common case without a callback per entity.
  if (text.startsWith('&quot;') && text.endsWith('&quot;') && text.indexOf('&', 6) === text.length - 6)
    return `"${text.slice(6, -6)}"`;
  return decodeXmlText(text);
}

const EMPTY_LISTING = new TextEncoder().encode('<ListBucketResult></ListBucketResult>');

/**
 * Puts parseListObjectsV2 in front of the SDK's deserializer for this one command: a successful answer is read
 * here, and the SDK is handed an empty ListBucketResult to deserialize (nearly free). Failures go through the
 * SDK untouched, so errors keep their codes and metadata. `result()` gives the last answer read this way.
 */
export function readListingFast(command: ListObjectsV2Command): { result: () => ListingXml | undefined } {
  return readAnswerFast(command, parseListObjectsV2, EMPTY_LISTING);
}

/**
 * The same for any listing command: `parse` reads a successful answer's XML (undefined when it is not the
 * document expected, and the SDK then reads it as it would have), and the SDK deserializes `empty` instead.
 */
export function readAnswerFast<T>(
  command: { middlewareStack: unknown },
  parse: (xml: string) => T | undefined,
  empty: Uint8Array,
  /**
   * 'after-s3-checks': the answer is read once the S3 client's own check has seen it (an error sent with status
   * 200, or an empty body, which a copy's answer must not be): for CopyObject and the like.
   */
  placement: 'first' | 'after-s3-checks' = 'first',
): { result: () => T | undefined } {
  let parsed: T | undefined;
  const read: DeserializeMiddleware<object, object> = (next) => async (args) => {
    const out = await next(args);
    const response = out.response as { statusCode?: number; body?: unknown };
    if (response.statusCode === 200 && response.body !== undefined) {
      const text = await bodyText(response.body);
      parsed = parse(text);
      // Not the listing after all: the SDK reads it as it would have.
      response.body = parsed ? empty : new TextEncoder().encode(text);
    }
    return out;
  };
  // Each command's stack has its own type, and a union of them is not callable.
  const stack = command.middlewareStack as {
    add(m: DeserializeMiddleware<object, object>, o: object): void;
    addRelativeTo(m: DeserializeMiddleware<object, object>, o: object): void;
  };
  if (placement === 'after-s3-checks') {
    // Between the SDK's deserializer and its 200-error check: the check sees the real answer first.
    stack.addRelativeTo(read, {
      relation: 'before',
      toMiddleware: 'throw200ExceptionsMiddleware',
      name: 's3fmReadListingFast',
      override: true,
    });
  } else {
    stack.add(read, {
      // Inside the SDK's deserializer (a lower priority runs later on the way out, i.e. sees the response first).
      step: 'deserialize',
      priority: 'low',
      name: 's3fmReadListingFast',
      override: true,
    });
  }
  return { result: () => parsed };
}

/** The whole body as text: a web stream in the browser, a Node stream in tests, or bytes. */
async function bodyText(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (typeof (body as ReadableStream).getReader === 'function')
    return new Response(body as ReadableStream).text();
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  }
  return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** How a listing's simple GET is fetched: no cookies, no cache, and a redirect seen as such (not followed). */
export const SIMPLE_GET: RequestInit = { credentials: 'omit', cache: 'no-store', redirect: 'manual' };

/** A 200 answer's text read as a listing, unread but for its token; undefined when it is not a whole listing. */
export function arrivedListing(text: string): ArrivedListing | undefined {
  return isWholeListing(text) ? arrived(text) : undefined;
}

/**
 * A listing page as a "simple" cross-origin request: a presigned GET sent by fetch with no headers of its own.
 * A request signed in headers (Authorization, x-amz-*) needs a CORS preflight, and the preflight cache is per
 * URL, so every page of a listing (each with its own continuation token) would cost a second round trip to the
 * server. Only on the direct route
 * in a browser; returns undefined whenever it cannot answer (relay, a network failure, a 5xx or redirect, an
 * unexpected body), and the caller sends the command the usual way. A 4xx is thrown as the S3AppError it is.
 * The answer comes back unread but for its continuation token (see ArrivedListing).
 */
export async function listViaSimpleGet(
  session: S3Session,
  bucket: string,
  command: ListObjectsV2Command,
  options: { signal?: AbortSignal; sent?: () => void } = {},
): Promise<ArrivedListing | undefined> {
  const text = await listingTextViaSimpleGet(session, bucket, command, options);
  return text === undefined ? undefined : arrivedListing(text);
}

/**
 * The text of a successful answer to any listing command sent as a simple GET (see listViaSimpleGet), for the
 * caller to check and read; undefined where the command must go the usual way.
 */
export async function listingTextViaSimpleGet(
  session: S3Session,
  bucket: string,
  command: ListObjectsV2Command | ListObjectVersionsCommand,
  { signal, sent }: { signal?: AbortSignal; sent?: () => void } = {},
): Promise<string | undefined> {
  if (typeof window === 'undefined' || session.routeFor(bucket) !== 'direct') return undefined;
  let response: Response;
  try {
    const url = await session.presign(command, { expiresIn: 300 });
    const answer = session.fetchSigned(bucket, url, { ...SIMPLE_GET, signal });
    sent?.();
    response = await answer;
    if (response.status === 200) return await response.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
  // A refusal (4xx) is the server's answer: reported as the SDK path reports it, without asking twice. Anything
  // else (5xx, a redirect) goes the usual way, with the SDK's retries and redirect handling.
  if (response.status >= 400 && response.status < 500) throw await session.answerError(response, { bucket });
  return undefined;
}
