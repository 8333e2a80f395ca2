import {
  PutObjectCommand,
  type S3Client,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Command as ClientCommand, SmithyResolvedConfiguration } from '@smithy/core/client';
import type { Command, HttpHandlerOptions } from '@smithy/types';
import { createS3Client } from './client';
import { parseS3ErrorXml } from './error-xml';
import { isNetworkFailure, s3AnswerError, S3AppError, toS3AppError, type ErrorContext } from './errors';
import type { ConnectionProfile, Credentials } from './profile';
import { relayAllows, type RelayConfig } from './relay';
import {
  PATH_HEADER,
  RELAY_BATCH_PATH,
  RELAY_PATH,
  RELAY_REQUESTS_PATH,
  ZIP_PATH,
  TARGET_HEADER,
} from './relay-protocol';
import { RequestBatcher } from './request-batcher';
import { withRetries } from './upload/retry';
import { HeaderSigner, type BareRequest } from './header-signer';
import { canonicalQuery, escapeUri } from './sigv4';
import type { BatchedAnswer } from './relay-protocol';

/** Any S3 command, typed as S3Client.send takes it, so its output type flows through. */
type S3Command<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  SmithyResolvedConfiguration<HttpHandlerOptions>
>;
/** Any S3 command, typed as the presigner takes it. */
type PresignableCommand<I extends ServiceInputTypes, O extends ServiceOutputTypes> = ClientCommand<
  I,
  O,
  S3Client['config'],
  ServiceInputTypes,
  ServiceOutputTypes
>;
export type Route = 'direct' | 'relay';
/** How a command leaves: a route, or many commands per request through the app's server (request-batcher.ts). */
type ClientRoute = Route | 'batch';

export interface CallTarget {
  bucket?: string;
  key?: string;
  signal?: AbortSignal;
  /**
   * 'relay': through the relay whatever the transport (the CORS doctor's way to fix a bucket that refuses the
   * page). 'batch': many such commands per request through the app's server, when the connection may use it (see
   * `batchesRequests`); routed as usual otherwise. For requests without a body only.
   */
  via?: 'relay' | 'batch';
}

/**
 * A request whose signature is in its URL, as one of the upload senders takes it (see upload/xhr-send.ts):
 * `url` and `headers` are where and how the session routed it.
 */
export interface SignedRequest {
  url: string;
  headers?: Record<string, string>;
}

/**
 * The single door to S3 for one connection. Every request of the page leaves through one of its transports:
 * - `send`: an SDK command;
 * - `fetchSigned`: a presigned URL read by fetch (previews, zip entries, anonymous checks, listing pages);
 * - `sendSigned`: a presigned PUT, part or form POST handed to an upload sender (XMLHttpRequest in the page);
 * - `batchUploadUrl`: small files many per request, through the app's server (upload/batch-post.ts).
 * Each one is routed here (direct, relay, or auto: direct until the endpoint refuses the page), signs with the
 * server's clock as the SDK learned it, and its failures become S3AppErrors here (`toAppError`, `explain`).
 */
export class S3Session {
  readonly profile: ConnectionProfile;
  readonly relayAvailable: boolean;
  /**
   * Where small files may go many per request, through the app's server (server/batch-upload.ts); undefined on a
   * static host, for an endpoint the relay does not serve, and when the user chose "direct" (their bytes then never
   * pass through the app's server).
   */
  readonly batchUploadUrl: string | undefined;
  private readonly credentials: Credentials;
  private readonly relayUrl: string | undefined;
  private readonly requestBatchUrl: string | undefined;
  private readonly clients = new Map<ClientRoute, S3Client>();
  /** The request batch lane's client: the batch SDK client and `sendBatched` share its batches. */
  private batcher: RequestBatcher | undefined;
  private signer: HeaderSigner | undefined;
  /** Each bucket's URL as the SDK addresses it (path or virtual-host style), for `sendBatched`. */
  private readonly bucketUrls = new Map<string, Promise<URL>>();
  /** In auto mode: buckets ('' for service-level calls) that were found to need the relay. */
  private readonly relayedScopes = new Set<string>();
  /** Told when auto mode switches a scope to the relay, so the UI can say so. */
  onRelaySwitch?: (scope: string) => void;

  constructor(
    profile: ConnectionProfile,
    credentials: Credentials,
    relay: RelayConfig | null,
    origin = globalThis.location?.origin,
  ) {
    this.profile = profile;
    this.credentials = credentials;
    this.relayAvailable = relayAllows(relay, profile.endpoint) && !!origin;
    this.relayUrl = origin ? new URL(RELAY_PATH, origin).toString() : undefined;
    this.batchUploadUrl =
      this.relayAvailable && profile.transport !== 'direct'
        ? new URL(RELAY_BATCH_PATH, origin).toString()
        : undefined;
    this.requestBatchUrl =
      this.relayAvailable && profile.transport !== 'direct'
        ? new URL(RELAY_REQUESTS_PATH, origin).toString()
        : undefined;
  }

  /**
   * Whether a key with a "." or ".." segment can be addressed: a browser rewrites such segments of a URL's path
   * (even encoded as %2E), so from a page only the relay (which gets the key apart from the URL) reaches them.
   * Node's HTTP client (the integration tests) sends a path as it is given.
   */
  get reachesDotSegments(): boolean {
    return typeof window === 'undefined' || (this.relayAvailable && this.profile.transport !== 'direct');
  }

  /**
   * Whether `via: 'batch'` sends many commands per request through the app's server: not on a static host, not
   * for an endpoint the relay does not serve, and never when the user chose "direct".
   */
  get batchesRequests(): boolean {
    return !!this.requestBatchUrl;
  }

  /**
   * Where the app's server builds a zip from presigned reads (server/zip-archive.ts), under the same conditions as
   * `batchesRequests`: the browser then saves it as a plain download, no page or worker passing its bytes on.
   */
  get serverZipUrl(): string | undefined {
    return this.requestBatchUrl ? new URL(ZIP_PATH, this.requestBatchUrl).toString() : undefined;
  }

  get accessKeyId(): string {
    return this.credentials.accessKeyId;
  }

  /** A client that talks to the real endpoint: presigned links must always name it, never the relay. */
  get directClient(): S3Client {
    return this.client('direct');
  }

  routeFor(bucket = ''): Route {
    if (this.profile.transport === 'relay') return 'relay';
    if (this.profile.transport === 'auto' && this.relayedScopes.has(bucket)) return 'relay';
    return 'direct';
  }

  /**
   * How to read an object's headers (HeadObject). A page sees only the response headers the bucket's CORS rule
   * exposes, and S3 allows no wildcard there, so user metadata is hidden unless each name is listed: in auto mode
   * the relay (same origin, sees every header) reads them, so the details panel shows and an edit keeps them all.
   */
  headersRoute(bucket = ''): Route {
    return this.profile.transport === 'auto' && this.relayAvailable ? 'relay' : this.routeFor(bucket);
  }

  /** Sends one command, mapping every failure to an S3AppError. */
  async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: S3Command<I, O>,
    target: CallTarget = {},
  ): Promise<O> {
    const route: ClientRoute =
      target.via === 'batch' && !this.requestBatchUrl
        ? this.routeFor(target.bucket)
        : (target.via ?? this.routeFor(target.bucket));
    try {
      return await this.sendVia(route, command, target.signal);
    } catch (error) {
      if (route === 'direct' && isNetworkFailure(error) && !target.signal?.aborted) {
        if (this.profile.transport === 'auto' && this.relayAvailable) {
          // Most likely CORS (RGW gives none for service calls): the relay carries the same signed request.
          try {
            const output = await this.sendVia('relay', command, target.signal);
            this.relayedScopes.add(target.bucket ?? '');
            this.onRelaySwitch?.(target.bucket ?? '');
            return output;
          } catch (relayError) {
            throw this.toAppError(relayError, target);
          }
        }
        throw await this.explain(error, target);
      }
      throw this.toAppError(error, target);
    }
  }

  /**
   * One request without a body to an object (`query` e.g. `{ acl: '' }`), signed here and sent through the request
   * batch lane: no SDK command, for requests a job makes by the thousand (a folder's copies and ACL reads). Only
   * where `batchesRequests`. Resolves with a 2xx answer; any other answer, or none, rejects as an S3AppError, after
   * the SDK's retries (no answer, a server error, throttling).
   */
  async sendBatched(
    request: {
      method: string;
      bucket: string;
      key: string;
      query?: Record<string, string>;
      headers?: Record<string, string>;
    },
    target: CallTarget = {},
  ): Promise<BatchedAnswer> {
    if (!this.requestBatchUrl) throw noRelay();
    const batcher = (this.batcher ??= new RequestBatcher(this.requestBatchUrl));
    const signer = (this.signer ??= new HeaderSigner(this.credentials, this.profile.region));
    const { bucket, key, query } = request;
    try {
      const url = await this.bucketUrl(bucket);
      const path = `${url.pathname}${key.split('/').map(escapeUri).join('/')}`;
      const bare: BareRequest = {
        method: request.method,
        host: url.host,
        path,
        query,
        headers: request.headers,
      };
      const search = Object.keys(query ?? {}).length ? `?${canonicalQuery(query!)}` : '';
      return await withRetries(
        async () => {
          const headers = await signer.sign(bare, new Date(Date.now() + this.clockOffsetMs));
          const answer = await batcher.send(
            url.origin,
            { method: request.method, path: `${path}${search}`, headers },
            target.signal,
          );
          if (answer.status >= 300)
            throw s3AnswerError(answer.status, {
              requestId: answer.headers['x-amz-request-id'],
              ...parseS3ErrorXml(answer.body),
            });
          return answer;
        },
        { signal: target.signal, delays: BATCH_RETRY_DELAYS_MS },
      );
    } catch (error) {
      throw this.toAppError(error, target);
    }
  }

  /** The bucket's URL as the SDK addresses it: a presigned PUT's, key and query taken off (signing is local). */
  private bucketUrl(bucket: string): Promise<URL> {
    let url = this.bucketUrls.get(bucket);
    if (!url) {
      url = getSignedUrl(this.directClient, new PutObjectCommand({ Bucket: bucket, Key: 'k' }), {
        expiresIn: 60,
      }).then((signed) => {
        const parsed = new URL(signed);
        if (!parsed.pathname.endsWith('/k'))
          throw new Error(`Unexpected object URL shape: ${parsed.pathname}`);
        return new URL(`${parsed.origin}${parsed.pathname.slice(0, -1)}`);
      });
      url.catch(() => this.bucketUrls.delete(bucket));
      this.bucketUrls.set(bucket, url);
    }
    return url;
  }

  /**
   * A presigned URL for the real endpoint, never the relay: links must work for anyone who has them, and uploads
   * are routed when sent (`sendSigned`). Signed with the server's clock as far as the SDK has learned it.
   */
  presign<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: PresignableCommand<I, O>,
    options: { expiresIn: number; signingDate?: Date },
  ): Promise<string> {
    return getSignedUrl(this.directClient, command, options);
  }

  /** The server's clock minus this computer's, in ms, as learned from answers' Date headers (0 until known). */
  get clockOffsetMs(): number {
    return this.directClient.config.systemClockOffset ?? 0;
  }

  /**
   * Reads a presigned URL with fetch: straight from the endpoint, or through the relay when this bucket's calls
   * go that way (the signature is in the query, so the relay only carries it). A request that got no answer is
   * rejected as an S3AppError; an answer, even an error, is returned for the caller to read (see `answerError`).
   */
  async fetchSigned(bucket: string, url: string, init: RequestInit = {}): Promise<Response> {
    const routed = this.routeSigned(bucket, url);
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(routed.headers ?? {})) headers.set(name, value);
    try {
      return await fetch(routed.url, { ...init, headers });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw this.toAppError(error, { bucket });
    }
  }

  /**
   * Hands a presigned upload request to `sender` (XMLHttpRequest in the page, fetch in tests), routed like the
   * bucket's other calls. Failures come back raw, in the shapes the retry logic reads; `explain` maps the last.
   */
  sendSigned<R extends SignedRequest, T>(bucket: string, request: R, sender: (request: R) => Promise<T>) {
    const routed = this.routeSigned(bucket, request.url);
    return sender({ ...request, url: routed.url, headers: { ...request.headers, ...routed.headers } });
  }

  /** Where a presigned request goes: the URL itself, or the relay with the signed target in headers. */
  routeSigned(bucket: string, url: string): SignedRequest {
    if (this.routeFor(bucket) === 'direct') return { url, headers: {} };
    if (!this.relayUrl) throw noRelay();
    const target = new URL(url);
    return {
      url: this.relayUrl,
      headers: { [TARGET_HEADER]: target.origin, [PATH_HEADER]: `${target.pathname}${target.search}` },
    };
  }

  /** An S3 error answer read by fetch (`<Error><Code>…`), as the S3AppError the SDK path would give. */
  async answerError(response: Response, target: CallTarget = {}): Promise<S3AppError> {
    const text = await response.text().catch(() => '');
    const answer = s3AnswerError(response.status, {
      requestId: response.headers.get('x-amz-request-id') ?? undefined,
      ...parseS3ErrorXml(text),
    });
    return this.toAppError(answer, target);
  }

  /** Any failure of a call to `target`, as an S3AppError (without asking why a request got no answer). */
  toAppError(error: unknown, target: CallTarget = {}): S3AppError {
    return toS3AppError(error, this.context(target));
  }

  /**
   * The same, for a request that went straight to the endpoint and may have been refused by CORS: a browser
   * hides that from the page, so a request that got no answer is followed by a probe that tells CORS from
   * nobody there.
   */
  async explain(error: unknown, target: CallTarget = {}): Promise<S3AppError> {
    const direct = this.routeFor(target.bucket) === 'direct';
    if (!direct || !isNetworkFailure(error) || target.signal?.aborted) return this.toAppError(error, target);
    return toS3AppError(error, this.context(target), await probeEndpoint(this.profile.endpoint));
  }

  private context(target: CallTarget): ErrorContext {
    return {
      endpoint: this.profile.endpoint,
      region: this.profile.region,
      bucket: target.bucket,
      key: target.key,
    };
  }

  private sendVia<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    route: ClientRoute,
    command: S3Command<I, O>,
    signal?: AbortSignal,
  ): Promise<O> {
    const client = this.client(route);
    // The SDK learns the server's clock from each answer's Date header (visible through the relay, or when a
    // CORS rule exposes it). Share what one client learned with the other, and with presigned links.
    const shareClock = () => {
      for (const other of this.clients.values())
        other.config.systemClockOffset = client.config.systemClockOffset;
    };
    return client.send(command, { abortSignal: signal }).finally(shareClock);
  }

  private client(route: ClientRoute): S3Client {
    let client = this.clients.get(route);
    if (!client) {
      if (route === 'relay' && !this.relayUrl) throw noRelay();
      if (route === 'batch' && !this.requestBatchUrl) throw noRelay();
      client = createS3Client(this.profile, this.credentials, {
        relayUrl: route === 'relay' ? this.relayUrl : undefined,
        batcher: route === 'batch' ? (this.batcher ??= new RequestBatcher(this.requestBatchUrl!)) : undefined,
      });
      const known = this.clients.values().next().value;
      if (known) client.config.systemClockOffset = known.config.systemClockOffset;
      this.clients.set(route, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

/** Waits before the retries of a batched request: the SDK's three attempts, a blip retried at once. */
const BATCH_RETRY_DELAYS_MS = [0, 1000];

function noRelay(): S3AppError {
  return new S3AppError(
    'relay-refused',
    'This copy of the app has no relay.',
    'Use direct mode, or run the app with its own server.',
    { code: 'NoRelay' },
  );
}

/**
 * A browser hides why a fetch failed. A `no-cors` request still completes when the server answers at all, so it
 * tells "answered but CORS refused" from "nobody there". Outside a browser there is no CORS to blame.
 */
export async function probeEndpoint(endpoint: string): Promise<'cors' | 'unreachable'> {
  if (typeof window === 'undefined') return 'unreachable';
  try {
    await fetch(endpoint, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5000) });
    return 'cors';
  } catch {
    return 'unreachable';
  }
}
