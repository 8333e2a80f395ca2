import type { S3Client, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-s3';
import type { SmithyResolvedConfiguration } from '@smithy/core/client';
import type { Command, HttpHandlerOptions } from '@smithy/types';
import { createS3Client } from './client';
import { isNetworkFailure, S3AppError, toS3AppError, type ErrorContext } from './errors';
import type { ConnectionProfile, Credentials } from './profile';
import { relayAllows, type RelayConfig } from './relay';
import { RELAY_BATCH_PATH, RELAY_PATH } from './relay-protocol';

/** Any S3 command, typed as S3Client.send takes it, so its output type flows through. */
type S3Command<I extends ServiceInputTypes, O extends ServiceOutputTypes> = Command<
  ServiceInputTypes,
  I,
  ServiceOutputTypes,
  O,
  SmithyResolvedConfiguration<HttpHandlerOptions>
>;
type Route = 'direct' | 'relay';

export interface CallTarget {
  bucket?: string;
  key?: string;
  signal?: AbortSignal;
  /** Send through the relay whatever the transport: the CORS doctor's way to fix a bucket that refuses the page. */
  via?: 'relay';
}

/**
 * The single door to S3: holds the clients for one connection and chooses, per call, whether it goes straight
 * to the endpoint or through the app's relay. Every failure leaves here as an S3AppError.
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
  private readonly clients = new Map<Route, S3Client>();
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

  /** Sends one command, mapping every failure to an S3AppError. */
  async send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: S3Command<I, O>,
    target: CallTarget = {},
  ): Promise<O> {
    const context: ErrorContext = {
      endpoint: this.profile.endpoint,
      region: this.profile.region,
      bucket: target.bucket,
      key: target.key,
    };
    const route = target.via ?? this.routeFor(target.bucket);
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
            throw toS3AppError(relayError, context);
          }
        }
        throw toS3AppError(error, context, await probeEndpoint(this.profile.endpoint));
      }
      throw toS3AppError(error, context);
    }
  }

  private sendVia<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    route: Route,
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

  private client(route: Route): S3Client {
    let client = this.clients.get(route);
    if (!client) {
      if (route === 'relay' && !this.relayUrl) {
        throw new S3AppError(
          'relay-refused',
          'This copy of the app has no relay.',
          'Use direct mode, or run the app with its own server.',
          {
            code: 'NoRelay',
          },
        );
      }
      client = createS3Client(this.profile, this.credentials, route === 'relay' ? this.relayUrl : undefined);
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
